import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  AlertSnapshot,
  AuditPage,
  BoardSnapshot,
  Monitor,
  MonitorInput,
  RetentionOverview,
  RetiredMonitor,
  Site,
} from '../../shared/contract';
import { createRepositories } from '../db';
import { LOCAL_OPERATOR, type Actor } from '../service';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const ADA: Actor = { ...LOCAL_OPERATOR, id: 'user-ada', displayName: 'Ada Admin', role: 'admin' };

async function setup() {
  const clock = new FakeClock(T0);
  const targets = new FakeTargets(clock);
  const harness = startTestCore(tempDir(), { clock, runProbe: targets.runner });
  harness.core.start();
  const ok = async <T>(method: string, input?: unknown, actor: Actor = ADA): Promise<T> => {
    const envelope = await harness.call(method, input, actor);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const refused = async (method: string, input: unknown, actor: Actor = ADA) => {
    const envelope = await harness.call(method, input, actor);
    if (envelope.ok) throw new Error(`${method} was not refused`);
    return envelope.error;
  };
  const site = await ok<Site>('sites.create', { name: 'Depot North' });
  const monitor = (name: string, target: string, extra: Partial<MonitorInput> = {}) => {
    const [host = '', port = '0'] = target.split(':');
    return ok<Monitor>('monitors.create', {
      siteId: site.id,
      name,
      probe: { kind: 'tcp', host, port: Number(port) },
      intervalSeconds: 10,
      timeoutSeconds: 5,
      failuresToDown: 1,
      ...extra,
    });
  };
  const repos = createRepositories(harness.core.store);
  const history = (id: string) => {
    const count = (sql: string, value: string) => (harness.core.store.sqlite.prepare(sql).get(value) as { n: number }).n;
    return {
      rawResults: count('SELECT count(*) AS n FROM probe_results WHERE monitor_id = ?', id),
      minuteRollups: count('SELECT count(*) AS n FROM rollup_minute WHERE monitor_id = ?', id),
      stateChanges: count('SELECT count(*) AS n FROM state_changes WHERE monitor_id = ?', id),
      alerts: count('SELECT count(*) AS n FROM alerts WHERE subject = ?', `monitor:${id}`),
      resultsInHourRollups: count('SELECT coalesce(sum(count), 0) AS n FROM rollup_hour WHERE monitor_id = ?', id),
    };
  };
  const boardIds = async () => (await ok<BoardSnapshot>('board.snapshot')).monitors.map((m) => m.id);
  const alertsOf = async (id: string) => (await ok<AlertSnapshot>('alerts.snapshot')).alerts.filter((a) => a.subject === `monitor:${id}`);
  return { clock, targets, ok, refused, site, monitor, repos, history, boardIds, alertsOf, core: harness.core };
}

describe('retiring a monitor (issue 15)', () => {
  it('keeps its history, takes it off the board, stops probing it and resolves its alert; it never raises another', async () => {
    const { clock, targets, ok, monitor, history, boardIds, alertsOf, core } = await setup();
    targets.refuse('10.0.0.5:554');
    const nvr = await monitor('Recorder', '10.0.0.5:554');
    await clock.advanceAsync(3 * 60_000);
    expect((await alertsOf(nvr.id)).some((a) => a.state !== 'resolved')).toBe(true);
    core.monitoring.writer.flushAll();
    const kept = history(nvr.id);
    expect(kept.rawResults).toBeGreaterThan(0);
    expect(kept.stateChanges).toBeGreaterThan(0);

    await ok('monitors.delete', { id: nvr.id });
    const probedBefore = targets.startsOf('10.0.0.5:554').length;
    await clock.advanceAsync(10 * 60_000);

    expect(targets.startsOf('10.0.0.5:554')).toHaveLength(probedBefore);
    expect(await boardIds()).not.toContain(nvr.id);
    const alerts = await alertsOf(nvr.id);
    expect(alerts.every((a) => a.state === 'resolved')).toBe(true);
    expect(alerts.at(-1)?.resolution).toBe('Its monitor was retired');
    // Its history is all still there; only the resolution was added.
    const after = history(nvr.id);
    expect(after).toMatchObject({ rawResults: kept.rawResults, stateChanges: kept.stateChanges, alerts: kept.alerts });
    expect(after.minuteRollups).toBeGreaterThanOrEqual(kept.minuteRollups);
    core.close();
  });

  it('lists it as retired with when and by whom, and reads as gone for everything else', async () => {
    const { clock, ok, refused, monitor, core } = await setup();
    const gate = await monitor('Gate', '10.0.0.6:80');
    clock.advance(60_000);
    await ok('monitors.delete', { id: gate.id });
    expect(await ok<RetiredMonitor[]>('monitors.retired')).toEqual([
      {
        id: gate.id,
        name: 'Gate',
        kind: 'tcp',
        siteId: gate.siteId,
        siteName: 'Depot North',
        retiredAt: T0 + 60_000,
        retiredBy: 'Ada Admin',
      },
    ]);
    expect((await refused('monitors.get', { id: gate.id })).code).toBe('not_found');
    expect((await refused('monitors.pause', { id: gate.id })).code).toBe('not_found');
    core.close();
  });

  it('lets a new monitor take a retired one’s name', async () => {
    const { ok, monitor, boardIds, core } = await setup();
    const old = await monitor('Recorder', '10.0.0.7:554');
    await ok('monitors.delete', { id: old.id });
    const replacement = await monitor('Recorder', '10.0.0.8:554');
    expect(await boardIds()).toEqual([replacement.id]);
    expect((await ok<RetiredMonitor[]>('monitors.retired')).map((m) => m.name)).toEqual(['Recorder']);
    core.close();
  });

  it('restores it with its history, and it is probed again', async () => {
    const { clock, targets, ok, monitor, history, boardIds, core } = await setup();
    targets.answer('10.0.0.9:22');
    const panel = await monitor('Panel', '10.0.0.9:22');
    await clock.advanceAsync(60_000);
    await ok('monitors.delete', { id: panel.id });
    core.monitoring.writer.flushAll();
    const kept = history(panel.id);
    const supervisor: Actor = { ...ADA, id: 'user-sam', displayName: 'Sam Supervisor', role: 'supervisor' };
    await ok('monitors.restore', { id: panel.id }, supervisor);
    const probedBefore = targets.startsOf('10.0.0.9:22').length;
    await clock.advanceAsync(30_000);
    expect(targets.startsOf('10.0.0.9:22').length).toBeGreaterThan(probedBefore);
    expect(await boardIds()).toContain(panel.id);
    expect(await ok<RetiredMonitor[]>('monitors.retired')).toEqual([]);
    // Everything from before it was retired is still there, and it goes on from there.
    expect(history(panel.id).stateChanges).toBeGreaterThanOrEqual(kept.stateChanges);
    expect(history(panel.id).rawResults).toBeGreaterThan(kept.rawResults);
    // The hour's roll-up resumes from what was written before it was retired instead of starting again.
    core.monitoring.writer.flushAll();
    expect(history(panel.id).resultsInHourRollups).toBe(history(panel.id).rawResults);
    core.close();
  });

  it('restores a child only after its retired parent', async () => {
    const { ok, refused, monitor, core } = await setup();
    const uplink = await monitor('Uplink', '10.0.1.1:1');
    const camera = await monitor('Camera', '10.0.1.2:1', { parentId: uplink.id });
    expect((await refused('monitors.delete', { id: uplink.id })).message).toContain('is the parent of "Camera"');
    await ok('monitors.delete', { id: camera.id });
    await ok('monitors.delete', { id: uplink.id });
    expect((await refused('monitors.restore', { id: camera.id })).message).toBe(
      '"Camera" depends on "Uplink", which is retired too; restore "Uplink" first',
    );
    await ok('monitors.restore', { id: uplink.id });
    await ok('monitors.restore', { id: camera.id });
    core.close();
  });

  it('purges all its history in one command, audited with what went; a monitor in service cannot be purged', async () => {
    const { clock, targets, ok, refused, monitor, history, core } = await setup();
    targets.refuse('10.0.2.1:80');
    const door = await monitor('Door', '10.0.2.1:80');
    await clock.advanceAsync(3 * 60_000);
    expect((await refused('monitors.purge', { id: door.id })).message).toBe('"Door" is in service, not retired');
    await ok('monitors.delete', { id: door.id });
    core.monitoring.writer.flushAll();
    const kept = history(door.id);
    expect(kept.alerts).toBeGreaterThan(0);

    await ok('monitors.purge', { id: door.id });
    expect(history(door.id)).toEqual({ rawResults: 0, minuteRollups: 0, stateChanges: 0, alerts: 0, resultsInHourRollups: 0 });
    expect(await ok<RetiredMonitor[]>('monitors.retired')).toEqual([]);
    const [entry] = (await ok<AuditPage>('audit.list', { action: 'monitors.purge' })).entries;
    expect(entry).toMatchObject({
      actorName: 'Ada Admin',
      target: `monitor:${door.id}`,
      result: 'ok',
      before: { name: 'Door' },
      after: { removed: { rawResults: kept.rawResults, stateChanges: kept.stateChanges, alerts: kept.alerts } },
    });
    core.close();
  });

  it('leaves no roll-up behind when it is purged soon after a retire whose roll-up write failed', async () => {
    const { clock, targets, ok, monitor, history, core } = await setup();
    targets.answer('10.0.2.2:80');
    const door = await monitor('Door', '10.0.2.2:80');
    await clock.advanceAsync(3 * 60_000 + 30_000); // the refresh at 3 minutes has not stored the last results
    // The database refuses the roll-up write at retire, so the writer keeps them for the next refresh...
    core.store.sqlite.exec(
      `CREATE TEMP TRIGGER refuse_rollups BEFORE INSERT ON rollup_minute BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    await ok('monitors.delete', { id: door.id });
    core.store.sqlite.exec('DROP TRIGGER refuse_rollups');
    // ...but an admin purges the monitor first.
    await ok('monitors.purge', { id: door.id });
    await clock.advanceAsync(2 * 60_000);
    core.monitoring.writer.flushAll();
    expect(history(door.id)).toEqual({ rawResults: 0, minuteRollups: 0, stateChanges: 0, alerts: 0, resultsInHourRollups: 0 });
    core.close();
  });

  it('leaves purging to an admin and restoring to a supervisor', async () => {
    const { ok, refused, monitor, core } = await setup();
    const gate = await monitor('Gate', '10.0.3.1:80');
    await ok('monitors.delete', { id: gate.id });
    const signedIn = { sessionId: 'session-1', access: 'signed-in' } as const;
    const operator: Actor = { ...ADA, ...signedIn, id: 'user-olive', displayName: 'Olive Operator', role: 'operator' };
    const supervisor: Actor = { ...ADA, ...signedIn, id: 'user-sam', displayName: 'Sam Supervisor', role: 'supervisor' };
    expect((await refused('monitors.restore', { id: gate.id }, operator)).code).toBe('forbidden');
    expect((await refused('monitors.purge', { id: gate.id }, supervisor)).code).toBe('forbidden');
    core.close();
  });

  it('keeps a site with a retired monitor until it is purged', async () => {
    const { ok, refused, site, monitor, core } = await setup();
    const gate = await monitor('Gate', '10.0.4.1:80');
    await ok('monitors.delete', { id: gate.id });
    expect((await refused('sites.delete', { id: site.id })).message).toBe(
      '"Depot North" still has 1 retired monitor kept for its history; purge it first (Sites, Retired)',
    );
    await ok('monitors.purge', { id: gate.id });
    await ok('sites.delete', { id: site.id });
    core.close();
  });

  it('still reports the availability of a period it was in service for, and not of a period after it was retired', async () => {
    const { clock, targets, ok, monitor, core } = await setup();
    targets.answer('10.0.6.1:80');
    const gate = await monitor('Gate', '10.0.6.1:80');
    await clock.advanceAsync(30 * 60_000);
    await ok('monitors.delete', { id: gate.id });
    clock.advance(60 * 60_000);
    const namesIn = async (from: number, to: number) =>
      (await ok<{ monitors: { name: string }[] }>('reports.availability', { from, to })).monitors.map((m) => m.name);
    expect(await namesIn(T0, T0 + 60 * 60_000)).toEqual(['Gate']);
    expect(await namesIn(T0 + 40 * 60_000, T0 + 90 * 60_000)).toEqual([]);
    core.close();
  });

  it('counts a retired monitor’s history on the Retention page and says how many are retired', async () => {
    const { clock, targets, ok, monitor, core } = await setup();
    targets.answer('10.0.5.1:80');
    const gate = await monitor('Gate', '10.0.5.1:80');
    await clock.advanceAsync(60_000);
    core.monitoring.writer.flushAll();
    const rawBefore = (await ok<RetentionOverview>('retention.overview')).kinds.find((k) => k.kind === 'raw-results')?.rows;
    await ok('monitors.delete', { id: gate.id });
    const overview = await ok<RetentionOverview>('retention.overview');
    expect(overview.retiredMonitors).toBe(1);
    expect(overview.kinds.find((k) => k.kind === 'raw-results')?.rows).toBe(rawBefore);
    core.close();
  });
});
