import { describe, expect, it } from 'vitest';
import { startMonitoringCore } from '../../../test/support/monitoring-core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { BoardSnapshot, Monitor, MonitorDetail, Site } from '../../shared/contract';

const tempDir = useTempDirs();

const setup = () => startMonitoringCore(tempDir());

describe('the probe engine', () => {
  it('plans each run from the previous plan, so a slow target never makes the schedule drift', async () => {
    const { clock, targets, monitor, core } = await setup();
    targets.answer('10.0.0.5:554', 7000);
    await monitor('Recorder', '10.0.0.5:554', { intervalSeconds: 30, timeoutSeconds: 10 });
    const t0 = clock.now();
    await clock.advanceAsync(5 * 30_000 + 1000);
    expect(targets.startsOf('10.0.0.5:554').map((t) => t - t0)).toEqual([0, 30_000, 60_000, 90_000, 120_000, 150_000]);
    core.close();
  });

  it('goes down only after N failures in a row, and comes back after M successes', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    targets.answer('10.0.0.6:80');
    const m = await monitor('Door controller', '10.0.0.6:80', {
      intervalSeconds: 10,
      timeoutSeconds: 5,
      failuresToDown: 3,
      successesToUp: 2,
    });
    await clock.advanceAsync(1000);
    expect((await status(m.id)).status).toBe('up');
    targets.refuse('10.0.0.6:80');
    await clock.advanceAsync(20_000);
    expect((await status(m.id)).status).toBe('up');
    await clock.advanceAsync(10_000);
    expect(await status(m.id)).toMatchObject({ status: 'down', lastError: 'connection refused' });
    targets.answer('10.0.0.6:80');
    await clock.advanceAsync(10_000);
    expect((await status(m.id)).status).toBe('down');
    await clock.advanceAsync(10_000);
    expect((await status(m.id)).status).toBe('up');
    core.close();
  });

  it('calls a target slower than the warning threshold degraded, with the reason', async () => {
    const { clock, targets, monitor, ok, core } = await setup();
    targets.answer('10.0.0.7:443', 800);
    const m = await monitor('Slow NVR', '10.0.0.7:443');
    await clock.advanceAsync(2000);
    const detail = await ok<MonitorDetail>('monitors.get', { id: m.id });
    expect(detail.state).toMatchObject({ status: 'degraded', health: 'warning', lastLatencyMs: 800 });
    expect(detail.recentChanges[0]?.reason).toBe('answered in 800 ms, above the 500 ms warning threshold');
    core.close();
  });

  it('tells the consoles when a down monitor fails for a new reason, without a new status change', async () => {
    const { clock, targets, monitor, core } = await setup();
    const shown: { monitorId: string; status: string; lastError: string | null }[] = [];
    core.dispatcher.subscribe((message) => {
      if (message.event === 'monitor.state') shown.push(message.payload);
    });
    targets.refuse('10.0.0.9:80');
    const m = await monitor('Gate intercom', '10.0.0.9:80', { intervalSeconds: 10, timeoutSeconds: 5, failuresToDown: 1 });
    await clock.advanceAsync(1000);
    expect(shown.at(-1)).toMatchObject({ status: 'down', lastError: 'connection refused' });
    const before = shown.length;
    await clock.advanceAsync(10_000);
    expect(shown).toHaveLength(before);
    targets.hang('10.0.0.9:80');
    await clock.advanceAsync(15_000);
    expect(shown.at(-1)).toMatchObject({ status: 'down', lastError: 'timed out after 5000 ms' });
    expect(shown.every((state) => state.monitorId === m.id)).toBe(true);
    core.close();
  });

  it('aborts a target that never answers at the timeout', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    targets.hang('10.0.0.8:22');
    const m = await monitor('Silent panel', '10.0.0.8:22', { intervalSeconds: 30, timeoutSeconds: 5, failuresToDown: 1 });
    await clock.advanceAsync(5000);
    expect(await status(m.id)).toMatchObject({ status: 'down', lastError: 'timed out after 5000 ms' });
    core.close();
  });

  it('shows the children of a down parent as unknown, keeps probing them, and lets a reachable child be up', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    for (const t of ['10.1.0.1:1', '10.1.0.2:1', '10.1.0.3:1', '10.1.0.4:1']) targets.answer(t);
    const uplink = await monitor('Site uplink', '10.1.0.1:1', { failuresToDown: 1 });
    const camera = await monitor('Camera', '10.1.0.2:1', { parentId: uplink.id, failuresToDown: 1 });
    const behindCamera = await monitor('PTZ head', '10.1.0.3:1', { parentId: camera.id, failuresToDown: 1 });
    const other = await monitor('Panel', '10.1.0.4:1', { parentId: uplink.id, failuresToDown: 1 });
    await clock.advanceAsync(1000);
    targets.refuse('10.1.0.1:1');
    targets.refuse('10.1.0.2:1');
    targets.refuse('10.1.0.3:1');
    const startsBefore = targets.startsOf('10.1.0.2:1').length;
    await clock.advanceAsync(60_000);
    expect((await status(uplink.id)).status).toBe('down');
    expect(await status(camera.id)).toMatchObject({
      status: 'unknown',
      verdict: 'down',
      cause: { kind: 'unreachable', parentId: uplink.id },
    });
    // Transitivity from each monitor's real status: the camera really is down, so what hangs off it is unknown too.
    expect(await status(behindCamera.id)).toMatchObject({ status: 'unknown', cause: { kind: 'unreachable', parentId: camera.id } });
    // Suppression never stops monitoring.
    expect(targets.startsOf('10.1.0.2:1').length).toBeGreaterThan(startsBefore);
    // A child that still answers is up, whatever its parent says.
    expect((await status(other.id)).status).toBe('up');
    targets.answer('10.1.0.1:1');
    targets.answer('10.1.0.2:1');
    await clock.advanceAsync(30_000);
    expect((await status(camera.id)).status).toBe('up');
    core.close();
  });

  it("reports remote monitors unknown, not down, when the console's own uplink fails", async () => {
    const { clock, targets, monitor, status, core } = await setup();
    targets.answer('192.0.2.1:53');
    targets.answer('10.2.0.1:80');
    targets.answer('127.0.0.1:4780');
    const own = await monitor('Console uplink', '192.0.2.1:53', { role: 'console-uplink', failuresToDown: 1 });
    const remote = await monitor('Remote recorder', '10.2.0.1:80', { failuresToDown: 1 });
    const local = await monitor('Local service', '127.0.0.1:4780', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    for (const t of ['192.0.2.1:53', '10.2.0.1:80', '127.0.0.1:4780']) targets.refuse(t);
    await clock.advanceAsync(30_000);
    expect((await status(own.id)).status).toBe('down');
    expect(await status(remote.id)).toMatchObject({ status: 'unknown', cause: { kind: 'console-offline' } });
    expect((await status(local.id)).status).toBe('down');
    core.close();
  });

  it('puts a site in maintenance with every monitor in it, cascading to their children elsewhere', async () => {
    const { clock, targets, monitor, status, ok, site, core } = await setup();
    targets.answer('10.3.0.1:1');
    targets.answer('10.3.0.2:1');
    const uplink = await monitor('Uplink', '10.3.0.1:1');
    const otherSite = await ok<Site>('sites.create', { name: 'Depot South' });
    const child = await ok<Monitor>('monitors.create', {
      siteId: otherSite.id,
      name: 'Relay',
      probe: { kind: 'tcp', host: '10.3.0.2', port: 1 },
      parentId: uplink.id,
    });
    await clock.advanceAsync(1000);
    await ok('sites.setMaintenance', { id: site.id, maintenance: true });
    expect(await status(uplink.id)).toMatchObject({ status: 'maintenance', cause: { kind: 'maintenance', source: 'site' } });
    expect(await status(child.id)).toMatchObject({ status: 'maintenance', cause: { kind: 'maintenance', source: 'parent' } });
    await ok('sites.setMaintenance', { id: site.id, maintenance: false });
    expect((await status(child.id)).status).toBe('up');
    core.close();
  });

  it('marks a monitor flapping after more than 5 changes in 10 minutes', async () => {
    const { clock, targets, monitor, status, core } = await setup();
    const m = await monitor('Flaky link', '10.4.0.1:1', { intervalSeconds: 20, timeoutSeconds: 5, failuresToDown: 1 });
    // Probes run at 0 s, 20 s, 40 s...: change the target half-way between them.
    await clock.advanceAsync(10_000);
    expect((await status(m.id)).status).toBe('down');
    for (let i = 0; i < 6; i += 1) {
      if (i % 2 === 0) targets.answer('10.4.0.1:1');
      else targets.refuse('10.4.0.1:1');
      await clock.advanceAsync(20_000);
    }
    expect((await status(m.id)).flapping).toBe(true);
    expect((await status(m.id)).status).toBe('down');
    targets.answer('10.4.0.1:1');
    await clock.advanceAsync(11 * 60_000);
    expect((await status(m.id)).flapping).toBe(false);
    core.close();
  });

  it('keeps probes per target host under its cap', async () => {
    const { clock, targets, monitor, core } = await setup();
    for (let port = 1; port <= 20; port += 1) {
      targets.answer(`10.5.0.1:${port}`, 3000);
      await monitor(`Port ${port}`, `10.5.0.1:${port}`);
    }
    await clock.advanceAsync(10_000);
    expect(targets.maxInFlight).toBe(8);
    expect(targets.started.length).toBe(20);
    core.close();
  });

  it('starts the monitors waiting for a busy host in the order they came due, and never one deleted meanwhile', async () => {
    const { clock, targets, monitor, ok, core } = await setup();
    const ids: string[] = [];
    for (let port = 1; port <= 12; port += 1) {
      targets.answer(`10.5.0.2:${port}`, 3000);
      ids.push((await monitor(`Port ${port}`, `10.5.0.2:${port}`)).id);
    }
    await clock.advanceAsync(100);
    expect(targets.started.map((s) => s.target)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((port) => `10.5.0.2:${port}`));
    await ok('monitors.delete', { id: ids[9] });
    await clock.advanceAsync(3000);
    expect(targets.started.slice(8).map((s) => s.target)).toEqual([9, 11, 12].map((port) => `10.5.0.2:${port}`));
    core.close();
  });

  it('does not probe a paused monitor, and shows it paused', async () => {
    const { clock, targets, monitor, status, ok, core } = await setup();
    targets.answer('10.6.0.1:1');
    const m = await monitor('Spare', '10.6.0.1:1');
    await clock.advanceAsync(1000);
    await ok('monitors.pause', { id: m.id });
    const before = targets.startsOf('10.6.0.1:1').length;
    await clock.advanceAsync(120_000);
    expect(targets.startsOf('10.6.0.1:1').length).toBe(before);
    expect((await status(m.id)).status).toBe('paused');
    await ok('monitors.resume', { id: m.id });
    await clock.advanceAsync(1000);
    expect(targets.startsOf('10.6.0.1:1').length).toBe(before + 1);
    core.close();
  });

  it('serves the board from the latest state, with site tiles showing the worst status and counts', async () => {
    const { clock, targets, monitor, ok, site, core } = await setup();
    targets.answer('10.7.0.1:1');
    targets.refuse('10.7.0.2:1');
    await monitor('Good', '10.7.0.1:1');
    await monitor('Bad', '10.7.0.2:1', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    const board = await ok<BoardSnapshot>('board.snapshot');
    expect(board.sites.find((s) => s.id === site.id)).toMatchObject({ worst: 'down', counts: { up: 1, down: 1 } });
    expect(board.monitors.map((m) => [m.name, m.state.status, m.target])).toEqual(
      expect.arrayContaining([
        ['Good', 'up', '10.7.0.1:1'],
        ['Bad', 'down', '10.7.0.2:1'],
      ]),
    );
    core.close();
  });
});
