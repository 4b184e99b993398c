import { describe, expect, it } from 'vitest';
import { formatDuration, heartbeatProbe } from './heartbeat';
import type { MonitorRunState, ProbeContext } from './types';

const createdAt = Date.UTC(2026, 10, 23, 8, 0, 0);
const config = { kind: 'heartbeat' as const, graceSeconds: 60 };

/** The engine's view at `now`: no real clock, no real signal needed. */
function at(now: number, monitor: Partial<MonitorRunState> = {}): ProbeContext {
  return {
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    now: () => now,
    monitor: { id: 'm-1', intervalMs: 60_000, lastBeatAt: null, createdAt, listeningSince: createdAt, ...monitor },
  };
}

describe('heartbeat probe', () => {
  it('is up while the last beat is within interval + grace', async () => {
    const lastBeatAt = createdAt + 600_000;
    expect(await heartbeatProbe.run(config, at(lastBeatAt + 120_000, { lastBeatAt }))).toEqual({ ok: true, latencyMs: null, error: null });
  });

  it('is down once interval + grace has passed, saying how long it has been silent', async () => {
    const lastBeatAt = createdAt + 600_000;
    const outcome = await heartbeatProbe.run(config, at(lastBeatAt + 250_000, { lastBeatAt }));
    expect(outcome).toEqual({ ok: false, latencyMs: null, error: 'no heartbeat for 4 min 10 s (expected every 1 min + 1 min grace)' });
  });

  it('is unknown, not up, until the first beat, and measures from the monitor creation', async () => {
    expect(await heartbeatProbe.run(config, at(createdAt + 90_000))).toEqual({
      ok: false,
      latencyMs: null,
      indeterminate: true,
      error: 'waiting for the first heartbeat (due within 30 s)',
    });
    expect(await heartbeatProbe.run(config, at(createdAt + 3 * 3_600_000))).toMatchObject({
      ok: false,
      error: 'no heartbeat received yet, 3 h since the monitor was created (expected every 1 min + 1 min grace)',
    });
  });

  it('after a restart, keeps the verdict through the allowance counted from the start, then is down measured from the last beat', async () => {
    const lastBeatAt = createdAt - 3_600_000;
    const restart = { createdAt: createdAt - 86_400_000, listeningSince: createdAt };
    expect(await heartbeatProbe.run(config, at(createdAt + 120_000, { ...restart, lastBeatAt }))).toMatchObject({ keepsVerdict: true });
    expect(await heartbeatProbe.run(config, at(createdAt + 121_000, { ...restart, lastBeatAt }))).toEqual({
      ok: false,
      latencyMs: null,
      error: 'no heartbeat for 1 h 2 min (expected every 1 min + 1 min grace)',
    });
  });

  // A walk-through restarted core under a device that had never beaten: its missed-beat alert, claimed
  // and linked to an incident, was resolved as "the condition cleared" and raised again with no owner.
  it('after a restart, keeps the verdict of a device that never beat too, then is down counted from the start', async () => {
    const restart = { createdAt: createdAt - 28 * 60_000, listeningSince: createdAt };
    expect(await heartbeatProbe.run(config, at(createdAt + 1_000, restart))).toMatchObject({
      keepsVerdict: true,
      error: 'no heartbeat heard since the console started; none had come before',
    });
    expect(await heartbeatProbe.run(config, at(createdAt + 120_000, restart))).toMatchObject({ keepsVerdict: true });
    expect(await heartbeatProbe.run(config, at(createdAt + 121_000, restart))).toEqual({
      ok: false,
      latencyMs: null,
      error: 'no heartbeat received yet, none in the 2 min 1 s since the console started (expected every 1 min + 1 min grace)',
    });
  });

  it('cannot tell without the engine state, which leaves the monitor unknown rather than down', async () => {
    const outcome = await heartbeatProbe.run(config, { signal: new AbortController().signal, timeoutMs: 1_000, now: () => createdAt });
    expect(outcome).toMatchObject({ ok: false, indeterminate: true, error: 'heartbeat state was not provided by the engine' });
  });

  it('has no host to connect to', () => {
    expect(heartbeatProbe.targetHost(config)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [60_000, '1 min'],
    [250_000, '4 min 10 s'],
    [7_500_000, '2 h 5 min'],
    [7_200_000, '2 h'],
    [273_600_000, '3 d 4 h'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
