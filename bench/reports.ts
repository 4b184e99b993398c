// reports: what the Reports page's reads cost on a big console. One figure per function below, each
// seeding what it needs into one shared console (a real encrypted database, a fake clock) and
// timing its call through the dispatcher; to add a figure, write one more function and list it in
// FIGURES. The history is written as the probe writer and the engines would have left it (roll-ups,
// alerts, incidents, backups inserted whole): this measures the reads, not the writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src/core/app';
import { createRepositories, type Repositories } from '../src/core/db';
import { createSilentLogger } from '../src/core/logging';
import { invoke, LOCAL_OPERATOR } from '../src/core/service';
import type { Monitor, Site } from '../src/shared/contract';
import { FakeClock } from '../test/support/fake-clock';
import { pastAlert, pastBackup, pastIncident } from '../test/support/report-history';
import { seedOutages, seedRollups } from '../test/support/rollups';
import { benchAlertHistory } from './support/alert-history';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report, type Figure } from './support/report';

const RUNS = 15;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONITORS = 500;
const SITES = 50;
/** November 2026 is reported; October is the month before; the console's clock stands on 3 December. */
const NOVEMBER = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) };
const OCTOBER = { from: Date.UTC(2026, 9, 1), to: NOVEMBER.from };
const ALERTS_PER_MONTH = 20_000;
const INCIDENTS_PER_MONTH = 300;

interface World {
  core: Core;
  repos: Repositories;
  monitors: Monitor[];
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm: statements prepared, pages cached
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Availability of November for 500 monitors: a month of hour and day roll-ups each, two short outages per monitor. */
async function availabilityMonth500(world: World): Promise<Record<string, Figure>> {
  for (const [i, monitor] of world.monitors.entries()) {
    const outageHour = NOVEMBER.from + ((i * 7) % 30) * DAY + (i % 24) * HOUR;
    seedRollups(world.repos, monitor.id, {
      from: OCTOBER.from,
      to: Date.UTC(2026, 11, 3),
      perHour: 120,
      failedIn: (hour) => (hour === outageHour ? 40 : hour === outageHour + 5 * DAY ? 120 : 0),
    });
    // The status changes the outages are counted from: 20 minutes down, then the whole hour five days later.
    seedOutages(world.repos, monitor.id, [
      [outageHour + 10 * MINUTE, outageHour + 30 * MINUTE],
      [outageHour + 5 * DAY, outageHour + 5 * DAY + HOUR],
    ]);
  }
  let outages = 0;
  const samples = await timed(async () => {
    const result = await invoke(world.core.dispatcher, 'reports.availability', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    outages = result.totals.outages;
  });
  return {
    availability_month_500: { value: percentile(samples, 50), unit: 'ms', target: '<= 200 ms' },
    availability_month_500_p95: { value: percentile(samples, 95), unit: 'ms' },
    availability_month_500_outages: { value: outages, unit: 'outages' },
  };
}

/** The review of November beside October: 20,000 alerts and 300 incidents a month, daily backups, the audit chain verified. */
async function operationsReview(world: World): Promise<Record<string, Figure>> {
  const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
  const priorities = ['P0', 'P1', 'P2'] as const;
  world.repos.transaction(() => {
    for (const [m, month] of [OCTOBER, NOVEMBER].entries()) {
      const span = month.to - month.from;
      for (let i = 0; i < ALERTS_PER_MONTH; i += 1)
        world.repos.alerts.saveAlert(
          pastAlert(`a${m}-${i}`, {
            firstSeenAt: month.from + Math.floor((i * span) / ALERTS_PER_MONTH),
            severity: severities[i % severities.length]!,
            ruleId: `rule-${i % 40}`,
            monitorId: world.monitors[(i * 31) % world.monitors.length]!.id,
            ackAfterMs: i % 4 === 0 ? null : ((i * 13) % 900) * 1000,
          }),
        );
      for (let i = 0; i < INCIDENTS_PER_MONTH; i += 1)
        world.repos.incidents.saveIncident(
          pastIncident(m * INCIDENTS_PER_MONTH + i + 1_000, {
            startedAt: month.from + Math.floor((i * span) / INCIDENTS_PER_MONTH),
            priority: priorities[i % priorities.length]!,
            respondedAfterMin: (i * 7) % 40,
            resolvedAfterMin: i % 10 === 0 ? null : (i * 37) % 600,
            siteId: `site-${i % SITES}`,
          }),
        );
      for (let day = 0; day < span / DAY; day += 1)
        world.repos.backups.insertBackup(
          pastBackup(`b${m}-${day}`, month.from + day * DAY + 2 * HOUR, day % 9 === 0 ? 'unverified' : 'good'),
        );
    }
  });
  let alerts = 0;
  let auditEntries = 0;
  const samples = await timed(async () => {
    const review = await invoke(world.core.dispatcher, 'reports.operationsReview', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    alerts = review.alerts.total.value ?? 0;
    auditEntries = review.auditChain.checked;
  });
  return {
    operations_review: { value: percentile(samples, 50), unit: 'ms', target: '<= 500 ms' },
    operations_review_p95: { value: percentile(samples, 95), unit: 'ms' },
    operations_review_alerts: { value: alerts, unit: 'alerts in the month' },
    operations_review_audit_entries: { value: auditEntries, unit: 'audit entries verified' },
  };
}

const FIGURES: ((world: World) => Promise<Record<string, Figure>>)[] = [availabilityMonth500, operationsReview];

const dir = mkdtempSync(join(tmpdir(), 'watchroom-reports-'));
const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0));
const core = createCore({
  dataDir: dir,
  dbKey: randomBytes(32),
  mode: 'serve',
  version: 'bench',
  clock,
  timers: clock,
  logger: createSilentLogger(),
});
await invoke(core.dispatcher, 'settings.set', { timeZone: 'utc' }, { actor: LOCAL_OPERATOR });
const sites: Site[] = [];
for (let s = 0; s < SITES; s += 1)
  sites.push(await invoke(core.dispatcher, 'sites.create', { name: `Site ${s}` }, { actor: LOCAL_OPERATOR }));
const monitors: Monitor[] = [];
for (let i = 0; i < MONITORS; i += 1)
  monitors.push(
    await invoke(
      core.dispatcher,
      'monitors.create',
      { siteId: sites[i % SITES]!.id, name: `Monitor ${i}`, probe: { kind: 'tcp', host: '10.0.0.9', port: 4001 }, intervalSeconds: 30 },
      { actor: LOCAL_OPERATOR },
    ),
  );
const world: World = { core, repos: createRepositories(core.store), monitors };
const figures: Record<string, Figure> = {};
for (const figure of FIGURES) Object.assign(figures, await figure(world));
core.close();
rmSync(dir, { recursive: true, force: true });
// The alert history search seeds two years of alerts into its own cached database (bench/support/alert-history.ts).
Object.assign(figures, await benchAlertHistory());
report('reports', { ...figures, reference: referenceFigure(measureReferenceMs()) });
