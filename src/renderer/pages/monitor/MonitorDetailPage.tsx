import { useEffect } from 'react';
import type { Monitor, MonitorState } from '../../../shared/contract';
import { isTyping } from '../../keyboard/is-typing';
import { useBoardEntry } from '../../api/monitor-store-context';
import { useBoardSnapshot, useMonitorDetail } from '../../api/monitoring-queries';
import { useEffectiveSettings } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { describeProbe, PROBE_KIND_LABEL } from '../../format/probe';
import { useViewStore } from '../../state/view-store';
import { isTransportError } from '../../transport/transport';
import { LatencyPanel } from './LatencyPanel';
import { MonitorActions } from './MonitorActions';
import { StateChanges } from './StateChanges';
import { StatusPanel } from './StatusPanel';
import { UptimeTiles } from './UptimeTiles';
import './monitor.css';

/** Escape goes back to the board, where the cursor is still on this monitor. */
function useEscapeToBoard(): void {
  const showPage = useViewStore((state) => state.showPage);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event.target)) return;
      showPage('board');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [showPage]);
}

function BackToBoard() {
  const showPage = useViewStore((state) => state.showPage);
  return (
    <button type="button" className="button button--quiet back-link" onClick={() => showPage('board')} data-testid="back-to-board">
      <span aria-hidden="true">← </span>Board <kbd className="key">Esc</kbd>
    </button>
  );
}

/** The board's live state when it is at least as new as the one monitors.get returned. */
function newestState(fetched: MonitorState, live: MonitorState | undefined): MonitorState {
  if (live === undefined) return fetched;
  if (live.since !== fetched.since) return live.since > fetched.since ? live : fetched;
  return (live.lastCheckAt ?? 0) >= (fetched.lastCheckAt ?? 0) ? live : fetched;
}

/** How the monitor is judged, in one line: what an operator checks before blaming the device. */
function ProbeSettings({ monitor }: { monitor: Monitor }) {
  const parent = useBoardEntry(monitor.parentId ?? '');
  const { probe } = monitor;
  if (probe.kind === 'manual') return null;
  const parts =
    probe.kind === 'heartbeat'
      ? [`expects a beat every ${monitor.intervalSeconds} s, ${probe.graceSeconds} s grace`]
      : [
          `every ${monitor.intervalSeconds} s`,
          `timeout ${monitor.timeoutSeconds} s`,
          `down after ${monitor.failuresToDown} failure${monitor.failuresToDown === 1 ? '' : 's'}`,
          `degraded above ${monitor.warnLatencyMs} ms`,
        ];
  if (monitor.parentId !== null) parts.push(`parent: ${parent?.name ?? monitor.parentId}`);
  return (
    <p className="monitor-settings muted" data-testid="monitor-settings">
      {parts.join(' · ')}
    </p>
  );
}

function MonitorDetailView({ monitorId }: { monitorId: string }) {
  const detail = useMonitorDetail(monitorId);
  const live = useBoardEntry(monitorId)?.state;
  const { timeZone } = useEffectiveSettings();

  if (detail.isPending) {
    return (
      <p className="loading" role="status">
        Reading the monitor…
      </p>
    );
  }
  if (detail.isError) {
    const gone = isTransportError(detail.error) && detail.error.code === 'not_found';
    return (
      <Problem title={gone ? 'This monitor no longer exists' : 'Could not read this monitor'} testId="monitor-error">
        {detail.error.message}
      </Problem>
    );
  }
  const { monitor, site, uptime, recentChanges } = detail.data;
  const state = newestState(detail.data.state, live);
  return (
    <>
      <PageHeading id="monitor-title" title={monitor.name} />
      <p className="monitor-subtitle">
        <span>{site.name}</span> · <span>{PROBE_KIND_LABEL[monitor.probe.kind]}</span> ·{' '}
        <span className="mono">{describeProbe(monitor.probe)}</span>
        {monitor.role === 'console-uplink' ? <span className="tag">console uplink</span> : null}
        {monitor.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </p>
      <ProbeSettings monitor={monitor} />
      <MonitorActions monitor={monitor} site={site} />
      <StatusPanel monitor={monitor} state={state} timeZone={timeZone} />
      <UptimeTiles uptime={uptime} />
      {/* Heartbeat and manual monitors measure no latency: their chart would always be empty. */}
      {monitor.probe.kind === 'heartbeat' || monitor.probe.kind === 'manual' ? null : <LatencyPanel monitorId={monitor.id} />}
      <StateChanges changes={recentChanges} timeZone={timeZone} />
    </>
  );
}

export function MonitorDetailPage() {
  const monitorId = useViewStore((state) => state.monitorId);
  useEscapeToBoard();
  // Parents are named from the board's store, which a reloaded monitor page has not read yet.
  useBoardSnapshot();
  return (
    <section
      className="monitor-detail"
      aria-labelledby="monitor-title"
      data-testid="monitor-detail"
      data-monitor-id={monitorId ?? undefined}
    >
      <BackToBoard />
      {monitorId === null ? (
        <Problem title="No monitor chosen">Pick one on the board.</Problem>
      ) : (
        <MonitorDetailView key={monitorId} monitorId={monitorId} />
      )}
    </section>
  );
}
