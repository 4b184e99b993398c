// dashboard-queries: an encrypted database of 500 monitors x 30 days at 60 s (roll-ups at every
// resolution for 30 days, raw rows for the last 7 days, as retention keeps them), then the three
// reads the dashboard makes, timed.
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createQueries } from '../src/core/probes/queries';
import { systemClock } from '../src/shared/domain/clock';
import { fleetDatabase } from './support/fleet';
import { durationPerReference, measureReferenceMs, referenceFigure, scaledTarget } from './support/reference';
import { percentile, report } from './support/report';

const MONITORS = 500;
const DAYS = 30;
const MINUTE = 60_000;
const now = Date.now();
const start = Math.floor((now - DAYS * 86_400_000) / 86_400_000) * 86_400_000;
const { dir, store, repos } = fleetDatabase(MONITORS);
const db = store.sqlite;

const t0 = performance.now();
// Test data is generated in SQL (a C loop) rather than through the writer, to keep the run short;
// the shapes are the writer's. Every minute has one result; about one in 200 fails.
db.exec(`
  CREATE TEMP TABLE monitor_ids AS SELECT id, CAST(substr(id, 2) AS INTEGER) AS n FROM monitors;
  CREATE TEMP TABLE minutes(k INTEGER PRIMARY KEY);
  WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < ${DAYS * 1440 - 1}) INSERT INTO minutes SELECT k FROM seq;
`);
const insertMinutes = db.prepare(`
  INSERT INTO rollup_minute (monitor_id, bucket, count, up_count, latency_count, latency_min, latency_max, latency_sum, latency_p95, hist, through_rowid)
  SELECT m.id, ${start} + k * ${MINUTE}, 1, ((k * 7 + m.n) % 200 != 0), 1, 10 + (k + m.n) % 40, 10 + (k + m.n) % 40, 10 + (k + m.n) % 40, 10 + (k + m.n) % 40, NULL, 0
  FROM minutes, monitor_ids m WHERE m.n >= ? AND m.n < ?`);
for (let first = 0; first < MONITORS; first += 25) db.transaction(() => insertMinutes.run(first, first + 25))();
for (const [level, size] of [
  ['hour', 3_600_000],
  ['day', 86_400_000],
] as const) {
  db.exec(`INSERT INTO rollup_${level} (monitor_id, bucket, count, up_count, latency_count, latency_min, latency_max, latency_sum, latency_p95, hist, through_rowid)
    SELECT monitor_id, (bucket / ${size}) * ${size}, sum(count), sum(up_count), sum(latency_count), min(latency_min), max(latency_max), sum(latency_sum), max(latency_p95), zeroblob(256), 0
    FROM rollup_minute GROUP BY monitor_id, (bucket / ${size}) * ${size}`);
}
const rawFrom = now - 7 * 86_400_000;
db.transaction(() =>
  db.exec(`INSERT INTO probe_results (monitor_id, at, ok, latency_ms, error)
    SELECT monitor_id, bucket, up_count, latency_sum, NULL FROM rollup_minute WHERE bucket >= ${rawFrom} ORDER BY bucket`),
)();
db.exec(`INSERT INTO monitor_state (monitor_id, status, verdict, cause_json, since, last_check_at, last_latency_ms)
  SELECT id, 'up', 'up', '{"kind":"own"}', ${now - 3_600_000}, ${now}, 12 FROM monitors`);
db.pragma('wal_checkpoint(TRUNCATE)');
const generateS = (performance.now() - t0) / 1000;
const rows = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const counts = { minute: rows('rollup_minute'), hour: rows('rollup_hour'), day: rows('rollup_day'), raw: rows('probe_results') };

const queries = createQueries(repos.monitoring, systemClock, { stateOf: () => null, statusOf: () => null });
function time(runs: number, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < 20; i += 1) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const s = performance.now();
    fn(i);
    samples.push(performance.now() - s);
  }
  return samples;
}
const fleet = time(100, () => queries.fleetOverview());
const series = time(500, (i) => queries.series(`m${(i * 37) % MONITORS}`, '30d'));
const latest = time(500, () => repos.monitoring.listStates());
const sizeMiB = statSync(store.path).size / 1048576;
store.close();
rmSync(dir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('dashboard-queries', {
  fleet_overview_30d_p95: { value: percentile(fleet, 95), unit: 'ms', target: '<= 50' },
  monitor_series_30d_p95: { value: percentile(series, 95), unit: 'ms', target: '<= 5' },
  latest_status_all_p95: { value: percentile(latest, 95), unit: 'ms', target: '<= 5' },
  fleet_overview_30d_p95_per_reference: durationPerReference(percentile(fleet, 95), referenceMs, scaledTarget('<=', 50, 'duration')),
  monitor_series_30d_p95_per_reference: durationPerReference(percentile(series, 95), referenceMs, scaledTarget('<=', 5, 'duration')),
  latest_status_all_p95_per_reference: durationPerReference(percentile(latest, 95), referenceMs, scaledTarget('<=', 5, 'duration')),
  reference: referenceFigure(referenceMs),
  generated_minute_rollups: { value: counts.minute, unit: 'rows' },
  generated_hour_rollups: { value: counts.hour, unit: 'rows' },
  generated_day_rollups: { value: counts.day, unit: 'rows' },
  generated_raw_rows_7d: { value: counts.raw, unit: 'rows' },
  database_size: { value: sizeMiB, unit: 'MiB' },
  generation_time: { value: generateS, unit: 's' },
});
