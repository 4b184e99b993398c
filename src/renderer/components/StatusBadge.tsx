import type { MonitorStatus } from '../../shared/contract';
import { STATUS_PRESENTATION } from '../format/monitor-status';

/** A monitor status as colour, symbol and word together. */
export function StatusBadge({ status, testId, large = false }: { status: MonitorStatus; testId?: string; large?: boolean }) {
  const { label, symbol } = STATUS_PRESENTATION[status];
  return (
    <span className={`badge badge--${status}${large ? ' badge--large' : ''}`} data-testid={testId} data-status={status}>
      <span className="badge__symbol" aria-hidden="true">
        {symbol}
      </span>
      {label}
    </span>
  );
}

/** DESIGN: more than 5 changes in 10 minutes; its alerts are held until it settles. */
export function FlappingBadge() {
  return (
    <span
      className="flapping-badge"
      data-testid="flapping-badge"
      title="More than 5 status changes in 10 minutes: alerts are held until it settles"
    >
      <span aria-hidden="true">↯ </span>FLAPPING
    </span>
  );
}
