import { describe, expect, it } from 'vitest';
import { testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport, SIGNED_IN } from '../testing/fake-transport';
import { boardMonitor, testSite, testSnapshot } from '../testing/monitoring-fixtures';
import { AlertStore } from './alert-store';
import { askForFirstScreen } from './first-reads';
import { MonitorStore } from './monitor-store';
import { FIRST_BOARD_SCREENFUL } from '../../shared/domain/first-screen';
import { boardSnapshotQuery } from './monitoring-queries';
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

/**
 * Core with more monitors than a screenful (three, m1 down): board.snapshot answers the first of them
 * (in the board's order) at once, and the whole board only once `releaseWhole` is called.
 */
function boardWithWholeHeld() {
  const sites = [testSite('a')];
  const all = [boardMonitor('m1', 'a', { state: { status: 'down' } }), boardMonitor('m2', 'a'), boardMonitor('m3', 'a')];
  let releaseWhole = () => {};
  const wholeHeld = new Promise<void>((resolve) => (releaseWhole = resolve));
  const answerBoard = async (input: { first?: number } | undefined) => {
    if (input?.first !== undefined) return { ...testSnapshot(sites, all), monitors: all.slice(0, 1) };
    await wholeHeld;
    return testSnapshot(sites, all);
  };
  return { answerBoard, releaseWhole };
}

describe('first reads: the first screen is asked for before the console renders', () => {
  it('opening on the board asks for its first screenful first, ahead of the alert queue, and no more when that is the whole board', async () => {
    const { transport, monitors } = opened('board');
    expect(transport.calls.map((call) => call.method)).toEqual(['auth.state', 'board.snapshot', 'alerts.snapshot', 'alerts.snapshot']);
    expect(transport.callsOf('board.snapshot')).toEqual([{ first: FIRST_BOARD_SCREENFUL }]);
    // This board fits in one screenful: nothing more to ask for.
    await expect.poll(() => monitors.isComplete()).toBe(true);
    expect(transport.callsOf('board.snapshot')).toEqual([{ first: FIRST_BOARD_SCREENFUL }]);
  });

  it('fills the monitor store the board renders from', async () => {
    const { monitors } = opened('board');
    await expect.poll(() => monitors.snapshotAt()).not.toBeNull();
  });

  it('opening on another page leaves the board snapshot to the board', () => {
    const { transport } = opened('alerts');
    expect(transport.callsOf('board.snapshot')).toEqual([]);
  });

  it('shows the first screenful while the whole board is read, and reads only the whole board once it has it all', async () => {
    const { answerBoard, releaseWhole } = boardWithWholeHeld();
    const transport = new FakeTransport({ 'board.snapshot': answerBoard });
    const store = new MonitorStore();
    const queryClient = createQueryClient();
    const loading = queryClient.fetchQuery(boardSnapshotQuery(transport, store));
    await expect.poll(() => store.totalStillLoading()).toBe(3);
    expect(store.orderedIds()).toEqual(['m1']);
    releaseWhole();
    await loading;
    expect(store.isComplete()).toBe(true);

    await queryClient.refetchQueries({ queryKey: boardSnapshotQuery(transport, store).queryKey });
    expect(transport.callsOf('board.snapshot').slice(2)).toEqual([undefined]);
  });

  it('lets the console render once the first screenful is in, without waiting for the whole board', async () => {
    const { answerBoard, releaseWhole } = boardWithWholeHeld();
    const transport = new FakeTransport({ 'board.snapshot': answerBoard, 'alerts.snapshot': () => testAlertSnapshot([]) });
    const monitors = new MonitorStore();
    let settled = false;
    void askForFirstScreen('board', transport, createQueryClient(), { alerts: new AlertStore(), monitors }).then(() => (settled = true));
    // The board's rows can be clicked from here on, while the rest of the board is still on its way.
    await expect.poll(() => settled).toBe(true);
    expect(monitors.totalStillLoading()).toBe(3);
    releaseWhole();
    await expect.poll(() => monitors.isComplete()).toBe(true);
  });

  it('lets the console render once the socket has first connected, so its header tells the live alert status', async () => {
    // Answered while the socket connects, as the early answers are.
    const transport = new FakeTransport({
      'auth.state': () => SIGNED_IN,
      'board.snapshot': () => testSnapshot([testSite('a')], [boardMonitor('m1', 'a')]),
      'alerts.snapshot': () => testAlertSnapshot([]),
    });
    transport.setConnection('connecting');
    const monitors = new MonitorStore();
    let settled = false;
    void askForFirstScreen('board', transport, createQueryClient(), { alerts: new AlertStore(), monitors }).then(() => (settled = true));
    await expect.poll(() => monitors.snapshotAt()).not.toBeNull();
    await expect.poll(() => transport.callsOf('board.snapshot').length).toBe(2);
    expect(settled).toBe(false);
    transport.setConnection('connected');
    await expect.poll(() => settled).toBe(true);
  });

  it('reads the whole board over the socket as well when its one screenful was answered before the socket connected', async () => {
    const transport = new FakeTransport({ 'board.snapshot': () => testSnapshot([testSite('a')], [boardMonitor('m1', 'a')]) });
    // The early HTTP answer: nothing that changed after it reaches this page until the socket is up.
    transport.setConnection('connecting');
    const store = new MonitorStore();
    await createQueryClient().fetchQuery(boardSnapshotQuery(transport, store));
    expect(transport.callsOf('board.snapshot')).toEqual([{ first: FIRST_BOARD_SCREENFUL }, undefined]);
    expect(store.isComplete()).toBe(true);
  });
});

describe('reads of the whole board that overlap', () => {
  it('a read asked before another that answers after it does not bring back monitors the newer read no longer has', async () => {
    const sites = [testSite('a')];
    const before = [boardMonitor('m1', 'a'), boardMonitor('m2', 'a'), boardMonitor('m3', 'a')];
    let releaseOlder = () => {};
    const olderHeld = new Promise<void>((resolve) => (releaseOlder = resolve));
    let reads = 0;
    const transport = new FakeTransport({
      'board.snapshot': async () => {
        reads += 1;
        if (reads === 1) return testSnapshot(sites, before);
        // The second read is slow (its answer checked in slices while m3 is deleted); the third is not.
        if (reads === 2) {
          await olderHeld;
          return testSnapshot(sites, before);
        }
        return testSnapshot(sites, before.slice(0, 2));
      },
    });
    const store = new MonitorStore();
    const queryClient = createQueryClient();
    const { queryKey } = boardSnapshotQuery(transport, store);
    await queryClient.fetchQuery(boardSnapshotQuery(transport, store));
    // Two changes of monitors, each reading the board again, the second while the first read is still out.
    const older = queryClient.refetchQueries({ queryKey });
    await expect.poll(() => reads).toBe(2);
    await queryClient.refetchQueries({ queryKey }, { cancelRefetch: true });
    expect(store.orderedIds()).toEqual(['m1', 'm2']);
    releaseOlder();
    await older;
    await expect.poll(() => transport.callsOf('board.snapshot').length).toBe(3);
    expect(store.orderedIds()).toEqual(['m1', 'm2']);
  });
});
