import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { FakeTargets } from '../../../../test/support/fake-targets';
import type { ProbeConfig } from '../../../shared/contract/monitors';
import { TimedRuns, WITHDRAWN_OUTCOME, type TimedRun } from './timed-runs';
import type { ProbeOutcome } from './types';

function setup(limits = { maxInFlight: 256, maxInFlightPerHost: 8 }, timerGrainMs = 0) {
  const clock = new FakeClock();
  /** Every timer TimedRuns armed, with its delay. */
  const armed: number[] = [];
  // How far this thread's monotonic clock reads ahead of the time the timers count from.
  const skew = { ms: 0 };
  const targets = new FakeTargets(clock);
  const replies: { id: number; outcome: ProbeOutcome; at: number }[] = [];
  const runs = new TimedRuns({
    clock,
    monotonicNow: () => clock.now() + skew.ms,
    timers: {
      after: (ms, fn) => {
        armed.push(ms);
        return clock.after(ms, fn);
      },
    },
    timerGrainMs,
    runProbe: targets.runner,
    hostOf: (config) => (config.kind === 'tcp' ? config.host : null),
    limits,
    reply: (id, outcome) => replies.push({ id, outcome, at: clock.now() }),
  });
  let nextId = 1;
  const hand = (target: string, startAt: number, timeoutMs = 5_000): TimedRun => {
    const [host = '', port = '0'] = target.split(':');
    const config: ProbeConfig = { kind: 'tcp', host, port: Number(port) };
    const run = { id: nextId++, config, timeoutMs, fresh: false, startInMs: startAt - clock.now() };
    runs.add([run]);
    return run;
  };
  const tcpRun = (target: string, startInMs: number): TimedRun => {
    const [host = '', port = '0'] = target.split(':');
    return { id: nextId++, config: { kind: 'tcp', host, port: Number(port) }, timeoutMs: 5_000, fresh: false, startInMs };
  };
  return { clock, targets, runs, replies, hand, tcpRun, skew, armed };
}

describe('runs handed ahead to the probe thread', () => {
  it("waits out a timer that fires early (Node counts from its loop's cached time): the run starts at its time, never before", async () => {
    const { clock, targets, replies, runs, tcpRun, skew, armed } = setup();
    targets.answer('10.0.0.1:80', 5);
    const t0 = clock.now();
    // Handed over 0.7 ms after the loop's cached time: due at t0 + 5.7 on the monotonic clock, the timer set for t0 + 5.
    skew.ms = 0.7;
    runs.add([tcpRun('10.0.0.1:80', 5)]);
    skew.ms = 0;
    await clock.advanceAsync(5, 1);
    expect(targets.startsOf('10.0.0.1:80')).toEqual([]);
    await clock.advanceAsync(20, 1);
    expect(targets.startsOf('10.0.0.1:80').map((at) => at - t0)).toEqual([6]);
    expect(replies[0]?.outcome.startLateByMs).toBeCloseTo(0.3, 3);
    // The start timer, one more for the rest, the run's deadline.
    expect(armed).toEqual([5, 1, 5_000]);
  });

  it("arms a start timer the timers' grain past the run's time, so a timer counted from a stale loop time needs no second one", async () => {
    const { clock, targets, replies, runs, tcpRun, skew, armed } = setup(undefined, 1);
    targets.answer('10.0.0.1:80', 5);
    const t0 = clock.now();
    // As above, 0.7 ms behind: with Node's 1 ms grain the timer is set for t0 + 6, past the run's t0 + 5.7.
    skew.ms = 0.7;
    runs.add([tcpRun('10.0.0.1:80', 5)]);
    skew.ms = 0;
    await clock.advanceAsync(20, 1);
    expect(targets.startsOf('10.0.0.1:80').map((at) => at - t0)).toEqual([6]);
    expect(replies[0]?.outcome.startLateByMs).toBeCloseTo(0.3, 3);
    // One start timer and the run's deadline: no timer to wait out the rest.
    expect(armed).toEqual([6, 5_000]);
  });

  it('starts each run at its planned time, not when it was handed over, and says how late it started', async () => {
    const { clock, targets, replies, hand } = setup();
    targets.answer('10.0.0.1:80', 20);
    const t0 = clock.now();
    hand('10.0.0.1:80', t0 + 40);
    hand('10.0.0.1:80', t0 + 90);
    await clock.advanceAsync(200, 1);
    expect(targets.startsOf('10.0.0.1:80').map((at) => at - t0)).toEqual([40, 90]);
    expect(replies.map((r) => r.outcome)).toEqual([
      { ok: true, latencyMs: 20, error: null, startLateByMs: 0 },
      { ok: true, latencyMs: 20, error: null, startLateByMs: 0 },
    ]);
    // Handed over after its time (the engine's thread was held): started at once, and the lateness is told.
    hand('10.0.0.1:80', clock.now() - 7);
    await clock.advanceAsync(100, 1);
    expect(replies[2]?.outcome.startLateByMs).toBe(7);
  });

  it('keeps the per-host cap where the connections are: the ninth run to one host waits for a slot, in order', async () => {
    const { clock, targets, replies, hand } = setup();
    targets.answer('10.0.0.1:80', 50);
    targets.answer('10.0.0.2:80', 50);
    const t0 = clock.now();
    const sameHost = Array.from({ length: 10 }, () => hand('10.0.0.1:80', t0 + 10));
    hand('10.0.0.2:80', t0 + 10);
    await clock.advanceAsync(11, 1);
    // Eight to the first host at once, and the other host is not held up by its queue.
    expect(targets.startsOf('10.0.0.1:80')).toHaveLength(8);
    expect(targets.startsOf('10.0.0.2:80')).toHaveLength(1);
    await clock.advanceAsync(200, 1);
    expect(targets.startsOf('10.0.0.1:80').map((at) => at - t0)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 60, 60]);
    expect(replies.filter((r) => r.id <= 10).map((r) => r.id)).toEqual(sameHost.map((run) => run.id));
    // The two that waited for a slot started 50 ms after their plan: that is their lateness.
    expect(replies.slice(-2).map((r) => r.outcome.startLateByMs)).toEqual([50, 50]);
  });

  it('times a run out at its deadline, counted from its start rather than from when it was handed over', async () => {
    const { clock, targets, replies, hand } = setup();
    targets.hang('10.0.0.3:80');
    const t0 = clock.now();
    hand('10.0.0.3:80', t0 + 80, 1_000);
    await clock.advanceAsync(1_079, 1);
    expect(replies).toEqual([]);
    await clock.advanceAsync(2, 1);
    expect(replies).toEqual([
      { id: 1, outcome: { ok: false, latencyMs: null, error: 'timed out after 1000 ms', startLateByMs: 0 }, at: t0 + 1_080 },
    ]);
  });

  it('answers a run withdrawn before its start once, without probing; a running one ends as timed out', async () => {
    const { clock, targets, runs, replies, hand } = setup();
    targets.hang('10.0.0.4:80');
    const t0 = clock.now();
    const waiting = hand('10.0.0.4:80', t0 + 50);
    const started = hand('10.0.0.4:80', t0 + 10);
    await clock.advanceAsync(20, 1);
    runs.abort(waiting.id);
    runs.abort(started.id);
    runs.abort(waiting.id);
    await clock.advanceAsync(10_000, 100);
    expect(targets.startsOf('10.0.0.4:80').map((at) => at - t0)).toEqual([10]);
    expect(replies.map((r) => [r.id, r.outcome])).toEqual([
      [waiting.id, WITHDRAWN_OUTCOME],
      [started.id, { ok: false, latencyMs: null, error: 'timed out after 5000 ms', startLateByMs: 0 }],
    ]);
  });

  it('takes 10,000 runs due at once to one slow host, and withdraws them all, without a stall of the probe thread', async () => {
    const { clock, targets, runs, replies } = setup();
    targets.hang('10.0.0.5:80');
    const config: ProbeConfig = { kind: 'tcp', host: '10.0.0.5', port: 80 };
    const handed = Array.from({ length: 10_000 }, (_, index) => ({ id: index + 1, config, timeoutMs: 5_000, fresh: false, startInMs: -1 }));
    let startedAt = performance.now();
    runs.add(handed);
    const addMs = performance.now() - startedAt;
    // Eight start (the per-host cap), the rest wait.
    expect(targets.startsOf('10.0.0.5:80')).toHaveLength(8);
    startedAt = performance.now();
    for (const run of handed) runs.abort(run.id);
    const withdrawMs = performance.now() - startedAt;
    // Each was a scan of everything waiting: 330 ms to add them and 570 ms to withdraw them.
    expect(addMs).toBeLessThan(100);
    expect(withdrawMs).toBeLessThan(100);
    await clock.advanceAsync(10, 1);
    // Every waiting one answered once as withdrawn, the eight running ones end as timed out, and no withdrawn run starts.
    expect(replies.filter((r) => r.outcome === WITHDRAWN_OUTCOME)).toHaveLength(9_992);
    expect(replies).toHaveLength(10_000);
    expect(targets.startsOf('10.0.0.5:80')).toHaveLength(8);
  });

  it('starts the runs waiting for a slot in order as slots free, skipping those withdrawn meanwhile', async () => {
    const { clock, targets, runs, replies, hand } = setup({ maxInFlight: 256, maxInFlightPerHost: 2 });
    targets.answer('10.0.0.6:80', 50);
    const t0 = clock.now();
    const handed = Array.from({ length: 6 }, () => hand('10.0.0.6:80', t0));
    runs.abort(handed[2]?.id ?? 0);
    runs.abort(handed[3]?.id ?? 0);
    await clock.advanceAsync(200, 1);
    expect(targets.startsOf('10.0.0.6:80').map((at) => at - t0)).toEqual([0, 0, 50, 50]);
    expect(replies.filter((r) => r.outcome !== WITHDRAWN_OUTCOME).map((r) => r.id)).toEqual([1, 2, 5, 6]);
  });

  it('starts runs with distinct delays in order, each at its time and not before', async () => {
    const { clock, targets, runs, replies, tcpRun } = setup();
    const delays = [37, 5, 12, 90, 6, 61, 13, 44, 7, 28];
    for (const [index] of delays.entries()) targets.answer(`10.0.1.${index}:80`, 20);
    const t0 = clock.now();
    const handed = delays.map((delay, index) => tcpRun(`10.0.1.${index}:80`, delay));
    runs.add(handed);
    // A later message with an earlier run: it is not kept waiting for the earlier message's first.
    const early = tcpRun('10.0.1.99:80', 2);
    targets.answer('10.0.1.99:80', 20);
    runs.add([early]);
    for (let elapsed = 0; elapsed < 100; elapsed += 1) {
      await clock.advanceAsync(1, 1);
      // Nothing starts before its time: at every ms, exactly the runs due by then have started.
      const dueByNow = [...delays, 2].filter((delay) => delay <= clock.now() - t0).length;
      expect(targets.started).toHaveLength(dueByNow);
    }
    expect(targets.started.map((start) => start.at - t0)).toEqual([2, ...[...delays].sort((a, b) => a - b)]);
    await clock.advanceAsync(20, 1);
    expect(replies.map((reply) => reply.outcome.startLateByMs)).toEqual(Array<number>(11).fill(0));
  });

  it('neither starts a withdrawn earliest run nor delays the next one behind it', async () => {
    const { clock, targets, runs, replies, tcpRun } = setup();
    targets.answer('10.0.2.1:80', 20);
    const t0 = clock.now();
    const [earliest, next, last] = [tcpRun('10.0.2.1:80', 10), tcpRun('10.0.2.1:80', 11), tcpRun('10.0.2.1:80', 40)];
    if (!earliest || !next || !last) throw new Error('three runs');
    runs.add([earliest, next, last]);
    runs.abort(earliest.id);
    await clock.advanceAsync(100, 1);
    expect(targets.startsOf('10.0.2.1:80').map((at) => at - t0)).toEqual([11, 40]);
    expect(replies.map((reply) => [reply.id, reply.outcome.startLateByMs])).toEqual([
      [earliest.id, undefined],
      [next.id, 0],
      [last.id, 0],
    ]);
  });
});
