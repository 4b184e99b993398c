import { useBackupOutcomes, useDismissBackupOutcome, type BackupOutcome } from '../../api/backup-queries';
import { useEffectiveSettings } from '../../api/queries';
import { formatClock } from '../../format/time';

/** "Backup of Nightly done: 1.2 GiB in 41 s, verified" / "Restore failed: the destination is read-only". */
function describeOutcome(outcome: Pick<BackupOutcome, 'label' | 'ok' | 'detail'>): string {
  return `${outcome.label} ${outcome.ok ? 'done' : 'failed'}: ${outcome.detail}`;
}

/** How the tasks that ended lately went, newest first, until read and dismissed. */
export function BackupOutcomes() {
  const outcomes = useBackupOutcomes();
  const dismiss = useDismissBackupOutcome();
  const { timeZone } = useEffectiveSettings();
  return (
    // Always in the page, so a screen reader hears a line added to it.
    <ul className="backup-outcomes" aria-live="polite" aria-label="Tasks that ended">
      {[...outcomes].reverse().map((outcome) => (
        <li
          key={outcome.taskId}
          className={`backup-outcome backup-outcome--${outcome.ok ? 'ok' : 'failed'}`}
          data-testid="backup-outcome"
          data-ok={outcome.ok}
        >
          <span className="backup-outcome__symbol" aria-hidden="true">
            {outcome.ok ? '✓' : '✗'}
          </span>
          <span className="backup-outcome__text">{describeOutcome(outcome)}</span>
          <span className="muted nowrap">{formatClock(outcome.receivedAt, timeZone)}</span>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => dismiss(outcome.taskId)}
            aria-label={`Dismiss: ${describeOutcome(outcome)}`}
            data-testid="backup-outcome-dismiss"
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
