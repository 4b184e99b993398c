import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuditPage, EventMessage, RetentionKind, RetentionOverview, RetiredMonitor, Settings } from '../../shared/contract';
import { pastAlert } from '../../../test/support/report-history';
import { createRepositories } from '../db';
import { createSilentLogger } from '../logging';
import { pruneHistory, retentionFromSettings } from '../probes';
import { join } from 'node:path';
import { AUDIT_ARCHIVE_FOLDER, createAuditLog, deriveChainKey } from '../audit';
import { createDataRetention } from './retention';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const T0 = Date.UTC(2019, 0, 7, 9, 0, 0);
const EIGHT_YEARS_LATER = T0 + 8 * 365 * DAY;

async function valueOf<T>(core: ReturnType<typeof startTestCore>, method: string, input?: unknown): Promise<T> {
  const envelope = await core.call(method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

const byKind = (overview: RetentionOverview) => new Map(overview.kinds.map((state) => [state.kind, state]));

describe('retention (issue 15)', () => {
  it('the dry run on the Retention page is exactly what the next prune removes, kind by kind, and a kept monitor keeps the rest', async () => {
    const dataDir = tempDir();
    // Eight years ago: alerts raised and resolved then, one left open ever since.
    const before = startTestCore(dataDir, { clock: new FakeClock(T0) });
    before.core.start();
    const engine = before.core.alerting.engine;
    for (const job of ['old-1', 'old-2', 'still-open']) {
      engine.reportExternal('backup-failed', { subject: `backup-job:${job}`, name: job, siteId: null }, `${job} failed`);
    }
    for (const job of ['old-1', 'old-2'])
      engine.clearExternal('backup-failed', { subject: `backup-job:${job}`, name: job, siteId: null }, 'fixed');
    const site = await valueOf<{ id: string }>(before, 'sites.create', { name: 'Depot' });
    const monitor = await valueOf<{ id: string }>(before, 'monitors.create', { siteId: site.id, name: 'Gate', probe: { kind: 'manual' } });
    before.core.close();

    const now = new FakeClock(EIGHT_YEARS_LATER);
    const started = startTestCore(dataDir, { key: before.key, clock: now });
    const { core } = started;
    core.start();
    // A recent resolved alert, which stays.
    core.alerting.engine.reportExternal('backup-failed', { subject: 'backup-job:recent', name: 'recent', siteId: null }, 'failed');
    core.alerting.engine.clearExternal('backup-failed', { subject: 'backup-job:recent', name: 'recent', siteId: null }, 'fixed');
    const repos = createRepositories(core.store);
    const ago = (days: number) => EIGHT_YEARS_LATER - days * DAY;
    const results = [1, 3, 6, 8, 10, 45].map((days) => ({ monitorId: monitor.id, at: ago(days), ok: true, latencyMs: 12, error: null }));
    repos.monitoring.insertResults(results);
    const rollup = (bucket: number) => ({
      monitorId: monitor.id,
      bucket,
      count: 1,
      upCount: 1,
      latencyCount: 1,
      latencyMin: 12,
      latencyMax: 12,
      latencySum: 12,
      latencyP95: 12,
      hist: null,
      throughRowid: 0,
    });
    repos.monitoring.writeRollups('minute', [ago(2), ago(29), ago(31), ago(90)].map(rollup));
    repos.monitoring.writeRollups('hour', [ago(10), ago(399), ago(401)].map(rollup));
    repos.monitoring.writeRollups('day', [ago(100), ago(7 * 365 + 1)].map(rollup));
    repos.monitoring.insertStateChanges(
      [ago(3), ago(7 * 365 + 2)].map((at) => ({
        monitorId: monitor.id,
        at,
        fromStatus: 'up' as const,
        toStatus: 'down' as const,
        reason: 'test',
      })),
    );

    const dryRun = byKind(await valueOf<RetentionOverview>(started, 'retention.overview'));
    const expected: [RetentionKind, number][] = [
      ['raw-results', 3],
      ['minute-rollups', 2],
      ['hour-rollups', 1],
      ['day-rollups', 1],
      ['status-changes', 1],
      ['alerts', 2],
    ];
    for (const [kind, rows] of expected) expect({ kind, rows: dryRun.get(kind)?.nextPruneRows }).toEqual({ kind, rows });
    expect(dryRun.get('raw-results')).toMatchObject({ keepDays: 7, setting: 'retentionRawDays', rows: 6, cutoffAt: ago(7) });
    expect(dryRun.get('alerts')).toMatchObject({ keepDays: 2555, rows: 4, notPrunedBecause: null });
    expect(dryRun.get('raw-results')?.bytes).toBeGreaterThan(0);
    // Every audit entry of eight years ago goes (into its archive); the entries written since stay.
    expect(dryRun.get('audit-log')?.nextPruneRows).toBeGreaterThan(0);
    expect(dryRun.get('audit-log')?.notPrunedBecause).toBeNull();

    // The prunes core runs on its schedule, at the same moment.
    const settings = await valueOf<Settings>(started, 'settings.get');
    await pruneHistory(repos, retentionFromSettings(settings), now.now(), async () => undefined);
    const retention = createDataRetention({
      repos,
      settings: () => settings,
      clock: now,
      timers: now,
      logger: createSilentLogger(),
      logFilePath: `${dataDir}/watchroom.log`,
      audit: createAuditLog(repos, now, deriveChainKey(started.key), join(dataDir, AUDIT_ARCHIVE_FOLDER)),
      emit: () => undefined,
    });
    await retention.pruneRecords(now.now(), async () => undefined);
    const auditBefore = repos.retention.holdings('audit-log').rows;
    const pruned = retention.pruneAudit(now.now());
    // The prunes add their own entries, which record the archived ranges.
    const ownEntries = (
      core.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('audit.pruned', 'audit.security-pruned')").get() as {
        n: number;
      }
    ).n;
    expect({ removed: auditBefore + ownEntries - repos.retention.holdings('audit-log').rows }).toEqual({
      removed: dryRun.get('audit-log')?.nextPruneRows,
    });
    expect(pruned.removed?.firstSeq).toBe(1);

    const after = byKind(await valueOf<RetentionOverview>(started, 'retention.overview'));
    for (const [kind] of expected) {
      const removed = (dryRun.get(kind)?.rows ?? 0) - (after.get(kind)?.rows ?? 0);
      expect({ kind, removed }).toEqual({ kind, removed: dryRun.get(kind)?.nextPruneRows });
      expect({ kind, next: after.get(kind)?.nextPruneRows }).toEqual({ kind, next: 0 });
    }
    // The open alert from eight years ago stays, and so does the recent one.
    expect(
      repos.alerts
        .listAlerts(0)
        .map((alert) => alert.subjectName)
        .sort(),
    ).toEqual(['recent', 'still-open']);
    core.close();
  });

  it("removes a retired monitor once retention has left it no history, audited as the system's purge, and the dry run names it first", async () => {
    const dataDir = tempDir();
    const before = startTestCore(dataDir, { clock: new FakeClock(T0) });
    before.core.start();
    const site = await valueOf<{ id: string }>(before, 'sites.create', { name: 'Depot' });
    const create = (name: string) =>
      valueOf<{ id: string }>(before, 'monitors.create', { siteId: site.id, name, probe: { kind: 'manual' } });
    const gate = await create('Gate');
    const camera = await create('Camera');
    const panel = await create('Panel');
    const repos = createRepositories(before.core.store);
    const rollup = (monitorId: string, bucket: number) => ({
      monitorId,
      bucket,
      count: 1,
      upCount: 0,
      latencyCount: 0,
      latencyMin: null,
      latencyMax: null,
      latencySum: 0,
      latencyP95: null,
      hist: null,
      throughRowid: 0,
    });
    // Gate and Camera: a day of history, then retired. Camera's alert was resolved a month later, so it outlives the roll-ups.
    for (const monitor of [gate, camera]) {
      repos.monitoring.writeRollups('hour', [rollup(monitor.id, T0 - DAY)]);
      repos.monitoring.writeRollups('day', [rollup(monitor.id, T0 - DAY)]);
    }
    repos.alerts.saveAlert(pastAlert('gate-down', { firstSeenAt: T0 - DAY, severity: 'high', ruleId: 'down', monitorId: gate.id }));
    repos.alerts.saveAlert({
      ...pastAlert('camera-down', { firstSeenAt: T0 - DAY, severity: 'high', ruleId: 'down', monitorId: camera.id }),
      resolvedAt: T0 + 30 * DAY,
    });
    await valueOf(before, 'monitors.delete', { id: gate.id });
    await valueOf(before, 'monitors.delete', { id: camera.id });
    before.core.close();

    // Seven years and two days on (day roll-ups and status changes are kept 7 × 365 days, resolved alerts 2,555 days).
    const later = T0 + (7 * 365 + 2) * DAY;
    const clock = new FakeClock(later);
    const started = startTestCore(dataDir, { key: before.key, clock });
    started.core.start();
    // Panel never recorded a thing and is retired only now: nothing of it has expired.
    await valueOf(started, 'monitors.delete', { id: panel.id });

    const dryRun = await valueOf<RetentionOverview>(started, 'retention.overview');
    expect(dryRun.retiredMonitors).toBe(3);
    expect(dryRun.expiringRetiredMonitors).toEqual([{ id: gate.id, name: 'Gate', siteName: 'Depot', retiredAt: T0 }]);

    const laterRepos = createRepositories(started.core.store);
    const settings = await valueOf<Settings>(started, 'settings.get');
    const emitted: EventMessage[] = [];
    const retention = createDataRetention({
      repos: laterRepos,
      settings: () => settings,
      clock,
      timers: clock,
      logger: createSilentLogger(),
      logFilePath: `${dataDir}/watchroom.log`,
      audit: createAuditLog(laterRepos, clock, deriveChainKey(started.key), join(dataDir, AUDIT_ARCHIVE_FOLDER)),
      emit: (message) => emitted.push(message),
    });
    expect(retention.expireRetiredMonitors(clock.now()).map((m) => m.id)).toEqual([gate.id]);

    const retired = await valueOf<RetiredMonitor[]>(started, 'monitors.retired');
    expect(retired.map((m) => m.name).sort()).toEqual(['Camera', 'Panel']);
    const rowsOf = (sql: string, value: string) => (started.core.store.sqlite.prepare(sql).get(value) as { n: number }).n;
    expect(rowsOf('SELECT count(*) AS n FROM rollup_day WHERE monitor_id = ?', gate.id)).toBe(0);
    expect(rowsOf('SELECT count(*) AS n FROM alerts WHERE subject = ?', `monitor:${gate.id}`)).toBe(0);
    expect(rowsOf('SELECT count(*) AS n FROM alerts WHERE subject = ?', `monitor:${camera.id}`)).toBe(1);
    const [entry] = (await valueOf<AuditPage>(started, 'audit.list', { action: 'monitors.purge' })).entries;
    expect(entry).toMatchObject({
      actor: 'system',
      target: `monitor:${gate.id}`,
      result: 'ok',
      detail: 'history expired',
      before: { name: 'Gate', siteName: 'Depot', retiredAt: T0 },
      after: { removed: { rollups: 2, alerts: 1 } },
    });
    expect(emitted).toEqual([{ event: 'monitors.changed', payload: { reason: 'monitor' } }]);
    // Nothing more goes at the next prune: the dry run says so.
    expect((await valueOf<RetentionOverview>(started, 'retention.overview')).expiringRetiredMonitors).toEqual([]);
    started.core.close();
  });
});
