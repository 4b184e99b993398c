import type { Incident } from '../../../shared/contract';
import { describeClock, slaClocks, type ClockPhase, type SlaClock } from '../../../shared/domain/incident-sla';
import { formatUptime } from '../../format/quantities';
import { formatHourMinute, type TimeZoneSetting } from '../../format/time';

/** Each phase in a word and a symbol too: the colour only repeats them. */
const PHASE_PRESENTATION: Record<ClockPhase, { label: string; symbol: string }> = {
  ok: { label: 'on time', symbol: '◷' },
  amber: { label: 'due soon', symbol: '▲' },
  red: { label: 'overdue', symbol: '‼' },
  met: { label: 'met', symbol: '✓' },
  missed: { label: 'missed', symbol: '✗' },
};

const CLOCK_TITLE: Record<SlaClock['kind'], string> = { respond: 'Respond', resolve: 'Resolve' };

function SlaClockTile({ clock, timeZone }: { clock: SlaClock; timeZone: TimeZoneSetting }) {
  const { label, symbol } = PHASE_PRESENTATION[clock.phase];
  return (
    <div className={`sla-clock sla-clock--${clock.phase}`} data-testid={`clock-${clock.kind}`} data-phase={clock.phase}>
      <span className="sla-clock__title">
        {CLOCK_TITLE[clock.kind]}{' '}
        <span className="sla-clock__phase">
          <span aria-hidden="true">{symbol} </span>
          {label}
        </span>
      </span>
      <span className="sla-clock__value">{describeClock(clock)}</span>
      <span className="sla-clock__due muted">due {formatHourMinute(clock.dueAt, timeZone)}</span>
    </div>
  );
}

/**
 * When the next status update is due. A P0 reminds every 15 minutes: once that passes, the
 * reminder stands out until an update is posted.
 */
function UpdateDue({
  incident,
  now,
  timeZone,
  onPostUpdate,
}: {
  incident: Incident;
  now: number;
  timeZone: TimeZoneSetting;
  onPostUpdate: (() => void) | null;
}) {
  const dueAt = incident.nextUpdateDueAt;
  if (incident.state === 'resolved') return null;
  if (dueAt === null) {
    return (
      <p className="sla-update muted" data-testid="update-next">
        No status update promised.
      </p>
    );
  }
  const overdueMs = now - dueAt;
  if (overdueMs < 0) {
    return (
      <p className="sla-update" data-testid="update-next">
        Next status update due {formatHourMinute(dueAt, timeZone)} (in {formatUptime(-overdueMs)}).
      </p>
    );
  }
  if (incident.priority !== 'P0') {
    return (
      <p className="sla-update sla-update--late" data-testid="update-next">
        Status update promised for {formatHourMinute(dueAt, timeZone)}: {formatUptime(overdueMs)} late.
      </p>
    );
  }
  return (
    <div className="sla-reminder" role="alert" data-testid="update-due">
      <strong>
        <span aria-hidden="true">‼ </span>Status update due
      </strong>
      <span>A P0 needs an update every 15 minutes; this one was due at {formatHourMinute(dueAt, timeZone)}.</span>
      {onPostUpdate !== null ? (
        <button type="button" className="button button--small button--primary" onClick={onPostUpdate}>
          Post update <kbd className="key">u</kbd>
        </button>
      ) : null}
    </div>
  );
}

/** The respond and resolve clocks, counting down beside the checklist, and the next update due. */
export function SlaPanel({
  incident,
  now,
  timeZone,
  onPostUpdate,
}: {
  incident: Incident;
  now: number;
  timeZone: TimeZoneSetting;
  onPostUpdate: (() => void) | null;
}) {
  const clocks = slaClocks(incident, now);
  return (
    <section className="sla-panel" aria-label="Service level clocks">
      <SlaClockTile clock={clocks.respond} timeZone={timeZone} />
      <SlaClockTile clock={clocks.resolve} timeZone={timeZone} />
      <UpdateDue incident={incident} now={now} timeZone={timeZone} onPostUpdate={onPostUpdate} />
    </section>
  );
}
