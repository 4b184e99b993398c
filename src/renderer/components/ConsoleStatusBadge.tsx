import type { ConsoleStatus } from '../../shared/contract';
import { useConsoleStatus } from '../api/alert-store-context';
import { useBackendState } from '../api/queries';
import { useConnection } from '../api/connection';
import { STATUS_SYMBOL, STATUS_WORD } from '../format/console-status';
import { useViewStore } from '../state/view-store';

/** The overall status as the console may show it: the last one core sent is stale once core cannot be reached. */
export interface ShownConsoleStatus {
  /** The status now; null when it is not known (before the first answer, or while core is unreachable). */
  status: ConsoleStatus | null;
  /** The last status core sent, said beside "unknown" while core is unreachable; null otherwise. */
  lastKnown: ConsoleStatus | null;
}

export function useShownConsoleStatus(): ShownConsoleStatus {
  const status = useConsoleStatus();
  const { state } = useConnection();
  const link = useBackendState().data?.link;
  // A console on a hub knows what the hub last sent: while it cannot hear the hub, alerts may be firing there.
  const hubHeard = link === undefined || link.state === 'embedded' || link.state === 'connected';
  // Nothing changes while core is away, so an OK kept on screen would be a lie: alerts may be firing.
  return state === 'connected' && hubHeard ? { status, lastKnown: null } : { status: null, lastKnown: status };
}

/** "● CRITICAL · " before the window title, so a taskbar or a window switcher shows it too; "○ Status unknown (was CRITICAL) · " while core is unreachable. */
export function consoleStatusTitlePrefix({ status, lastKnown }: ShownConsoleStatus): string {
  if (status !== null) return `${STATUS_SYMBOL[status]} ${STATUS_WORD[status]} · `;
  return lastKnown === null ? '' : `○ Status unknown (was ${STATUS_WORD[lastKnown]}) · `;
}

/** The console's overall status, always in the header; a click opens the alert queue. */
export function ConsoleStatusBadge() {
  const { status, lastKnown } = useShownConsoleStatus();
  const showPage = useViewStore((state) => state.showPage);
  return (
    <button
      type="button"
      className={`console-status console-status--${status ?? 'unknown'}`}
      onClick={() => showPage('alerts')}
      data-testid="console-status"
      data-status={status ?? 'unknown'}
      title={
        lastKnown === null
          ? 'Overall alert status: open the alert queue'
          : 'Core or its hub cannot be reached: the status shown last may have changed since. Open the alert queue'
      }
    >
      <span aria-hidden="true">{status === null ? '○' : STATUS_SYMBOL[status]} </span>
      {status === null ? 'Status unknown' : STATUS_WORD[status]}
      {lastKnown === null ? null : <span className="console-status__stale"> · was {STATUS_WORD[lastKnown]}</span>}
    </button>
  );
}
