import { describe, expect, it, vi } from 'vitest';
import { boardMonitor, testSite, testSnapshot, testState, T0 } from '../testing/monitoring-fixtures';
import { MonitorStore } from './monitor-store';

function loadedStore() {
  const store = new MonitorStore();
  store.load(
    testSnapshot(
      [testSite('b', { name: 'Beta' }), testSite('a', { name: 'Alpha' })],
      [
        boardMonitor('m1', 'b', { name: 'Zulu' }),
        boardMonitor('m2', 'a', { name: 'Recorder 10' }),
        boardMonitor('m3', 'a', { name: 'Recorder 9', tags: ['video'] }),
      ],
    ),
  );
  return store;
}

describe('the monitor store', () => {
  it('orders monitors by site name, then by name with numbers read as numbers', () => {
    const store = loadedStore();
    expect(store.orderedIds()).toEqual(['m3', 'm2', 'm1']);
    expect(store.siteIds()).toEqual(['a', 'b']);
    expect(store.tags()).toEqual(['video']);
    expect(store.counts().up).toBe(3);
  });

  it('tells only the changed monitor, its site and the board, once per frame however many events came', async () => {
    const store = loadedStore();
    const m1 = vi.fn();
    const m2 = vi.fn();
    const siteB = vi.fn();
    const siteA = vi.fn();
    const board = vi.fn();
    store.subscribeEntry('m1', m1);
    store.subscribeEntry('m2', m2);
    store.subscribeSite('b', siteB);
    store.subscribeSite('a', siteA);
    store.subscribe(board);
    await vi.waitFor(() => expect(board).toHaveBeenCalled());
    board.mockClear();
    siteA.mockClear();
    siteB.mockClear();
    m1.mockClear();
    m2.mockClear();

    store.applyState(testState('m1', { status: 'down', since: T0 + 1 }));
    store.applyState(testState('m1', { status: 'up', since: T0 + 2 }));
    store.applyState(testState('m1', { status: 'down', since: T0 + 3 }));
    await vi.waitFor(() => expect(board).toHaveBeenCalledTimes(1));
    expect(m1).toHaveBeenCalledTimes(1);
    expect(m2).not.toHaveBeenCalled();
    expect(siteB).toHaveBeenCalledTimes(1);
    expect(siteA).not.toHaveBeenCalled();
    expect(store.getSite('b')).toMatchObject({ worst: 'down', counts: { down: 1, up: 0 } });
    expect(store.counts()).toMatchObject({ down: 1, up: 2 });
  });

  it('ignores a state older than the one it has', () => {
    const store = loadedStore();
    store.applyState(testState('m1', { status: 'down', since: T0 + 10 }));
    store.applyState(testState('m1', { status: 'up', since: T0 + 5 }));
    expect(store.getEntry('m1')?.state.status).toBe('down');
  });

  it('applies probe results to latency and check time, never older than what it has', () => {
    const store = loadedStore();
    store.applyResults({ monitorIds: ['m1', 'm2', 'gone'], at: [T0 + 5, T0 - 5, T0], ok: [true, true, true], latencyMs: [12, 99, 1] });
    expect(store.getEntry('m1')?.state).toMatchObject({ lastCheckAt: T0 + 5, lastLatencyMs: 12 });
    expect(store.getEntry('m2')?.state).toMatchObject({ lastCheckAt: T0, lastLatencyMs: 42 });
  });

  it('keeps, across a new snapshot, a state that is newer than the snapshot', () => {
    const store = loadedStore();
    store.applyState(testState('m1', { status: 'down', since: T0 + 10 }));
    store.applyState(testState('new', { status: 'degraded', since: T0 + 10 }));
    store.load(testSnapshot([testSite('b')], [boardMonitor('m1', 'b'), boardMonitor('new', 'b')]));
    expect(store.getEntry('m1')?.state.status).toBe('down');
    expect(store.getEntry('new')?.state.status).toBe('degraded');
    expect(store.getSite('b')?.counts).toMatchObject({ down: 1, degraded: 1 });
    expect(store.getEntry('m2')).toBeUndefined();
  });

  it('holds a first screenful with the site tiles and status counts of every monitor, until the whole snapshot replaces it', () => {
    const store = new MonitorStore();
    const sites = [testSite('a'), testSite('b')];
    const monitors = [
      boardMonitor('down1', 'a', { state: { status: 'down' } }),
      boardMonitor('up1', 'a'),
      boardMonitor('up2', 'b'),
      boardMonitor('up3', 'b'),
    ];
    const whole = testSnapshot(sites, monitors);
    store.load({ ...whole, monitors: monitors.slice(0, 2) });
    expect(store.isComplete()).toBe(false);
    expect(store.totalStillLoading()).toBe(4);
    expect(store.orderedIds()).toEqual(['down1', 'up1']);
    expect(store.counts()).toMatchObject({ down: 1, up: 3 });
    expect(store.getSite('b')?.counts).toMatchObject({ up: 2 });

    store.load(whole);
    expect(store.isComplete()).toBe(true);
    expect(store.totalStillLoading()).toBeNull();
    expect(store.size).toBe(4);
    expect(store.counts()).toMatchObject({ down: 1, up: 3 });
  });

  it('keeps a state that arrived for a monitor the first screenful left out, for the whole snapshot', () => {
    const store = new MonitorStore();
    const monitors = [boardMonitor('m1', 'a'), boardMonitor('m2', 'a')];
    const whole = testSnapshot([testSite('a')], monitors);
    store.applyState(testState('m2', { status: 'down', since: T0 + 10 }));
    store.load({ ...whole, monitors: monitors.slice(0, 1) });
    expect(store.getEntry('m2')).toBeUndefined();
    store.load(whole);
    expect(store.getEntry('m2')?.state.status).toBe('down');
    expect(store.counts()).toMatchObject({ down: 1, up: 1 });
  });
});
