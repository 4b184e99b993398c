import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { FakeTargets } from '../../../../test/support/fake-targets';
import type { ProbeConfig } from '../../../shared/contract/monitors';
import { TimedRuns, WITHDRAWN_OUTCOME, type TimedRun } from './timed-runs';
import type { ProbeOutcome } from './types';

function setup(limits = { maxInFlight: 256, maxInFlightPerHost: 8 }) {
  const clock = new FakeClock();
  const targets = new FakeTargets(clock);
  const replies: { id: number; outcome: ProbeOutcome; at: number }[] = [];
  const runs = new TimedRuns({
    clock,
    monotonicNow: () => clock.now(),
    timers: clock,
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
  return { clock, targets, runs, replies, hand };
}

describe('runs handed ahead to the probe thread', () => {
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
});
