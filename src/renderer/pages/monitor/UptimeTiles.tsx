import type { MonitorDetail } from '../../../shared/contract';
import { formatUptimePercent } from '../../format/monitor-status';

const PERIODS = [
  { key: '24h', label: 'Last 24 h' },
  { key: '7d', label: 'Last 7 days' },
  { key: '30d', label: 'Last 30 days' },
] as const;

/** Below 99 % deserves a look; below 95 % is a problem. */
function uptimeLevel(percent: number | null): 'none' | 'ok' | 'warning' | 'critical' {
  if (percent === null) return 'none';
  return percent < 95 ? 'critical' : percent < 99 ? 'warning' : 'ok';
}

export function UptimeTiles({ uptime }: { uptime: MonitorDetail['uptime'] }) {
  return (
    <dl className="metrics uptime-tiles" aria-label="Uptime">
      {PERIODS.map(({ key, label }) => (
        <div key={key} className={`metric uptime uptime--${uptimeLevel(uptime[key])}`}>
          <dt className="metric__label">Uptime, {label.toLowerCase()}</dt>
          <dd className="metric__value" data-testid={`monitor-uptime-${key}`}>
            {formatUptimePercent(uptime[key])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
