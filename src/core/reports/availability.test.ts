import { describe, expect, it } from 'vitest';
import { createRepositories } from '../db';
import { FakeClock } from '../../../test/support/fake-clock';
import { startTestCore } from '../../../test/support/core';
import { seedOutages, seedRollups } from '../../../test/support/rollups';
import { useTempDirs } from '../../../test/support/temp-dir';
import { invoke, LOCAL_OPERATOR } from '../service';
import type { Monitor, Site } from '../../shared/contract';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const MINUTE = 60_000;
const NOVEMBER = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) };
/** A probe every 30 seconds. */
const PER_HOUR = 120;
const failedMinutes = (minutes: number) => minutes * 2;

async function consoleWithNovember() {
  // Early December: November is complete, and December already has roll-ups of its own.
  const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0));
  const { core, call } = startTestCore(tempDir(), { clock, sopFolder: null });
  const as = <T>(result: unknown) => (result as { ok: true; value: T }).value;
  await call('settings.set', { timeZone: 'utc' });
  const depot = as<Site>(await call('sites.create', { name: 'Depot North' }));
  const harbour = as<Site>(await call('sites.create', { name: 'Harbour' }));
  const monitor = async (siteId: string, name: string) =>
    as<Monitor>(await call('monitors.create', { siteId, name, probe: { kind: 'tcp', host: '10.0.0.9', port: 4001 }, intervalSeconds: 30 }));
  const gate = await monitor(depot.id, 'Gate');
  const camera = await monitor(depot.id, 'Camera 1');
  const uplink = await monitor(harbour.id, 'Uplink');
  const repos = createRepositories(core.store);
  const seed = (id: string, failedIn: (hour: number) => number) =>
    seedRollups(repos, id, { from: NOVEMBER.from, to: Date.UTC(2026, 11, 3), perHour: PER_HOUR, failedIn });
  // Gate: down 10 Nov 10:40 to 11:20 (one outage across two hours) and 20 Nov 03:00 to 03:15.
  seed(gate.id, (hour) => {
    if (hour === Date.UTC(2026, 10, 10, 10) || hour === Date.UTC(2026, 10, 10, 11)) return failedMinutes(20);
    if (hour === Date.UTC(2026, 10, 20, 3)) return failedMinutes(15);
    return 0;
  });
  seedOutages(repos, gate.id, [
    [Date.UTC(2026, 10, 10, 10, 40), Date.UTC(2026, 10, 10, 11, 20)],
    [Date.UTC(2026, 10, 20, 3), Date.UTC(2026, 10, 20, 3, 15)],
  ]);
  seed(camera.id, () => 0);
  // Uplink: down from 30 Nov 22:00 to 1 Dec 01:00; only November's two hours count, and a December blip does not.
  seed(uplink.id, (hour) =>
    hour >= Date.UTC(2026, 10, 30, 22) && hour < Date.UTC(2026, 11, 1, 1) ? PER_HOUR : hour === Date.UTC(2026, 11, 2, 5) ? 10 : 0,
  );
  seedOutages(repos, uplink.id, [
    [Date.UTC(2026, 10, 30, 22), Date.UTC(2026, 11, 1, 1)],
    [Date.UTC(2026, 11, 2, 5), Date.UTC(2026, 11, 2, 5, 5)],
  ]);
  return { core, call, clock, repos, gate, camera, uplink, depot, harbour };
}

describe('the availability report', () => {
  it('gives the exact uptime, downtime, outages and longest outage of a seeded month, against the 99.9 % target', async () => {
    const { core, gate, camera, uplink } = await consoleWithNovember();
    const report = await invoke(core.dispatcher, 'reports.availability', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    const minutesInNovember = 30 * 24 * 60;
    expect(report).toMatchObject({ from: NOVEMBER.from, to: NOVEMBER.to, label: 'November 2026', targetPercent: 99.9 });
    expect(report.periodMinutes).toBe(minutesInNovember);
    expect(report.allowedDowntimeMinutes).toBe(43.2);
    const byId = new Map(report.monitors.map((m) => [m.monitorId, m]));
    expect(byId.get(gate.id)).toMatchObject({
      downtimeMinutes: 55,
      outages: 2,
      longestOutageMinutes: 40,
      uptimePercent: Math.round((1 - 55 / minutesInNovember) * 1_000_000) / 10_000,
      measuredMinutes: minutesInNovember,
      meetsTarget: false,
    });
    expect(byId.get(camera.id)).toMatchObject({ downtimeMinutes: 0, outages: 0, longestOutageMinutes: 0, uptimePercent: 100, meetsTarget: true });
    expect(byId.get(uplink.id)).toMatchObject({ downtimeMinutes: 120, outages: 1, longestOutageMinutes: 120, meetsTarget: false });
    const depot = report.sites.find((s) => s.siteName === 'Depot North')!;
    expect(depot).toMatchObject({ monitors: 2, downtimeMinutes: 55, outages: 2, longestOutageMinutes: 40, belowTarget: 1 });
    expect(report.totals).toMatchObject({ monitors: 3, downtimeMinutes: 175, outages: 3, belowTarget: 2 });
    core.close();
  });

  it('counts two outages inside one hour as two, from the status changes, and the longest of them exactly', async () => {
    const { core, repos, camera } = await consoleWithNovember();
    // Camera 1: down 14 Nov 09:05-09:12 and 09:40-09:52 (19 minutes of one hour's probes), then 25 Nov 23:50 to 26 Nov 00:20.
    seedRollups(repos, camera.id, {
      from: Date.UTC(2026, 10, 14),
      to: Date.UTC(2026, 10, 15),
      perHour: PER_HOUR,
      failedIn: (hour) => (hour === Date.UTC(2026, 10, 14, 9) ? failedMinutes(19) : 0),
    });
    seedOutages(repos, camera.id, [
      [Date.UTC(2026, 10, 14, 9, 5), Date.UTC(2026, 10, 14, 9, 12)],
      [Date.UTC(2026, 10, 14, 9, 40), Date.UTC(2026, 10, 14, 9, 52)],
      [Date.UTC(2026, 10, 25, 23, 50), Date.UTC(2026, 10, 26, 0, 20)],
    ]);
    const report = await invoke(core.dispatcher, 'reports.availability', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    expect(report.monitors.find((m) => m.monitorId === camera.id)).toMatchObject({ outages: 3, longestOutageMinutes: 30, downtimeMinutes: 19 });
    // The hour alone: two outages, the longer 12 minutes.
    const hour = await invoke(
      core.dispatcher,
      'reports.availability',
      { from: Date.UTC(2026, 10, 14, 9), to: Date.UTC(2026, 10, 14, 10) },
      { actor: LOCAL_OPERATOR },
    );
    expect(hour.monitors.find((m) => m.monitorId === camera.id)).toMatchObject({ outages: 2, longestOutageMinutes: 12, downtimeMinutes: 19 });
    core.close();
  });

  it('counts an outage still under way up to now, and one cut by the period’s start from the start', async () => {
    const { core, clock, repos, gate } = await consoleWithNovember();
    // Gate went down on 3 Dec at 08:30 and is still down at 09:00 (now).
    repos.transaction(() =>
      repos.monitoring.insertStateChanges([
        { monitorId: gate.id, at: Date.UTC(2026, 11, 3, 8, 30), fromStatus: 'up', toStatus: 'down', reason: 'Connection refused' },
      ]),
    );
    const december = await invoke(core.dispatcher, 'reports.availability', { month: '2026-12' }, { actor: LOCAL_OPERATOR });
    expect(december.monitors.find((m) => m.monitorId === gate.id)).toMatchObject({ outages: 1, longestOutageMinutes: 30 });
    clock.advance(15 * MINUTE);
    const later = await invoke(
      core.dispatcher,
      'reports.availability',
      { from: Date.UTC(2026, 11, 3, 8, 45), to: Date.UTC(2026, 11, 4) },
      { actor: LOCAL_OPERATOR },
    );
    expect(later.monitors.find((m) => m.monitorId === gate.id)).toMatchObject({ outages: 1, longestOutageMinutes: 30 });
    core.close();
  });

  it('judges against a target the supervisor gives, and reads any period', async () => {
    const { core, gate } = await consoleWithNovember();
    const relaxed = await invoke(core.dispatcher, 'reports.availability', { month: '2026-11', targetPercent: 99.5 }, { actor: LOCAL_OPERATOR });
    expect(relaxed.monitors.find((m) => m.monitorId === gate.id)?.meetsTarget).toBe(true);
    // 10 Nov 10:00 to 11:00 only: the first half of the outage, 20 minutes of a 60-minute period.
    const hour = await invoke(
      core.dispatcher,
      'reports.availability',
      { from: Date.UTC(2026, 10, 10, 10), to: Date.UTC(2026, 10, 10, 11) },
      { actor: LOCAL_OPERATOR },
    );
    expect(hour.label).toBe('2026-11-10 to 2026-11-10');
    expect(hour.monitors.find((m) => m.monitorId === gate.id)).toMatchObject({ downtimeMinutes: 20, outages: 1, measuredMinutes: 60 });
    core.close();
  });

  it('refuses a period that ends before it starts, or a month with a period', async () => {
    const { core, call } = await consoleWithNovember();
    expect(await call('reports.availability', { from: NOVEMBER.to, to: NOVEMBER.from })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('reports.availability', { month: '2026-11', from: 0, to: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    core.close();
  });

  it('gives mean time to respond and to resolve of the incidents started in the period', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 12, 9, 0));
    const { core, call } = startTestCore(tempDir(), { clock, sopFolder: null });
    await call('settings.set', { timeZone: 'utc' });
    const open = async (title: string) =>
      (await call('incidents.create', { title, priority: 'P1', sopSlug: null, claim: false })) as { ok: true; value: { id: string } };
    const first = (await open('Gate offline')).value.id;
    clock.advance(10 * MINUTE);
    await call('incidents.claim', { id: first });
    clock.advance(50 * MINUTE);
    await call('incidents.resolve', { id: first, resolution: 'Power restored' });
    const second = (await open('Camera dark')).value.id;
    clock.advance(20 * MINUTE);
    await call('incidents.claim', { id: second });
    clock.advance(HOUR);
    const report = await invoke(core.dispatcher, 'reports.availability', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    // Responded after 10 and 20 minutes; only the first resolved, after an hour.
    expect(report.totals).toMatchObject({ incidents: 2, mttaMinutes: 15, mttrMinutes: 60 });
    expect(report.sites).toEqual([expect.objectContaining({ siteName: 'No site', incidents: 2, mttaMinutes: 15, mttrMinutes: 60 })]);
    core.close();
  });
});
