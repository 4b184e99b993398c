import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Monitor, Site } from '../../shared/contract';

const tempDir = useTempDirs();
const INTERVAL_MS = 60_000;

function startedCore() {
  const clock = new FakeClock();
  const targets = new FakeTargets(clock);
  const harness = startTestCore(tempDir(), { clock, runProbe: targets.runner });
  harness.core.start();
  return { ...harness, targets };
}

/** A configuration file of `count` TCP monitors, each on its own host (so no per-host cap queues them). */
function importDocument(count: number): string {
  const monitors = Array.from({ length: count }, (_, i) => ({
    id: `door-${i}`,
    siteId: 'north',
    name: `Door controller ${i}`,
    probe: { kind: 'tcp', host: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 4001 },
    intervalSeconds: INTERVAL_MS / 1000,
  }));
  return JSON.stringify({ format: 'watchroom-config', version: 1, sites: [{ id: 'north', name: 'Depot North' }], monitors });
}

describe('first runs of new monitors', () => {
  it('spreads the first runs of 500 imported monitors over their interval instead of probing them all in one second', async () => {
    const { call, clock, targets, core } = startedCore();
    const importedAt = clock.now();
    expect(await call('config.import', { text: importDocument(500) })).toMatchObject({ ok: true, value: { monitors: 500 } });
    await clock.advanceAsync(INTERVAL_MS);

    const firstRuns = new Map<string, number>();
    for (const { target, at } of targets.started) if (!firstRuns.has(target)) firstRuns.set(target, at - importedAt);
    // Every monitor ran once within its first interval...
    expect(firstRuns.size).toBe(500);
    expect(Math.max(...firstRuns.values())).toBeLessThan(INTERVAL_MS);
    // ...at most a few dozen in any one second, in most seconds of the minute.
    const perSecond = new Map<number, number>();
    for (const offset of firstRuns.values()) perSecond.set(Math.floor(offset / 1000), (perSecond.get(Math.floor(offset / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(25);
    expect(perSecond.size).toBeGreaterThanOrEqual(50);
    core.close();
  });

  it('runs a monitor added by hand at once, so the operator sees it work', async () => {
    const { call, clock, targets, core } = startedCore();
    const site = await call('sites.create', { name: 'Depot North' });
    const siteId = (site as { ok: true; value: Site }).value.id;
    const created = await call('monitors.create', {
      siteId,
      name: 'Gate',
      probe: { kind: 'tcp', host: '10.0.0.9', port: 4001 },
      intervalSeconds: 300,
    });
    const monitor = (created as { ok: true; value: Monitor }).value;
    targets.answer('10.0.0.9:4001');
    await clock.advanceAsync(1000);
    expect(targets.startsOf('10.0.0.9:4001')).toEqual([monitor.createdAt]);
    core.close();
  });

  it('starts the monitors of one interval at evenly spaced points after a restart, never several in one burst', async () => {
    const dir = tempDir();
    const first = startTestCore(dir);
    expect(await first.call('config.import', { text: importDocument(600) })).toMatchObject({ ok: true, value: { monitors: 600 } });
    first.core.close();

    const clock = new FakeClock();
    const targets = new FakeTargets(clock);
    const restarted = startTestCore(dir, { clock, runProbe: targets.runner, key: first.key });
    const startedAt = clock.now();
    restarted.core.start();
    await clock.advanceAsync(INTERVAL_MS);

    const firstRuns = new Map<string, number>();
    for (const { target, at } of targets.started) if (!firstRuns.has(target)) firstRuns.set(target, at - startedAt);
    expect(firstRuns.size).toBe(600);
    // 600 monitors over a minute: one every 100 ms, where hashed start points bunch several into one millisecond.
    const offsets = [...firstRuns.values()].sort((a, b) => a - b);
    const gaps = offsets.slice(1).map((offset, i) => offset - (offsets[i] as number));
    expect(Math.min(...gaps)).toBe(100);
    expect(Math.max(...gaps)).toBe(100);
    restarted.core.close();
  });
});
