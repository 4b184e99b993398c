// ingest: probe results per second into the encrypted database with roll-ups maintained, through
// the one writer (batches of 1,000 rows or 250 ms), while a dashboard query loop runs beside it.
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createQueries } from '../src/core/probes/queries';
import { ResultWriter, type CommitStats } from '../src/core/probes';
import { startCheckpointer } from '../src/core/db';
import { systemClock, systemTimers } from '../src/shared/domain/clock';
import { upStateRow } from '../test/support/monitor-state';
import { fleetDatabase } from './support/fleet';
import { durationPerReference, measureReferenceMs, ratePerReference, referenceFigure, scaledTarget } from './support/reference';
import { percentile, report } from './support/report';

const MONITORS = 2000;
const DURATION_MS = 10_000;
const { dir, store, repos, key } = fleetDatabase(MONITORS);
// As in the app: checkpoints run on a connection of their own, in a worker thread.
const stopCheckpointer = startCheckpointer(store.path, key, (message) => console.error(message));
const commits: CommitStats[] = [];
const writer = new ResultWriter(repos, systemClock, systemTimers, undefined, (stats) => commits.push(stats));
const queries = createQueries(repos.monitoring, systemClock, { stateOf: () => null, statusOf: () => null });

const state = (monitorId: string) => upStateRow(monitorId, { lastCheckAt: Date.now(), lastLatencyMs: 12, consecutiveSuccesses: 1 });

const queryTimes: number[] = [];
let running = true;
function dashboardLoop(): void {
  if (!running) return;
  const t0 = performance.now();
  queries.board();
  queries.series(`m${Math.floor(Math.random() * MONITORS)}`, '24h');
  queries.uptimes(`m${Math.floor(Math.random() * MONITORS)}`);
  queries.fleetOverview();
  queryTimes.push(performance.now() - t0);
  setTimeout(dashboardLoop, 100);
}

let pushed = 0;
/** Pushes results for `durationMs`: as fast as the writer takes them, or at `perSecond`. */
function produceFor(durationMs: number, perSecond: number | null): Promise<number> {
  const start = performance.now();
  return new Promise<number>((resolve) => {
    const produce = () => {
      const elapsed = performance.now() - start;
      if (elapsed >= durationMs) return resolve(elapsed / 1000);
      const due = perSecond === null ? 200 : Math.max(0, Math.floor((elapsed / 1000) * perSecond) - (pushed - startPushed));
      for (let i = 0; i < due; i += 1) {
        const monitorId = `m${pushed % MONITORS}`;
        writer.push(
          { monitorId, at: Date.now(), ok: pushed % 13 !== 0, latencyMs: 5 + (pushed % 40), error: null },
          state(monitorId),
          null,
        );
        pushed += 1;
      }
      if (perSecond === null) setImmediate(produce);
      else setTimeout(produce, 1);
    };
    const startPushed = pushed;
    produce();
  });
}

dashboardLoop();
// Phase 1: the highest rate the writer sustains. Phase 2: commit latency at the rated 10,000/s.
const maxPhaseS = await produceFor(DURATION_MS, null);
writer.flushAll();
const resultRows = (list: CommitStats[]) => list.filter((c) => c.kind === 'batch').reduce((sum, c) => sum + c.rows, 0);
const maxCommitted = resultRows(commits);
commits.length = 0;
await produceFor(DURATION_MS, 10_000);
running = false;
writer.close();
const ratedCommitted = resultRows(commits);
// Every commit counts: result batches and the small roll-up transactions alike.
const durations = commits.map((c) => c.durationMs);
const batchDurations = commits.filter((c) => c.kind === 'batch').map((c) => c.durationMs);
const rollupDurations = commits.filter((c) => c.kind === 'rollups').map((c) => c.durationMs);
await stopCheckpointer();
const walBytes = statSync(`${store.path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
const stored = (store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n;
store.close();
rmSync(dir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('ingest', {
  results_per_second: { value: maxCommitted / maxPhaseS, unit: 'results/s', target: '>= 10000' },
  results_per_reference: ratePerReference(maxCommitted / maxPhaseS, referenceMs, 'results', scaledTarget('>=', 10_000, 'rate')),
  rated_phase_results_per_second: { value: ratedCommitted / (DURATION_MS / 1000), unit: 'results/s' },
  commit_p50: { value: percentile(durations, 50), unit: 'ms' },
  commit_p99: { value: percentile(durations, 99), unit: 'ms', target: '<= 25' },
  commit_p99_per_reference: durationPerReference(percentile(durations, 99), referenceMs, scaledTarget('<=', 25, 'duration')),
  reference: referenceFigure(referenceMs),
  commit_max: { value: Math.max(...durations), unit: 'ms' },
  batch_commit_p99: { value: percentile(batchDurations, 99), unit: 'ms' },
  rollup_commit_p99: { value: percentile(rollupDurations, 99), unit: 'ms' },
  dashboard_query_loop_p95: { value: percentile(queryTimes, 95), unit: 'ms' },
  results_stored: { value: stored, unit: 'rows' },
  wal_size_at_end: { value: walBytes / 1048576, unit: 'MiB' },
  monitors: { value: MONITORS, unit: 'monitors' },
});
