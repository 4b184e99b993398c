import { describe, expect, it } from 'vitest';
import { testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { boardMonitor, testSite, testSnapshot } from '../testing/monitoring-fixtures';
import { AlertStore } from './alert-store';
import { askForFirstScreen } from './first-reads';
import { MonitorStore } from './monitor-store';
import { createQueryClient } from './query-client';

function opened(page: 'board' | 'alerts') {
  const transport = new FakeTransport({
    'board.snapshot': () => testSnapshot([testSite('a')], [boardMonitor('m1', 'a')]),
    'alerts.snapshot': () => testAlertSnapshot([]),
  });
  const monitors = new MonitorStore();
  askForFirstScreen(page, transport, createQueryClient(), { alerts: new AlertStore(), monitors });
  return { transport, monitors };
}

describe('first reads: the first screen is asked for before the console renders', () => {
  it('opening on the board asks for the board snapshot first, ahead of the alert queue', () => {
    const { transport } = opened('board');
    expect(transport.calls.map((call) => call.method)).toEqual(['board.snapshot', 'alerts.snapshot', 'alerts.snapshot']);
  });

  it('fills the monitor store the board renders from', async () => {
    const { monitors } = opened('board');
    await expect.poll(() => monitors.snapshotAt()).not.toBeNull();
  });

  it('opening on another page leaves the board snapshot to the board', () => {
    const { transport } = opened('alerts');
    expect(transport.callsOf('board.snapshot')).toEqual([]);
  });
});
