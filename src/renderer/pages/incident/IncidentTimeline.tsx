import type { IncidentEvent } from '../../../shared/contract';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { EVENT_KIND_LABEL } from '../../format/incident';

/** Everything that happened, oldest first, so it reads as the story it is: who did what, and when. */
export function IncidentTimeline({ events, timeZone }: { events: readonly IncidentEvent[]; timeZone: TimeZoneSetting }) {
  // Stable: events at the same millisecond keep the order core wrote them in.
  const ordered = events.map((event, index) => ({ event, index })).sort((a, b) => a.event.at - b.event.at || a.index - b.index);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h3 className="panel__title" id="timeline-title">
        Timeline
      </h3>
      {ordered.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="incident-timeline" data-testid="incident-timeline">
          {ordered.map(({ event, index }) => (
            <li key={index} className={`timeline-entry timeline-entry--${event.kind}`} data-testid="timeline-entry" data-kind={event.kind}>
              <time className="timeline-entry__time muted" dateTime={new Date(event.at).toISOString()}>
                {formatTimestamp(event.at, timeZone)}
              </time>
              <span className="timeline-entry__kind">{EVENT_KIND_LABEL[event.kind]}</span>
              <span className="timeline-entry__actor">{event.actor}</span>
              <span className="timeline-entry__detail">{event.detail}</span>
              {event.pendingSync ? (
                <span className="badge badge--compact badge--pending" data-testid="pending-sync">
                  <span aria-hidden="true">⟳ </span>pending sync
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
