import { memo, useContext, type ReactNode } from 'react';
import type { MonitorStatus } from '../../../shared/contract';
import { RowRenderObserverContext, useBoardEntry, useMonitorStore } from '../../api/monitor-store-context';
import { FlappingBadge, StatusBadge } from '../../components/StatusBadge';
import { useSharedNow } from '../../components/use-shared-now';
import { describeWhy, formatLatency, statusLabel } from '../../format/monitor-status';
import { formatUptime } from '../../format/quantities';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

/** "for 4 min": its own component, so the shared clock re-renders this text and not the row. */
function TimeInStatus({ since, status, timeZone }: { since: number; status: MonitorStatus; timeZone: TimeZoneSetting }) {
  const now = useSharedNow();
  return (
    <span title={`${statusLabel(status)} since ${formatTimestamp(since, timeZone)}`}>for {formatUptime(Math.max(0, now - since))}</span>
  );
}

export function rowElementId(monitorId: string): string {
  return `monitor-row-${monitorId}`;
}

interface MonitorRowProps {
  monitorId: string;
  selected: boolean;
  timeZone: TimeZoneSetting;
  onOpen: (monitorId: string) => void;
}

/**
 * One monitor on the board. Memoized and subscribed to its own monitor only: an event for another
 * monitor does not render it again, and when the list re-orders around it only its positioning
 * wrapper (RowSlot) moves.
 */
export const MonitorRow = memo(function MonitorRow({ monitorId, selected, timeZone, onOpen }: MonitorRowProps) {
  const entry = useBoardEntry(monitorId);
  const store = useMonitorStore();
  useContext(RowRenderObserverContext)?.(monitorId);
  if (entry === undefined) return null;
  const { state } = entry;
  const why = describeWhy(state, (id) => store.getEntry(id)?.name);
  const siteName = store.getSite(entry.siteId)?.name ?? '—';
  return (
    <div
      role="row"
      id={rowElementId(monitorId)}
      className={`monitor-row monitor-row--${state.status}${selected ? ' monitor-row--selected' : ''}`}
      aria-selected={selected}
      onClick={() => onOpen(monitorId)}
      data-testid="monitor-row"
      data-monitor-id={monitorId}
      data-status={state.status}
    >
      <div role="gridcell" className="monitor-row__status">
        <StatusBadge status={state.status} testId="monitor-status" />
        {state.flapping ? <FlappingBadge /> : null}
      </div>
      <div role="gridcell" className="monitor-row__name">
        <span className="monitor-row__title">{entry.name}</span>
        <span className="monitor-row__target mono" title={entry.target}>
          {entry.target}
        </span>
      </div>
      <div role="gridcell" className="monitor-row__site">
        {siteName}
      </div>
      <div role="gridcell" className="monitor-row__why" title={why || undefined}>
        {why || <span className="muted">—</span>}
      </div>
      {/* Latency is coloured only when it is why the monitor is degraded; a failing probe's latency means little. */}
      <div role="gridcell" className={`monitor-row__latency${state.status === 'degraded' ? ` health--${state.health}` : ''}`}>
        {formatLatency(state.lastLatencyMs)}
      </div>
      <div role="gridcell" className="monitor-row__since">
        <TimeInStatus since={state.since} status={state.status} timeZone={timeZone} />
      </div>
    </div>
  );
});

/** Where a row sits in the scrolled list: re-rendered when rows move, while the row itself is not. */
export function RowSlot({ top, height, children }: { top: number; height: number; children: ReactNode }) {
  return (
    <div role="presentation" className="row-slot" style={{ transform: `translateY(${top}px)`, height }}>
      {children}
    </div>
  );
}
