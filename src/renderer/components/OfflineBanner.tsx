import { useBackendState, useEffectiveSettings } from '../api/queries';
import { formatClock } from '../format/time';
import { formatMinute } from './BackendIndicator';

/**
 * While the hub is unreachable, every page says so and how old its data is: an operator must
 * never take a quiet board for a quiet site. Not dismissible; it goes when the hub is back.
 */
export function OfflineBanner() {
  const link = useBackendState().data?.link;
  const { timeZone } = useEffectiveSettings();
  if (link?.state !== 'offline') return null;
  const asOf = link.dataAsOf === null ? 'data as of an unknown time' : `data as of ${formatClock(link.dataAsOf, timeZone)}`;
  return (
    <section className="notices" aria-label="Offline">
      <div className="notice notice--critical" role="alert" data-testid="offline-banner">
        <div className="notice__text">
          <strong className="notice__title">
            Offline: hub unreachable since {formatMinute(link.since, timeZone)}, {asOf}; new alarms are not seen while offline
          </strong>
          <p className="notice__detail">{link.reason}</p>
        </div>
      </div>
    </section>
  );
}
