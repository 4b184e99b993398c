// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Monitor, MonitorDetail } from '../../../shared/contract';
import { useViewStore } from '../../state/view-store';
import { FakeTransport } from '../../testing/fake-transport';
import { emptySeries, testDetail, testMonitor, testState, T0 } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';

const DAY = 86_400_000;

function detailTransport(monitor: Monitor, overrides: Partial<Omit<MonitorDetail, 'monitor'>> = {}) {
  return new FakeTransport({
    'monitors.get': () => testDetail(monitor, overrides),
    'monitors.series': ({ id, range }) => ({
      ...emptySeries(id),
      range,
      t: [T0 - 120_000, T0 - 60_000],
      count: [2, 2],
      up: [2, 1],
      min: [10, 12],
      mean: [20, 30],
      max: [40, 90],
      p95: [38, 85],
    }),
  });
}

async function openDetail(transport: FakeTransport, monitorId: string) {
  renderApp({ transport, page: 'monitor', monitorId });
  return screen.findByTestId('monitor-detail-status');
}

describe("a monitor's page", () => {
  it('says the status and why, the uptimes, and the recent changes', async () => {
    const monitor = testMonitor('cam', { name: 'Gate camera' });
    const transport = detailTransport(monitor, {
      state: testState('cam', {
        status: 'unknown',
        verdict: 'down',
        cause: { kind: 'unreachable', parentId: 'uplink' },
        lastError: 'connect timeout',
      }),
      recentChanges: [
        { at: T0, from: 'up', to: 'unknown', reason: 'parent Gate uplink is down' },
        { at: T0 - 60_000, from: 'degraded', to: 'up', reason: 'answered in 80 ms' },
      ],
    });
    const status = await openDetail(transport, 'cam');
    expect(status.dataset.status).toBe('unknown');
    expect(status.textContent).toContain('Unknown');
    expect(screen.getByTestId('monitor-why').textContent).toBe('unreachable: parent uplink is down');
    expect(screen.getByTestId('monitor-last-error').textContent).toBe('connect timeout');
    expect(screen.getByTestId('monitor-uptime-24h').textContent).toBe('99.50 %');
    expect(screen.getByTestId('monitor-uptime-30d').textContent).toBe('no data');
    const rows = within(screen.getByTestId('monitor-changes')).getAllByTestId('monitor-change-row');
    expect(rows.map((row) => [row.dataset.from, row.dataset.to])).toEqual([
      ['up', 'unknown'],
      ['degraded', 'up'],
    ]);
    expect(rows[0]?.textContent).toContain('parent Gate uplink is down');
    expect(screen.getByTestId('latency-chart')).toBeTruthy();
  });

  it('reads the latency series of the chosen range', async () => {
    const transport = detailTransport(testMonitor('cam'));
    await openDetail(transport, 'cam');
    await waitFor(() => expect(transport.callsOf('monitors.series')).toEqual([{ id: 'cam', range: '1h' }]));
    fireEvent.click(screen.getByTestId('latency-range-7d'));
    await waitFor(() => expect(transport.callsOf('monitors.series').at(-1)).toEqual({ id: 'cam', range: '7d' }));
    expect(screen.getByTestId('latency-range-7d').getAttribute('aria-pressed')).toBe('true');
  });

  it('warns about a certificate that expires within 14 days, with the days left', async () => {
    const expiresAt = Date.now() + 10 * DAY + 3_600_000;
    const transport = detailTransport(testMonitor('tls'), { state: testState('tls', { certExpiresAt: expiresAt }) });
    await openDetail(transport, 'tls');
    const cert = screen.getByTestId('monitor-cert');
    expect(cert.dataset.level).toBe('warning');
    expect(cert.textContent).toContain('10 days left');
  });

  it('shows the heartbeat URL on this console', async () => {
    const monitor = testMonitor('hb', { probe: { kind: 'heartbeat', graceSeconds: 60 }, heartbeatToken: 'tok123' });
    await openDetail(detailTransport(monitor), 'hb');
    expect(screen.getByTestId('monitor-heartbeat-url').textContent).toBe(`${window.location.origin}/hb/tok123`);
  });

  it('follows monitor.state events for this monitor', async () => {
    const transport = detailTransport(testMonitor('cam'));
    await openDetail(transport, 'cam');
    transport.respond('monitors.get', () =>
      testDetail(testMonitor('cam'), { state: testState('cam', { status: 'down', since: T0 + 5_000 }) }),
    );
    act(() => transport.emit('monitor.state', testState('cam', { status: 'down', verdict: 'down', since: T0 + 5_000 })));
    await waitFor(() => expect(screen.getByTestId('monitor-detail-status').dataset.status).toBe('down'));
  });

  it('pauses and resumes', async () => {
    let paused = false;
    const transport = detailTransport(testMonitor('cam'));
    transport.respond('monitors.get', () => testDetail(testMonitor('cam', { paused })));
    transport.respond('monitors.pause', () => {
      paused = true;
      return testMonitor('cam', { paused });
    });
    await openDetail(transport, 'cam');
    fireEvent.click(screen.getByTestId('monitor-pause'));
    await screen.findByTestId('monitor-resume');
    expect(transport.callsOf('monitors.pause')).toEqual([{ id: 'cam' }]);
  });

  it('asks before deleting, naming the monitor, and says why core refused', async () => {
    const transport = detailTransport(testMonitor('uplink', { name: 'Gate uplink' }));
    transport.respond('monitors.delete', () => {
      throw new TransportError('conflict', '"Gate uplink" is the parent of "Gate camera"; give them another parent first');
    });
    await openDetail(transport, 'uplink');
    fireEvent.click(screen.getByTestId('monitor-delete'));
    const confirm = screen.getByTestId('monitor-delete-confirm');
    expect(confirm.textContent).toContain('Delete “Gate uplink”?');
    expect(transport.callsOf('monitors.delete')).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete “Gate uplink”' }));
    expect(await within(confirm).findByText(/is the parent of "Gate camera"/)).toBeTruthy();
    expect(useViewStore.getState().page).toBe('monitor');
  });

  it('sets a manual state only with a note', async () => {
    const transport = detailTransport(testMonitor('guard', { probe: { kind: 'manual' } }));
    transport.respond('monitors.setManualState', ({ id }) => testMonitor(id, { probe: { kind: 'manual' } }));
    await openDetail(transport, 'guard');
    fireEvent.click(screen.getByTestId('monitor-set-state'));
    fireEvent.click(screen.getByTestId('manual-state-down'));
    fireEvent.click(screen.getByTestId('manual-state-save'));
    const error = screen.getAllByTestId('field-error').find((element) => element.dataset.field === 'note');
    expect(error?.textContent).toContain('Say why (a note is required)');
    expect(transport.callsOf('monitors.setManualState')).toEqual([]);
    fireEvent.change(screen.getByTestId('manual-state-note'), { target: { value: 'Guard 14 missed checkpoint 3' } });
    fireEvent.click(screen.getByTestId('manual-state-save'));
    await waitFor(() =>
      expect(transport.callsOf('monitors.setManualState')).toEqual([{ id: 'guard', status: 'down', note: 'Guard 14 missed checkpoint 3' }]),
    );
  });
});
