import { describe, expect, it } from 'vitest';
import type { FakeTargets } from '../../../test/support/fake-targets';
import { startMonitoringCore } from '../../../test/support/monitoring-core';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories } from '../db';
import type { AlertSnapshot, ProbeConfig } from '../../shared/contract';
import type { HandAhead, ProbeContext, ProbeRunner } from './kinds/types';

const tempDir = useTempDirs();
const HAND_AHEAD: HandAhead = { windowMs: 100, leadMs: 10, gatherMs: 50, kinds: new Set(['tcp']) };

/** A core whose runner takes TCP runs ahead of their time, as the probe thread takes network runs. */
const setup = (runner?: (targets: FakeTargets) => ProbeRunner) =>
  startMonitoringCore(tempDir(), { handAhead: HAND_AHEAD, ...(runner ? { runner } : {}) });

describe('the engine handing runs ahead', () => {
  it('hands each run over within the window before its plan, and it starts on plan: no drift, no early start', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    targets.answer('10.0.0.5:554', 20);
    const m = await monitor('Recorder', '10.0.0.5:554', { intervalSeconds: 30, timeoutSeconds: 10 });
    const t0 = clock.now();
    await clock.advanceAsync(3 * 30_000 + 1_000, 5);
    expect(targets.startsOf('10.0.0.5:554').map((t) => t - t0)).toEqual([0, 30_000, 60_000, 90_000]);
    for (const { at, startAt } of targets.handed) {
      expect(startAt - at).toBeGreaterThanOrEqual(0);
      expect(startAt - at).toBeLessThanOrEqual(HAND_AHEAD.windowMs);
    }
    // Judged from the outcomes that came back.
    expect(await status(m.id)).toMatchObject({ status: 'up', lastLatencyMs: 20 });
    core.close();
  });

  it('ends a run the runner could not take as unknown, never down, and hands the next one over on plan', async () => {
    let failures = 1;
    const { clock, targets, monitor, status, core } = await setup((targets) => {
      const handAhead = targets.runner.handAhead;
      if (!handAhead) throw new Error('the fake runner hands ahead');
      // Its thread could not be started once (out of memory, too many threads).
      const hand: typeof handAhead.hand = (...run) => {
        if (failures-- > 0) throw new Error('the probe thread could not be started');
        return handAhead.hand(...run);
      };
      return Object.assign((config: ProbeConfig, context: ProbeContext) => targets.runner(config, context), {
        handAhead: { ...handAhead, hand },
      });
    });
    targets.answer('10.0.0.5:554', 20);
    const t0 = clock.now();
    const m = await monitor('Recorder', '10.0.0.5:554', { intervalSeconds: 10, timeoutSeconds: 5, failuresToDown: 1 });
    await clock.advanceAsync(1_000, 5);
    expect(targets.started).toHaveLength(0);
    expect(await status(m.id)).toMatchObject({ status: 'unknown', lastError: 'the probe thread could not be started' });
    await clock.advanceAsync(10_000, 5);
    expect(targets.startsOf('10.0.0.5:554').map((at) => at - t0)).toEqual([10_000]);
    expect(await status(m.id)).toMatchObject({ status: 'up', lastLatencyMs: 20 });
    core.close();
  });

  it('withdraws a run handed ahead when its monitor changes, and never applies that stale run', async () => {
    const { clock, targets, ok, monitor, status, core } = await setup();
    targets.answer('10.0.0.6:80', 20);
    targets.refuse('10.0.0.7:80');
    const m = await monitor('Door controller', '10.0.0.6:80', { intervalSeconds: 10, timeoutSeconds: 5, failuresToDown: 1 });
    await clock.advanceAsync(10_000 - 5, 5);
    // The next run (at 10 s) was handed over 10 ms before it (the lead) and waits for its time.
    expect(targets.handed).toHaveLength(2);
    expect(targets.started).toHaveLength(1);
    const { siteId, name, intervalSeconds, timeoutSeconds, failuresToDown, successesToUp, warnLatencyMs, critLatencyMs } = m;
    const spec = { siteId, name, intervalSeconds, timeoutSeconds, failuresToDown, successesToUp, warnLatencyMs, critLatencyMs };
    await ok('monitors.update', {
      id: m.id,
      monitor: { ...spec, probe: { kind: 'tcp', host: '10.0.0.7', port: 80 } },
      basedOnVersion: m.version,
    });
    await clock.advanceAsync(1_000, 5);
    expect(targets.withdrawn).toBe(1);
    // The old target was never probed again; the changed monitor ran at once against its new one.
    expect(targets.startsOf('10.0.0.6:80')).toHaveLength(1);
    expect(targets.startsOf('10.0.0.7:80')).toHaveLength(1);
    expect(await status(m.id)).toMatchObject({ status: 'down', lastError: 'connection refused' });
    core.close();
  });

  it('withdraws what it handed ahead when it stops: nothing starts after', async () => {
    const { clock, targets, monitor, core } = await setup();
    targets.answer('10.0.0.8:80', 20);
    await monitor('Gate', '10.0.0.8:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(10_000 - 5, 5);
    expect(targets.handed).toHaveLength(2);
    expect(targets.started).toHaveLength(1);
    core.close();
    await clock.advanceAsync(60_000, 5);
    expect(targets.withdrawn).toBe(1);
    expect(targets.started).toHaveLength(1);
  });

  it('withdraws what it handed ahead when the configuration is loaded again: one probe per target, not two', async () => {
    const { clock, targets, monitor, core } = await setup();
    targets.answer('10.0.0.6:80', 20);
    await monitor('Door', '10.0.0.6:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(10_000 - 5, 5);
    expect(targets.handed).toHaveLength(2);
    const reloadedAt = clock.now();
    const { monitoring } = createRepositories(core.store);
    core.monitoring.engine.reload(monitoring.listSites(), monitoring.listMonitors(), monitoring.listStates());
    await clock.advanceAsync(1_000, 5);
    expect(targets.withdrawn).toBe(1);
    expect(targets.startsOf('10.0.0.6:80').filter((at) => at >= reloadedAt)).toHaveLength(1);
    core.close();
  });

  it('marks the first run of a new monitor, and of a changed one, fresh (read again what a kind keeps), and no other', async () => {
    const { clock, targets, ok, monitor, core } = await setup();
    targets.answer('10.0.0.6:80', 20, Date.UTC(2027, 0, 1));
    const m = await monitor('Door', '10.0.0.6:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(25_000, 5);
    const { siteId, name, intervalSeconds, timeoutSeconds } = m;
    await ok('monitors.update', {
      id: m.id,
      monitor: { siteId, name, intervalSeconds, timeoutSeconds, probe: m.probe },
      basedOnVersion: m.version,
    });
    await clock.advanceAsync(15_000, 5);
    expect(targets.started.map((s) => s.fresh)).toEqual([true, false, false, true, false]);
    core.close();
  });

  it('keeps a monitor fresh until a run reads its certificate: a fresh run that fails before it does not use it up', async () => {
    const { clock, targets, monitor, core } = await setup();
    // The server is restarting after a renewal: it refuses, so no certificate is read.
    targets.refuse('10.0.0.6:443');
    await monitor('Badge server', '10.0.0.6:443', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(15_000, 5);
    // Back with its new certificate: the next run reads it, not the one read before the renewal.
    targets.answer('10.0.0.6:443', 20, Date.UTC(2027, 0, 1));
    await clock.advanceAsync(20_000, 5);
    expect(targets.started.map((s) => s.fresh)).toEqual([true, true, true, false]);
    core.close();
  });

  it('does not make a changed monitor fresh again when its run from before the change ends without a certificate', async () => {
    const { clock, targets, ok, monitor, core } = await setup();
    targets.hang('10.0.0.7:443');
    targets.answer('10.0.0.8:443', 20, Date.UTC(2027, 0, 1));
    const m = await monitor('Door', '10.0.0.7:443', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(1_000, 5);
    const { siteId, name, intervalSeconds, timeoutSeconds } = m;
    await ok('monitors.update', {
      id: m.id,
      monitor: { siteId, name, intervalSeconds, timeoutSeconds, probe: { kind: 'tcp', host: '10.0.0.8', port: 443 } },
      basedOnVersion: m.version,
    });
    await clock.advanceAsync(15_000, 5);
    // The old run, withdrawn by the change, read nothing; the change's own run read the certificate.
    expect(targets.started.map((s) => `${s.target} ${s.fresh}`)).toEqual(['10.0.0.7:443 true', '10.0.0.8:443 true', '10.0.0.8:443 false']);
    core.close();
  });

  it('uses the fresh flag up on a success that carries no certificate, so such a monitor still reads it from the cache', async () => {
    const { clock, targets, monitor, core } = await setup();
    // An HTTPS monitor redirected to plain HTTP, or a kind that reads none: it succeeds without an expiry.
    targets.answer('10.0.0.9:80', 20);
    await monitor('Intercom', '10.0.0.9:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(25_000, 5);
    expect(targets.started.map((s) => s.fresh)).toEqual([true, false, false]);
    core.close();
  });

  it('withdraws a run handed ahead when its monitor is retired: never probed again, never judged', async () => {
    const { clock, targets, ok, monitor, core } = await setup();
    targets.answer('10.0.0.6:80', 20);
    const m = await monitor('Door', '10.0.0.6:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    await clock.advanceAsync(10_000 - 5, 5);
    expect(targets.handed).toHaveLength(2);
    await ok('monitors.delete', { id: m.id });
    await clock.advanceAsync(30_000, 5);
    expect(targets.withdrawn).toBe(1);
    expect(targets.startsOf('10.0.0.6:80')).toHaveLength(1);
    expect(core.monitoring.engine.stateOf(m.id)).toBeNull();
    core.close();
  });

  it('withdraws a run handed ahead when its monitor is paused, and a resume probes it once, at once', async () => {
    const { clock, targets, ok, monitor, status, core } = await setup();
    targets.answer('10.0.0.6:80', 20);
    const m = await monitor('Door', '10.0.0.6:80', { intervalSeconds: 10, timeoutSeconds: 5 });
    const t0 = clock.now();
    await clock.advanceAsync(10_000 - 5, 5);
    await ok('monitors.pause', { id: m.id });
    await clock.advanceAsync(2, 1);
    expect(targets.withdrawn).toBe(1);
    expect(await status(m.id)).toMatchObject({ status: 'paused' });
    await ok('monitors.resume', { id: m.id });
    await clock.advanceAsync(500, 5);
    // The first run, then one at the resume (not at 10 s as well), and it is judged.
    expect(targets.startsOf('10.0.0.6:80').map((at) => at - t0)).toEqual([0, 9_997]);
    expect(await status(m.id)).toMatchObject({ status: 'up' });
    core.close();
  });

  it('keeps the per-host cap in the runner, and does not give up on runs waiting there for a slot', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    const ids: string[] = [];
    for (let port = 1; port <= 20; port += 1) {
      targets.hang(`10.0.0.7:${port}`);
      ids.push((await monitor(`Camera ${port}`, `10.0.0.7:${port}`, { intervalSeconds: 60, timeoutSeconds: 5, failuresToDown: 1 })).id);
    }
    await clock.advanceAsync(1, 1);
    // Eight at once (the cap), the next eight when those time out, the last four after those.
    expect(targets.maxInFlight).toBe(8);
    await clock.advanceAsync(16_000, 100);
    // To the 100 ms step the test moves the clock by.
    const firstAt = targets.started[0]?.at ?? 0;
    expect(targets.started.map((s) => Math.floor((s.at - firstAt) / 100) * 100)).toEqual([
      ...Array<number>(8).fill(0),
      ...Array<number>(8).fill(5_000),
      ...Array<number>(4).fill(10_000),
    ]);
    // The last ones waited 10 s for a slot, twice their timeout: still judged from their own probe.
    for (const id of ids) expect(await status(id)).toMatchObject({ status: 'down', lastError: 'timed out after 5000 ms' });
    core.close();
  });

  it('never gives up on a run waiting for a slot behind longer timeouts: a camera that is down stays down, with one alert', async () => {
    const { clock, targets, ok, monitor, status, core } = await setup();
    // Eight recorders hang on the NVR and hold its eight slots for 30 s at a time.
    for (let port = 1; port <= 8; port += 1) {
      targets.hang(`10.0.0.7:${port}`);
      await monitor(`Recorder ${port}`, `10.0.0.7:${port}`, { intervalSeconds: 60, timeoutSeconds: 30, failuresToDown: 1 });
    }
    targets.hang('10.0.0.7:9');
    const camera = await monitor('Camera 9', '10.0.0.7:9', { intervalSeconds: 10, timeoutSeconds: 5, failuresToDown: 2 });
    const seen: string[] = [];
    for (let second = 0; second < 180; second += 1) {
      await clock.advanceAsync(1_000, 100);
      const state = await status(camera.id);
      if (state && seen.at(-1) !== state.status) seen.push(state.status);
    }
    // Unknown until its first probes could run, then down for good: never unknown again.
    expect(seen).toEqual(['unknown', 'down']);
    const { alerts } = await ok<AlertSnapshot>('alerts.snapshot', { includeResolvedSinceMs: 3_600_000 });
    expect(alerts.filter((alert) => alert.subject === `monitor:${camera.id}`).map((alert) => alert.state)).toEqual(['firing']);
    core.close();
  });
});
