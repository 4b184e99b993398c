import { afterEach, describe, expect, it, vi } from 'vitest';
import { testAlert } from '../testing/alert-fixtures';
import { boardMonitor, testSite, testSnapshot, testState, T0 } from '../testing/monitoring-fixtures';
import { AlertStore } from './alert-store';
import { afterNextPaint } from './frame-batch';
import { MonitorStore } from './monitor-store';

afterEach(() => vi.useRealTimers());

describe('one flush per frame for the console’s stores', () => {
  it('tells a row, the board and the alert subscribers in the same frame, once, however many events came', () => {
    vi.useFakeTimers();
    const monitors = new MonitorStore();
    monitors.load(testSnapshot([testSite('a')], [boardMonitor('m1', 'a'), boardMonitor('m2', 'a')]));
    const alerts = new AlertStore();
    const told: string[] = [];
    monitors.subscribeEntry('m1', () => told.push('row m1'));
    monitors.subscribeEntry('m2', () => told.push('row m2'));
    monitors.subscribe(() => told.push('board'));
    alerts.subscribeAlert('a1', () => told.push('alert a1'));
    alerts.subscribe(() => told.push('alerts'));
    vi.advanceTimersByTime(100);
    told.length = 0;

    monitors.applyState(testState('m1', { status: 'down', since: T0 + 1 }));
    alerts.applyChanges({ alerts: [testAlert('a1')], removed: [], status: 'critical', storms: [] });
    monitors.applyState(testState('m1', { status: 'degraded', since: T0 + 2 }));
    alerts.applyChanges({ alerts: [testAlert('a1', { count: 2 })], removed: [], status: 'critical', storms: [] });
    expect(told).toEqual([]);
    // One frame asked for, for both stores: what they notify renders in one commit.
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(100);
    expect([...told].sort()).toEqual(['alert a1', 'alerts', 'board', 'row m1']);
    expect(monitors.getEntry('m1')?.state.status).toBe('degraded');
    expect(alerts.getAlert('a1')?.count).toBe(2);
  });
});

describe('after the next paint', () => {
  it('resolves only once the next frame (a frame’s time where there are no frames) and the task after it have run', async () => {
    vi.useFakeTimers();
    let painted = false;
    void afterNextPaint().then(() => (painted = true));
    await vi.advanceTimersByTimeAsync(15);
    expect(painted).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(painted).toBe(true);
  });
});
