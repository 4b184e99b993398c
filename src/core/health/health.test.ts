import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUIET_HEALTH_PORTS, scriptedEventLoop, startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AppHealth, HealthHistory } from '../../shared/contract';
import { FakeClock } from '../../../test/support/fake-clock';
import { openDatabase, type OpenedDatabase } from '../db';
import { createHealthChecks, type HealthChecks, type MinuteReadings } from './checks';
import { createHealthMonitor, HEALTH_CHECK_EVERY_MS, HEALTH_SAMPLE_EVERY_MS, HEALTH_SAMPLES_KEPT, measuredEventLoopDelay } from './health';

const tempDir = useTempDirs();

describe('the health history core keeps for the Overview charts', () => {
  it('records a reading every 10 s from the start and answers with the last hour, oldest first', async () => {
    const { core, call, clock } = startTestCore(tempDir());
    const startedAt = clock.now();
    expect(await call('app.healthHistory')).toEqual({ ok: true, value: { sampleEveryMs: HEALTH_SAMPLE_EVERY_MS, samples: [] } });

    clock.advance(3 * HEALTH_SAMPLE_EVERY_MS);
    const three = await call('app.healthHistory');
    if (!three.ok) throw new Error('app.healthHistory refused');
    const samples = (three.value as { samples: { at: number; uptimeMs: number }[] }).samples;
    expect(samples.map((sample) => sample.at - startedAt)).toEqual([10_000, 20_000, 30_000]);
    expect(samples.map((sample) => sample.uptimeMs)).toEqual([10_000, 20_000, 30_000]);

    clock.advance((HEALTH_SAMPLES_KEPT + 10) * HEALTH_SAMPLE_EVERY_MS);
    const hour = await call('app.healthHistory');
    if (!hour.ok) throw new Error('app.healthHistory refused');
    const kept = (hour.value as { samples: { at: number }[] }).samples;
    expect(kept).toHaveLength(HEALTH_SAMPLES_KEPT);
    expect(kept.at(-1)?.at).toBe(clock.now());
    expect(kept[0]?.at).toBe(clock.now() - (HEALTH_SAMPLES_KEPT - 1) * HEALTH_SAMPLE_EVERY_MS);
    core.close();
  });

  it('reads the event loop once per 10-s reading, so an Overview polling every 2 s neither reads it nor hides a stall from the check', async () => {
    const { eventLoop, seen } = scriptedEventLoop([5, 120]);
    const { core, call, clock } = startTestCore(tempDir(), { eventLoop });
    const value = async <T>(method: string): Promise<T> => {
      const envelope = await call(method);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as T;
    };
    const shown: number[] = [];
    for (let polled = 0; polled < HEALTH_CHECK_EVERY_MS / 2_000; polled += 1) {
      clock.advance(2_000);
      shown.push((await value<AppHealth>('app.health')).eventLoopDelayP99Ms);
    }

    expect(seen.readings).toBe(6);
    // Each poll shows the last 10 s recorded (before the first, the 10 s so far): the stall from 10 to 20 s is on screen until the next reading.
    expect(shown.slice(0, 15)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5, 120, 120, 120, 120, 120, 5]);
    const history = await value<HealthHistory>('app.healthHistory');
    expect(history.samples.map((sample) => sample.eventLoopDelayP99Ms)).toEqual([5, 120, 5, 5, 5, 5]);
    expect(history.samples.at(-1)?.checks.find((found) => found.key === 'event-loop')).toMatchObject({ value: 120, level: 'warning' });

    core.close();
    expect(seen.stopped).toBe(true);
    clock.advance(HEALTH_CHECK_EVERY_MS);
    expect(seen.readings).toBe(6);
  });

  it('judges the checks every sixth reading even when the workstation clock is set back an hour', async () => {
    const { eventLoop } = scriptedEventLoop([5, 5, 5, 5, 5, 5, 5, 80]);
    const wall = new FakeClock();
    const monotonic = new FakeClock();
    const { core, call } = startTestCore(tempDir(), { eventLoop, clock: wall, timers: monotonic });
    const eventLoopCheck = async () => {
      const health = await call('app.health');
      if (!health.ok) throw new Error('app.health refused');
      return (health.value as AppHealth).checks.find((found) => found.key === 'event-loop');
    };
    const minute = () => {
      wall.advance(HEALTH_CHECK_EVERY_MS);
      monotonic.advance(HEALTH_CHECK_EVERY_MS);
    };
    minute();
    expect(await eventLoopCheck()).toMatchObject({ value: 5, level: 'ok' });
    wall.setBack(60 * 60_000);
    minute();
    expect(await eventLoopCheck()).toMatchObject({ value: 80, level: 'warning' });
    core.close();
  });

  it("does not judge core's own start as a stall, and shows it", async () => {
    const { eventLoop } = scriptedEventLoop([300]);
    const { core, call, clock } = startTestCore(tempDir(), { eventLoop });
    clock.advance(HEALTH_CHECK_EVERY_MS);
    const history = await call('app.healthHistory');
    if (!history.ok) throw new Error('app.healthHistory refused');
    const samples = (history.value as HealthHistory).samples;
    expect(samples[0]?.eventLoopDelayP99Ms).toBe(300);
    expect(samples.at(-1)?.checks.find((found) => found.key === 'event-loop')).toMatchObject({ value: 5, level: 'ok' });
    core.close();
  });

  it('keeps one minute of readings while readings fail, and the check after them judges the last minute, then each minute its own', () => {
    const dir = tempDir();
    const opened = openDatabase(join(dir, 'watchroom.db'), randomBytes(32));
    let pingFails = false;
    // The real database, whose ping fails as it does while the database is closing.
    const store: OpenedDatabase = {
      ...opened,
      ping: () => {
        if (pingFails) throw new TypeError('The database connection is not open');
        opened.ping();
      },
    };
    const readingsPerHour = 360;
    const startAndQuietMinute = 6;
    // Readings 1-6: core's start and a quiet minute. Then an hour of failing readings: a 300 ms stall
    // at its start, a 120 ms one in its last minute (the 4th-last failing reading).
    const script = Array.from({ length: startAndQuietMinute + readingsPerHour }, () => 5);
    script[startAndQuietMinute + 1] = 300;
    script[startAndQuietMinute + readingsPerHour - 4] = 120;
    const { eventLoop } = scriptedEventLoop(script);
    const machineChecks = createHealthChecks({
      dataDir: dir,
      databasePath: opened.path,
      backupDestinations: () => [],
      diskSpace: QUIET_HEALTH_PORTS.diskSpace,
      memory: QUIET_HEALTH_PORTS.memory,
    });
    // Each judged minute's readings, copied: they only grow until judged, so their length then is the most ever kept.
    const judged: MinuteReadings[] = [];
    const checks: HealthChecks = {
      noteProbeLateness: machineChecks.noteProbeLateness,
      evaluate: (minute) => {
        judged.push({ dbLatenciesMs: [...minute.dbLatenciesMs], eventLoopDelayP99sMs: [...minute.eventLoopDelayP99sMs] });
        return machineChecks.evaluate(minute);
      },
    };
    const clock = new FakeClock();
    const monitor = createHealthMonitor({ store, clock, startedAt: clock.now(), timers: clock, checks, eventLoop, alerts: null });
    const eventLoopCheck = () => monitor.checks().find((found) => found.key === 'event-loop');
    try {
      clock.advance(HEALTH_CHECK_EVERY_MS);
      expect(judged).toHaveLength(1);

      pingFails = true;
      clock.advance(readingsPerHour * HEALTH_SAMPLE_EVERY_MS);
      expect(judged).toHaveLength(1);

      pingFails = false;
      clock.advance(HEALTH_SAMPLE_EVERY_MS);
      expect(judged).toHaveLength(2);
      expect(judged[1]?.eventLoopDelayP99sMs).toEqual([5, 120, 5, 5, 5, 5]);
      expect(judged[1]?.dbLatenciesMs).toHaveLength(1);
      expect(eventLoopCheck()).toMatchObject({ value: 120, level: 'warning' });

      clock.advance(HEALTH_CHECK_EVERY_MS);
      expect(judged).toHaveLength(3);
      expect(judged[2]?.eventLoopDelayP99sMs).toEqual([5, 5, 5, 5, 5, 5]);
      expect(judged[2]?.dbLatenciesMs).toHaveLength(6);
      expect(eventLoopCheck()).toMatchObject({ value: 5, level: 'ok' });
    } finally {
      monitor.stop();
      opened.close();
    }
  });

  it("core's sampler reads a blocked loop, and each reading starts the next period", async () => {
    const sampler = measuredEventLoopDelay();
    for (let block = 0; block < 5; block += 1) {
      const until = performance.now() + 60;
      while (performance.now() < until);
      await new Promise((resolve) => setImmediate(resolve));
    }
    try {
      expect(sampler.p99SoFarMs()).toBeGreaterThan(50);
      expect(sampler.p99SinceLastMs()).toBeGreaterThan(50);
      expect(sampler.p99SinceLastMs()).toBe(0);
    } finally {
      sampler.stop();
    }
    // Stopped, it samples nothing more: a blocked loop leaves it empty.
    const until = performance.now() + 60;
    while (performance.now() < until);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sampler.p99SoFarMs()).toBe(0);
  });

  it('refuses unknown input, as every query does', async () => {
    const { core, call } = startTestCore(tempDir());
    expect(await call('app.healthHistory', { since: 0 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    core.close();
  });
});
