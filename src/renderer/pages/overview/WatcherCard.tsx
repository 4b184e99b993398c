import type { WatcherStatus } from '../../../shared/contract';
import { useWatcherStatus } from '../../api/watcher-queries';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

function heartbeatLine({ heartbeat }: WatcherStatus, timeZone: TimeZoneSetting): string {
  if (heartbeat.target === null) return 'No heartbeat URL: nobody outside hears if this console stops. An admin can set one in Settings.';
  const last =
    heartbeat.lastSuccessAt === null ? 'no call has succeeded yet' : `last answered ${formatTimestamp(heartbeat.lastSuccessAt, timeZone)}`;
  return `Calls ${heartbeat.target} every minute; ${last}.`;
}

/** Whether the outside world hears from this console (issue 16): the heartbeat and the daily alive summary. */
export function WatcherCard({ timeZone }: { timeZone: TimeZoneSetting }) {
  const status = useWatcherStatus();
  if (!status.data) return null;
  const { heartbeat, aliveSummary, aliveSummaryPlan } = status.data;
  const failing = heartbeat.failuresInRow > 0;
  return (
    <section className="overview-watcher" data-testid="overview-watcher" data-failing={failing}>
      <h3>Heartbeat</h3>
      <p>{heartbeatLine(status.data, timeZone)}</p>
      {heartbeat.lastError ? (
        <p className={failing ? 'problem' : 'muted'} data-testid="overview-watcher-error">
          {failing ? `Failing (${heartbeat.failuresInRow} in a row): ` : 'Last error: '}
          {heartbeat.lastError.detail} at {formatTimestamp(heartbeat.lastError.at, timeZone)}
        </p>
      ) : null}
      <p className="muted">
        {aliveSummaryPlan
          ? `Daily alive summary at ${aliveSummaryPlan.time} to ${aliveSummaryPlan.channelName}` +
            (aliveSummary.lastOutcome
              ? `; last ${aliveSummary.lastSentDay ?? ''}: ${aliveSummary.lastOutcome.stage} (${aliveSummary.lastOutcome.detail})`
              : '')
          : 'No daily alive summary.'}
      </p>
    </section>
  );
}
