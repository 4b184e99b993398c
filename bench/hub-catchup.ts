// hub-catchup: a console's replica away while 12,000 changes happen on the hub, then caught up
// through the change feed (in-process for now: each page goes through JSON as on the wire); a
// console's outbox of 1,000 commands replayed to a real hub server (bench/support/outbox-replay.ts). Also
// what the feed's triggers cost a probe write pass: the same pass on a database with and without
// them, alternating so the shared machine's noise falls on both alike.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Repositories, type RollupRow } from '../src/core/db';
import { createChangeFeed, createReplica, type ChangeFeed, type Replica } from '../src/core/replication';
import type { FeedChanges, SnapshotCursor } from '../src/shared/contract/hub';
import { systemClock } from '../src/shared/domain/clock';
import { upStateRow } from '../test/support/monitor-state';
import { fleetDatabase } from './support/fleet';
import { measureOutboxReplay } from './support/outbox-replay';
import { durationPerReference, measureReferenceMs, referenceFigure, scaledTarget } from './support/reference';
import { percentile, report } from './support/report';

const MONITORS = 2000;
const PAGE = 5000;
const WRITE_PASSES = 40;
const OUTBOX_COMMANDS = 1000;
/** Days of hour roll-ups a fresh console's snapshot carries here (a replica holds up to 30). */
const SNAPSHOT_HOUR_DAYS = 3;

function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

function rollup(monitorId: string, bucket: number, count: number): RollupRow {
  return {
    monitorId,
    bucket,
    count,
    upCount: count,
    latencyCount: count,
    latencyMin: 3,
    latencyMax: 40,
    latencySum: 12 * count,
    latencyP95: 31,
    hist: randomBytes(64),
    throughRowid: count,
  };
}

/** What the result writer commits per batch: 1,000 raw results and the states of their monitors. */
function writePass(repos: Repositories, pass: number): number {
  const started = performance.now();
  repos.transaction(() => {
    const now = Date.now();
    const results = Array.from({ length: 1000 }, (_, i) => ({
      monitorId: `m${(pass * 1000 + i) % MONITORS}`,
      at: now,
      ok: true,
      latencyMs: 5 + (i % 40),
      error: null,
    }));
    repos.monitoring.insertResults(results);
    repos.monitoring.upsertStates(
      results.map((r) => upStateRow(r.monitorId, { lastCheckAt: now + pass, lastLatencyMs: r.latencyMs, consecutiveSuccesses: pass })),
    );
  });
  return performance.now() - started;
}

/** A roll-up flush: every monitor's open hour written whole. */
function rollupPass(repos: Repositories, pass: number): number {
  const started = performance.now();
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  repos.transaction(() =>
    repos.monitoring.writeRollups(
      'hour',
      Array.from({ length: MONITORS }, (_, i) => rollup(`m${i}`, hour, pass + 1)),
    ),
  );
  return performance.now() - started;
}

// --- A console's outbox of 1,000 commands made offline, replayed once the hub is back ----------
// First, on a quiet process: the sections below leave hundreds of MiB for the collector.
const replay = await measureOutboxReplay(OUTBOX_COMMANDS);

// --- What the triggers cost a write pass -----------------------------------------------------
const plain = fleetDatabase(MONITORS);
const fed = fleetDatabase(MONITORS);
createChangeFeed(fed.store.sqlite, { clock: systemClock });
const passMs = { plain: [] as number[], fed: [] as number[] };
const rollupMs = { plain: [] as number[], fed: [] as number[] };
for (let pass = 0; pass < WRITE_PASSES; pass += 1) {
  // Alternating which goes first, so neither always meets the warmer cache.
  const order = pass % 2 === 0 ? (['plain', 'fed'] as const) : (['fed', 'plain'] as const);
  for (const which of order) {
    const { repos } = which === 'plain' ? plain : fed;
    passMs[which].push(writePass(repos, pass));
    rollupMs[which].push(rollupPass(repos, pass));
  }
}
for (const { store, dir } of [plain, fed]) {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

// --- A replica away while 12,000 changes happen ----------------------------------------------
const hub = fleetDatabase(MONITORS);
const feed = createChangeFeed(hub.store.sqlite, { clock: systemClock });
const replicaDir = mkdtempSync(join(tmpdir(), 'watchroom-bench-replica-'));
const replicaStore = openDatabase(join(replicaDir, 'replica.db'), randomBytes(32));
const replica = createReplica(replicaStore.sqlite, { clock: systemClock });

/** A whole snapshot, each page through JSON as on the wire; returns the rows it carried. */
function snapshot(from: ChangeFeed, to: Replica): number {
  const asOfSeq = from.head();
  to.beginSnapshot('bench-hub', asOfSeq);
  let cursor: SnapshotCursor | null = null;
  let rows = 0;
  do {
    const page = from.snapshotPage(cursor, asOfSeq, PAGE);
    to.applySnapshotPage(JSON.parse(JSON.stringify(page)) as typeof page);
    rows += page.rows.length;
    cursor = page.next;
  } while (cursor);
  to.finishSnapshot();
  return rows;
}
// A fresh console: the configuration, states and a few days of hour roll-ups in one snapshot.
const firstHour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - SNAPSHOT_HOUR_DAYS * 24 * 3_600_000;
for (let h = 0; h < SNAPSHOT_HOUR_DAYS * 24; h += 1) {
  hub.repos.transaction(() =>
    hub.repos.monitoring.writeRollups(
      'hour',
      Array.from({ length: MONITORS }, (_, i) => rollup(`m${i}`, firstHour + h * 3_600_000, 60)),
    ),
  );
}
const snapshotStarted = performance.now();
const snapshotRows = snapshot(feed, replica);
const snapshotMs = performance.now() - snapshotStarted;

const headBefore = feed.head();
const sqlite = hub.store.sqlite;
const now = Date.now();
const hour = Math.floor(now / 3_600_000) * 3_600_000;
const day = Math.floor(now / 86_400_000) * 86_400_000;
const addAlertEvent = sqlite.prepare(`INSERT INTO alert_events (alert_id, at, kind, actor, detail) VALUES (?, ?, 'raised', 'core', ?)`);
const addStateChange = sqlite.prepare(
  `INSERT INTO state_changes (monitor_id, at, from_status, to_status, reason) VALUES (?, ?, 'up', 'down', ?)`,
);
// 12,000 changes to 12,000 distinct rows: the feed coalesces repeated changes of one row, so this is its worst case.
hub.repos.transaction(() => {
  hub.repos.monitoring.upsertStates(
    Array.from({ length: MONITORS }, (_, i) => upStateRow(`m${i}`, { lastCheckAt: now, lastLatencyMs: 9 })),
  );
  hub.repos.monitoring.writeRollups(
    'hour',
    Array.from({ length: MONITORS }, (_, i) => rollup(`m${i}`, hour, 60)),
  );
  hub.repos.monitoring.writeRollups(
    'day',
    Array.from({ length: MONITORS }, (_, i) => rollup(`m${i}`, day, 600)),
  );
  for (let i = 0; i < 3000; i += 1) addAlertEvent.run(`a${i % 500}`, now + i, `Monitor m${i % MONITORS} is down`);
  for (let i = 0; i < 3000; i += 1) addStateChange.run(`m${i % MONITORS}`, now + i, 'timeout after 10 s');
});
const changes = feed.head() - headBefore;

const pageMs: number[] = [];
let bytesOnWire = 0;
const catchUpStarted = performance.now();
for (;;) {
  const pageStarted = performance.now();
  const answer = feed.changesSince(replica.appliedSeq(), PAGE);
  if (answer.kind !== 'changes') throw new Error('the replica was told to take a snapshot');
  const wire = JSON.stringify(answer);
  bytesOnWire += Buffer.byteLength(wire);
  const outcome = replica.apply(JSON.parse(wire) as FeedChanges);
  if (outcome.kind !== 'applied') throw new Error(`catch-up page not applied: ${outcome.kind}`);
  pageMs.push(performance.now() - pageStarted);
  if (!answer.more) break;
}
const catchUpMs = performance.now() - catchUpStarted;
// What the console keeps on disk right after catching up, before any checkpoint folds the WAL in.
const replicaFileBytes = (name: string) => statSync(join(replicaDir, name), { throwIfNoEntry: false })?.size ?? 0;
const replicaCaughtUpBytes = { db: replicaFileBytes('replica.db'), wal: replicaFileBytes('replica.db-wal') };
const equal = JSON.stringify(feed.tableChecksums()) === JSON.stringify(replica.tableChecksums());
if (!equal) throw new Error('the replica differs from the hub after catching up');

// Compaction as the hub runs it (prune about once a minute): first the backlog, then a minute of 2,000 monitors' states.
for (let i = 0; i < 10; i += 1) feed.prune();
for (let pass = 1; pass <= 3; pass += 1) {
  hub.repos.transaction(() =>
    hub.repos.monitoring.upsertStates(Array.from({ length: MONITORS }, (_, i) => upStateRow(`m${i}`, { lastCheckAt: now + pass * 1000 }))),
  );
}
const pruneStarted = performance.now();
feed.prune();
const pruneMs = performance.now() - pruneStarted;

replicaStore.sqlite.pragma('wal_checkpoint(TRUNCATE)');
const replicaBytes = statSync(join(replicaDir, 'replica.db')).size;
hub.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
const hubBytes = statSync(hub.path).size;
const feedRows = (hub.store.sqlite.prepare('SELECT count(*) AS n FROM change_feed').get() as { n: number }).n;
replicaStore.close();
hub.store.close();
rmSync(replicaDir, { recursive: true, force: true });
rmSync(hub.dir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('hub-catchup', {
  outbox_replay: {
    value: replay.fromHubBackMs,
    unit: `ms (${replay.commands} commands, from the hub back to the outbox empty)`,
    target: '<= 5000',
  },
  outbox_replay_from_connected: { value: replay.fromConnectedMs, unit: 'ms (from the link connected and caught up)' },
  catch_up: { value: catchUpMs, unit: 'ms', target: '<= 2000' },
  catch_up_per_reference: durationPerReference(catchUpMs, referenceMs, scaledTarget('<=', 2000, 'duration')),
  changes_while_away: { value: changes, unit: 'changes' },
  catch_up_pages: { value: pageMs.length, unit: `pages of ${PAGE}` },
  catch_up_page_max: { value: Math.max(...pageMs), unit: 'ms' },
  catch_up_bytes: { value: bytesOnWire / 1048576, unit: 'MiB (JSON)' },
  replica_size_after_catch_up: {
    value: (replicaCaughtUpBytes.db + replicaCaughtUpBytes.wal) / 1048576,
    unit: `MiB (replica.db ${(replicaCaughtUpBytes.db / 1048576).toFixed(1)} + -wal ${(replicaCaughtUpBytes.wal / 1048576).toFixed(1)}, encrypted)`,
  },
  replica_size_on_disk: { value: replicaBytes / 1048576, unit: 'MiB (after a checkpoint)' },
  fresh_snapshot: { value: snapshotMs, unit: 'ms' },
  fresh_snapshot_rows: { value: snapshotRows, unit: `rows (${SNAPSHOT_HOUR_DAYS} days of hour roll-ups)` },
  hub_size_on_disk: { value: hubBytes / 1048576, unit: 'MiB' },
  change_feed_rows: { value: feedRows, unit: 'rows (compacted)' },
  prune_after_6000_changes: { value: pruneMs, unit: `ms (compaction, feed of ${feedRows} rows)` },
  write_pass_without_feed_p50: { value: median(passMs.plain), unit: 'ms (1,000 results + states)' },
  write_pass_with_feed_p50: { value: median(passMs.fed), unit: 'ms (1,000 results + states)' },
  write_pass_feed_ratio: { value: median(passMs.fed) / median(passMs.plain), unit: 'x' },
  rollup_flush_without_feed_p50: { value: median(rollupMs.plain), unit: `ms (${MONITORS} hour roll-ups)` },
  rollup_flush_with_feed_p50: { value: median(rollupMs.fed), unit: `ms (${MONITORS} hour roll-ups)` },
  rollup_flush_feed_ratio: { value: median(rollupMs.fed) / median(rollupMs.plain), unit: 'x' },
  monitors: { value: MONITORS, unit: 'monitors' },
  reference: referenceFigure(referenceMs),
});
