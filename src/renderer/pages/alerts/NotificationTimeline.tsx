import type { NotificationOutcome, NotificationStage } from '../../../shared/contract';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

const STAGE_LABEL: Record<NotificationStage, string> = {
  retrying: 'RETRY',
  sent: 'SENT',
  delivered: 'DELIVERED',
  failed: 'FAILED',
  held: 'HELD',
  dropped: 'DROPPED',
};

/** Badge colours: held and dropped were decided here on purpose (quiet hours, rate limit), not a channel's failure. */
const STAGE_BADGE: Record<NotificationStage, string> = {
  retrying: 'badge--medium',
  sent: 'badge--ok',
  delivered: 'badge--ok',
  failed: 'badge--error',
  held: 'badge--paused',
  dropped: 'badge--paused',
};

/** "(503 upstream busy)": what the channel itself answered, when it answered over HTTP. */
function channelAnswer({ status, answer }: NotificationOutcome): string | null {
  const said = [status === null ? null : String(status), answer].filter((part) => part !== null).join(' ');
  return said === '' ? null : `(${said})`;
}

/**
 * Every step of every notification of an alert, oldest first, so each reads as a story:
 * "RETRY PagerDuty … attempt 1 of 3: HTTP 503 …", then "DELIVERED PagerDuty … (202)".
 */
export function NotificationTimeline({ outcomes, timeZone }: { outcomes: readonly NotificationOutcome[]; timeZone: TimeZoneSetting }) {
  if (outcomes.length === 0) return <p className="muted">No notification sent yet.</p>;
  const oldestFirst = [...outcomes].reverse();
  return (
    <ol className="alert-detail__list" data-testid="alert-notifications">
      {oldestFirst.map((outcome, index) => {
        const answered = channelAnswer(outcome);
        return (
          <li
            key={`${outcome.channelId}-${outcome.at}-${index}`}
            className={outcome.stage === 'failed' ? 'alert-detail__failed' : ''}
            data-stage={outcome.stage}
            data-testid="alert-notification"
          >
            <span className={`badge badge--outcome ${STAGE_BADGE[outcome.stage]}`}>{STAGE_LABEL[outcome.stage]}</span>{' '}
            <strong>{outcome.channelName}</strong> <span className="muted">{formatTimestamp(outcome.at, timeZone)}</span>
            {answered ? <span data-testid="alert-notification-answer"> {answered}</span> : null}
            {outcome.detail ? <div className="alert-detail__note">{outcome.detail}</div> : null}
          </li>
        );
      })}
    </ol>
  );
}
