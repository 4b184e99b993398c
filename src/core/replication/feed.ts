import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { FeedChange, FeedChanges, SnapshotCursor, SnapshotNeeded, SnapshotPage } from '../../shared/contract/hub';
import type { Clock } from '../../shared/domain/clock';
import { keyAfter, keyMatch, keyOrder, parseKey, quoted, selectList, tableChecksums, toWire, windowStart, type WireRow } from './rows';
import { REPLICATED_TABLES, replicatedTable, type ReplicatedTableSpec } from './tables';

export interface ChangeFeed {
  /**
   * Names this feed (`HubHello.hubId`): made when the feed starts on a database, kept in meta. A
   * replica of another id takes a snapshot; a hub restored from a backup must drop it (its seqs went back).
   */
  hubId(): string;
  /** The highest seq ever written (0 when nothing was). */
  head(): number;
  /** The lowest `afterSeq` a console may catch up from; below it, a snapshot. */
  oldest(): number;
  /** Changes after `afterSeq` in seq order, each with its row as it is now (null: gone), read in one transaction. */
  changesSince(afterSeq: number, limit: number): FeedChanges | SnapshotNeeded;
  /** One page of one table in key order; `cursor` null starts at the first table. */
  snapshotPage(cursor: SnapshotCursor | null, asOfSeq: number, limitRows: number): SnapshotPage;
  /**
   * Compacts the feed (drops entries a later change of the same row supersedes), drops tombstones
   * older than the retention (a console that had not seen one must take a snapshot) and entries of
   * rows that left their window (never sent again).
   * Run by the hub every 10 seconds or so; short write transactions of its own.
   */
  prune(): void;
  /**
   * Moves the rows whose deferred change waited its table's delay (`ReplicatedTableSpec.deferred`)
   * into the feed, one entry each however often they changed, and notes now as the time of later
   * deferred changes. Run by the hub every second; returns how many rows entered the feed.
   */
  releaseDeferred(): number;
  /** Per replicated table, a digest of the rows a replica holds, as they travel. */
  tableChecksums(): Record<string, string>;
}

export interface ChangeFeedOptions {
  clock: Clock;
  /** How long a deleted row's tombstone is kept: a console away longer takes a snapshot. */
  tombstoneRetentionMs?: number;
}

export const DEFAULT_TOMBSTONE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Bump when the trigger bodies change: triggers of every other version are dropped at install. */
const TRIGGER_PREFIX = 'feed_v2_';
const OLDEST_KEY = 'change_feed_oldest';
const MARKS_KEY = 'change_feed_marks';
const COMPACTED_KEY = 'change_feed_compacted_through';
const PRUNED_KEY = 'change_feed_pruned_through';
/** The seq up to which the front of the feed was cleared of entries of rows past their window. */
const WINDOW_KEY = 'change_feed_window_through';
/** At most this many entries looked at per prune from the front of the feed. */
const WINDOW_SLICE = 5000;
/**
 * Entries compacted per transaction, and transactions per prune: about 65 ms a slice when the
 * same rows change again and again (monitor states), up to about a second when every entry is a
 * new row (a long backlog), so one call stays short and a busy hub (10,000 changes a second) keeps up when pruned every 10 s.
 */
const COMPACT_SLICE = 25_000;
const COMPACT_SLICES_PER_PRUNE = 4;
const HUB_ID_KEY = 'hub_id';
/** The hub's last release of deferred changes: what a deferred change is noted at (the triggers cannot read the hub's clock). */
const DEFERRED_MARK_KEY = 'change_feed_deferred_mark';
/** At most this many rows of a table released per call, so a backlog (a hub stopped for a while) goes out in short transactions. */
const RELEASE_SLICE = 5000;
/** The table name of the entry an epoch of the feed starts with: no replicated table has it, so it carries no row. */
const START_MARKER = '';
/** About this many bytes of JSON rows per page at most (a page of big rows ends early): bounded messages, bounded stalls. */
const PAGE_BYTES = 1024 * 1024;
/** Tombstones are pruned at this fraction of the retention at best: it bounds the marks kept in meta to about 100. */
const MARK_EVERY_FRACTION = 100;

export class SnapshotCursorError extends Error {
  constructor(problem: string) {
    super(`The snapshot cursor ${problem}`);
    this.name = 'SnapshotCursorError';
  }
}

function rowKey(spec: ReplicatedTableSpec, row: 'NEW' | 'OLD'): string {
  return `json_array(${spec.keyColumns.map((column) => `${row}.${quoted(column)}`).join(', ')})`;
}

function feedEntry(spec: ReplicatedTableSpec, row: 'NEW' | 'OLD'): string {
  return `INSERT INTO change_feed (table_name, row_key) VALUES ('${spec.table}', ${rowKey(spec, row)});`;
}

/**
 * Notes a row whose change waits (once: a row changed again meanwhile keeps its first note). No
 * conflict clause: the writer's own (INSERT OR REPLACE of a roll-up) would override it.
 */
function deferredEntry(spec: ReplicatedTableSpec): string {
  const key = rowKey(spec, 'NEW');
  return `INSERT INTO change_feed_deferred (table_name, row_key, noted_at)
    SELECT '${spec.table}', ${key}, coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${DEFERRED_MARK_KEY}'), 0)
    WHERE NOT EXISTS (SELECT 1 FROM change_feed_deferred WHERE table_name = '${spec.table}' AND row_key = ${key});`;
}

/** A change that enters the feed at once carries the row whole: a change of it still waiting is no longer needed. */
function deferredDropped(spec: ReplicatedTableSpec, row: 'NEW' | 'OLD'): string {
  return spec.deferred ? `DELETE FROM change_feed_deferred WHERE table_name = '${spec.table}' AND row_key = ${rowKey(spec, row)};` : '';
}

/**
 * The triggers that record every change of a replicated table, run inside the writer's own
 * transaction: a change and its feed entry commit together or not at all. Each appends one entry
 * at the end of the feed and nothing else (no index to keep, nothing looked up), so a probe write
 * pass pays little for them. An update that leaves every travelling column as it was records
 * nothing; one that changes the key also records the old key (gone). A change a table defers
 * (`ReplicatedTableSpec.deferred`) is noted in change_feed_deferred instead, for `releaseDeferred`.
 */
export function triggerStatements(spec: ReplicatedTableSpec): string[] {
  const name = (kind: string) => quoted(`${TRIGGER_PREFIX}${spec.table}_${kind}`);
  const table = quoted(spec.table);
  const anyChanged = (columns: readonly string[]) =>
    columns.map((column) => `OLD.${quoted(column)} IS NOT NEW.${quoted(column)}`).join(' OR ');
  const deferredColumns = spec.deferred?.columns ?? [];
  const keyChanged = anyChanged(spec.keyColumns);
  // The key among them: a key change is never deferred.
  const changedNow = anyChanged(spec.columns.filter((column) => !deferredColumns.includes(column)));
  const oldKey = rowKey(spec, 'OLD');
  const statements = [
    spec.deferred?.inserts
      ? `CREATE TRIGGER ${name('ins')} AFTER INSERT ON ${table} BEGIN ${deferredEntry(spec)} END`
      : `CREATE TRIGGER ${name('ins')} AFTER INSERT ON ${table} BEGIN ${feedEntry(spec, 'NEW')} END`,
    `CREATE TRIGGER ${name('upd')} AFTER UPDATE ON ${table} WHEN ${changedNow} BEGIN
       INSERT INTO change_feed (table_name, row_key) SELECT '${spec.table}', ${oldKey} WHERE ${keyChanged};
       ${feedEntry(spec, 'NEW')} ${deferredDropped(spec, 'NEW')} END`,
    `CREATE TRIGGER ${name('del')} AFTER DELETE ON ${table} BEGIN ${feedEntry(spec, 'OLD')} ${deferredDropped(spec, 'OLD')} END`,
  ];
  if (spec.deferred)
    statements.push(
      `CREATE TRIGGER ${name('upd_later')} AFTER UPDATE ON ${table} WHEN NOT (${changedNow}) AND (${anyChanged(deferredColumns)}) BEGIN
         ${deferredEntry(spec)} END`,
    );
  return statements;
}

/** Drops every feed trigger (of any version), e.g. before installing the current ones. */
export function removeChangeFeedTriggers(sqlite: Database.Database): void {
  const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feed\\_%' ESCAPE '\\'`).all() as {
    name: string;
  }[];
  for (const { name } of triggers) sqlite.exec(`DROP TRIGGER IF EXISTS ${quoted(name)}`);
  // Nobody releases them any more; a hub started again begins a new epoch, which sends every replica to a snapshot.
  sqlite.exec('DELETE FROM change_feed_deferred');
}

/**
 * A database restored from a backup went back in time: the seqs after its head would be handed
 * out again for other changes, and a console that had applied them would catch up across the
 * difference. It gets a new hub id at the next hub start (consoles see another hub and take a
 * fresh snapshot) and its triggers go (that start begins a new epoch).
 */
export function forgetFeedHistory(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM meta WHERE key = ?').run(HUB_ID_KEY);
    removeChangeFeedTriggers(sqlite);
  })();
}

/**
 * Installs the current triggers, in one transaction so no write between goes unrecorded. When
 * they were not all there as they are now (a first start, a database that ran without them, a
 * migration that rebuilt a table and so dropped its triggers, a new trigger version), writes may
 * have gone unrecorded: the feed starts a new epoch, a marker entry with `oldest` at it, and every
 * replica behind it takes a snapshot, never catching up across the hole.
 */
function install(sqlite: Database.Database): void {
  const wanted = REPLICATED_TABLES.flatMap((spec) => triggerStatements(spec));
  sqlite
    .transaction(() => {
      sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(HUB_ID_KEY, randomUUID());
      const present = sqlite
        .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feed\\_%' ESCAPE '\\'`)
        .pluck()
        .all();
      if (present.length === wanted.length && wanted.every((statement) => present.includes(statement))) return;
      removeChangeFeedTriggers(sqlite);
      for (const statement of wanted) sqlite.exec(statement);
      const marker = sqlite.prepare(`INSERT INTO change_feed (table_name, row_key) VALUES ('${START_MARKER}', '[]')`).run();
      sqlite
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(OLDEST_KEY, String(marker.lastInsertRowid));
    })
    .immediate();
}

interface Mark {
  at: number;
  head: number;
}

/**
 * The hub side of replication over the core's own database: installs the triggers (a console
 * that is not a hub never pays for them), reads changes and snapshot pages for consoles, and
 * prunes old tombstones. Every answer is read in one transaction, so it is consistent.
 */
export function createChangeFeed(sqlite: Database.Database, options: ChangeFeedOptions): ChangeFeed {
  install(sqlite);
  const retentionMs = options.tombstoneRetentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  const headStatement = sqlite.prepare('SELECT max(seq) FROM change_feed').pluck();
  const readMeta = sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const writeMeta = sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const entriesAfter = sqlite.prepare(
    'SELECT seq, table_name AS "table", row_key AS "key" FROM change_feed WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const rowByKey = new Map(
    REPLICATED_TABLES.map((spec) => [
      spec.table,
      sqlite.prepare(`SELECT ${selectList(spec)} FROM ${quoted(spec.table)} WHERE ${keyMatch(spec)}`),
    ]),
  );
  const gone = (spec: ReplicatedTableSpec) =>
    `NOT EXISTS (SELECT 1 FROM ${quoted(spec.table)} WHERE ${spec.keyColumns
      .map((column, index) => `${quoted(column)} = json_extract(change_feed.row_key, '$[${index}]')`)
      .join(' AND ')})`;
  const inRange = 'table_name = @table AND seq > @after AND seq <= @through';
  const tombstones = new Map(
    REPLICATED_TABLES.map((spec) => [
      spec.table,
      {
        newest: sqlite.prepare(`SELECT max(seq) FROM change_feed WHERE ${inRange} AND ${gone(spec)}`).pluck(),
        forget: sqlite.prepare(`DELETE FROM change_feed_keys WHERE table_name = @table AND row_key IN (
          SELECT row_key FROM change_feed WHERE ${inRange} AND ${gone(spec)})`),
        drop: sqlite.prepare(`DELETE FROM change_feed WHERE ${inRange} AND ${gone(spec)}`),
      },
    ]),
  );

  // Compaction of the entries in (after, through]: first each changed row's previous entry (found
  // through change_feed_keys, not a scan), then all but the last entry of each row within the range,
  // then the rows' last entries are remembered. The work grows with the changed rows, not the feed.
  const range = 'seq > @after AND seq <= @through';
  const compaction = [
    sqlite.prepare(`DELETE FROM change_feed WHERE seq IN (
      SELECT k.seq FROM change_feed_keys k JOIN (SELECT DISTINCT table_name, row_key FROM change_feed WHERE ${range}) changed
        ON changed.table_name = k.table_name AND changed.row_key = k.row_key)`),
    sqlite.prepare(`DELETE FROM change_feed WHERE ${range} AND seq NOT IN (
      SELECT max(seq) FROM change_feed WHERE ${range} GROUP BY table_name, row_key)`),
    sqlite.prepare(`INSERT INTO change_feed_keys (table_name, row_key, seq) SELECT table_name, row_key, seq FROM change_feed WHERE ${range}
      ON CONFLICT (table_name, row_key) DO UPDATE SET seq = excluded.seq`),
  ];
  // Rows past their table's window never travel again (their window column never changes), so
  // their entries go, from the front of the feed, without moving `oldest`: a replica drops such rows by itself.
  const frontEntries = sqlite.prepare(
    'SELECT seq, table_name AS "table", row_key AS "key" FROM change_feed WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  );
  const forgetKey = sqlite.prepare('DELETE FROM change_feed_keys WHERE table_name = ? AND row_key = ?');
  const dropEntry = sqlite.prepare('DELETE FROM change_feed WHERE seq = ?');
  const release = REPLICATED_TABLES.flatMap((spec) => {
    if (!spec.deferred) return [];
    const due = `table_name = '${spec.table}' AND noted_at <= @due ORDER BY noted_at, row_key LIMIT ${RELEASE_SLICE}`;
    return [
      {
        delayMs: spec.deferred.ms,
        move: sqlite.prepare(
          `INSERT INTO change_feed (table_name, row_key) SELECT table_name, row_key FROM change_feed_deferred WHERE ${due}`,
        ),
        forget: sqlite.prepare(`DELETE FROM change_feed_deferred WHERE rowid IN (SELECT rowid FROM change_feed_deferred WHERE ${due})`),
      },
    ];
  });
  const head = () => (headStatement.get() as number | null) ?? 0;
  const oldest = () => Number(readMeta.get(OLDEST_KEY) ?? 0);

  function currentRow(spec: ReplicatedTableSpec, key: string, now: number): Record<string, unknown> | null {
    const values = parseKey(spec, key);
    if (!values) return null;
    const stored = rowByKey.get(spec.table)?.get(...values) as Record<string, unknown> | undefined;
    if (!stored) return null;
    // A row past the replica's window reads as gone: the replica holds only the window.
    if (spec.window && (stored[spec.window.column] as number) < windowStart(spec, now)) return null;
    return toWire(spec, stored, true);
  }

  const readChanges = sqlite.transaction((afterSeq: number, limit: number): FeedChanges | SnapshotNeeded => {
    const latest = head();
    const floor = oldest();
    // Below the floor a tombstone may be gone; above the head the console followed another history (a restored hub).
    if (afterSeq < floor || afterSeq > latest) return { kind: 'snapshot-needed', oldest: floor, head: latest };
    const now = options.clock.now();
    const entries = entriesAfter.all(afterSeq, limit) as { seq: number; table: string; key: string }[];
    // A row changed several times in this page travels once, at its last seq (the feed is compacted only now and then).
    const lastOfRow = new Map(entries.map((entry, index) => [`${entry.table}\u0000${entry.key}`, index]));
    const changes: FeedChange[] = [];
    let bytes = 0;
    let coveredThrough: number | null = null;
    for (const [index, entry] of entries.entries()) {
      const spec = replicatedTable(entry.table);
      // An entry of a table this version no longer replicates: skipped, its seq still covered.
      if (!spec || lastOfRow.get(`${entry.table}\u0000${entry.key}`) !== index) continue;
      const row = currentRow(spec, entry.key, now);
      changes.push({ seq: entry.seq, table: entry.table, key: entry.key, row });
      bytes += JSON.stringify(row).length;
      // Past the budget the page ends here; a row whose later entry was cut comes with that entry.
      if (bytes >= PAGE_BYTES && index < entries.length - 1) {
        coveredThrough = entry.seq;
        break;
      }
    }
    // A short page covers everything up to the head: seqs between were replaced by later changes.
    const toSeq = coveredThrough ?? (entries.length === limit ? (entries.at(-1)?.seq ?? latest) : latest);
    return { kind: 'changes', fromSeq: afterSeq, toSeq, changes, head: latest, more: toSeq < latest };
  });

  const readPage = sqlite.transaction((cursor: SnapshotCursor | null, asOfSeq: number, limitRows: number): SnapshotPage => {
    const index = cursor ? REPLICATED_TABLES.findIndex((spec) => spec.table === cursor.table) : 0;
    const spec = REPLICATED_TABLES[index];
    if (!spec) throw new SnapshotCursorError(`names a table a replica does not hold: ${cursor?.table ?? ''}`);
    const afterKey = cursor?.afterKey ? parseKey(spec, cursor.afterKey) : null;
    if (cursor?.afterKey && !afterKey) throw new SnapshotCursorError(`holds a key that is not one of ${spec.table}`);
    const conditions = [...(spec.window ? [`${quoted(spec.window.column)} >= ?`] : []), ...(afterKey ? [keyAfter(spec)] : [])];
    const parameters = [...(spec.window ? [windowStart(spec, options.clock.now())] : []), ...(afterKey ?? [])];
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const statement = sqlite.prepare(`SELECT ${selectList(spec)} FROM ${quoted(spec.table)}${where} ORDER BY ${keyOrder(spec)} LIMIT ?`);
    const rows: WireRow[] = [];
    let bytes = 0;
    let lastKey: string | null = null;
    for (const stored of statement.iterate(...parameters, limitRows) as Iterable<Record<string, unknown> & { __key: string }>) {
      // Past the budget the page ends before this row: it starts the next page.
      if (bytes >= PAGE_BYTES) break;
      const row = toWire(spec, stored, true);
      rows.push(row);
      bytes += JSON.stringify(row).length;
      lastKey = stored.__key;
    }
    const following = REPLICATED_TABLES[index + 1];
    const moreOfTable = rows.length === limitRows || bytes >= PAGE_BYTES;
    const next =
      moreOfTable && lastKey !== null
        ? { table: spec.table, afterKey: lastKey }
        : following
          ? { table: following.table, afterKey: null }
          : null;
    return { asOfSeq, table: spec.table, rows, next };
  });

  /** Compacts the next slice of entries; returns whether entries are left to compact. */
  const compactSlice = sqlite.transaction((): boolean => {
    const latest = head();
    const compactedBefore = Number(readMeta.get(COMPACTED_KEY) ?? 0);
    const compacted = Math.min(latest, compactedBefore + COMPACT_SLICE);
    for (const statement of compaction) statement.run({ after: compactedBefore, through: compacted });
    writeMeta.run(COMPACTED_KEY, String(compacted));
    return compacted < latest;
  });

  const pruneOld = sqlite.transaction(() => {
    const now = options.clock.now();
    const latest = head();
    const compacted = Number(readMeta.get(COMPACTED_KEY) ?? 0);
    const marks = JSON.parse((readMeta.get(MARKS_KEY) as string | undefined) ?? '[]') as Mark[];
    const newest = marks.at(-1);
    if (!newest || now - newest.at >= retentionMs / MARK_EVERY_FRACTION) marks.push({ at: now, head: latest });
    // The newest mark at least a retention old: every change at or below its head is old enough to forget.
    const cutoff = marks.filter((mark) => mark.at <= now - retentionMs).at(-1);
    if (cutoff) {
      // Compacted, a row has one entry, its latest; a tombstone below the last prune's range was dropped then.
      const after = Number(readMeta.get(PRUNED_KEY) ?? 0);
      // The highest entry stays whatever it is: seqs are allocated after it and must never be reused.
      const through = Math.max(after, Math.min(cutoff.head, compacted, latest - 1));
      let floor = oldest();
      for (const spec of REPLICATED_TABLES) {
        const statements = tombstones.get(spec.table);
        const range = { table: spec.table, after, through };
        const newestGone = statements?.newest.get(range) as number | null | undefined;
        if (!statements || newestGone === null || newestGone === undefined) continue;
        statements.forget.run(range);
        statements.drop.run(range);
        floor = Math.max(floor, newestGone);
      }
      writeMeta.run(OLDEST_KEY, String(floor));
      writeMeta.run(PRUNED_KEY, String(through));
    }
    writeMeta.run(MARKS_KEY, JSON.stringify(marks.filter((mark) => mark === cutoff || mark.at > now - retentionMs)));
    // Never the highest entry: seqs are allocated after it.
    dropPastWindows(now, Math.min(compacted, latest - 1));
  });

  /**
   * Entries of rows past their window, from the front of the feed up to the first row still inside
   * one. Entries of other tables are passed over; one scan of at most WINDOW_SLICE entries per call,
   * starting where the last stopped. An audit entry may wait behind a roll-up still inside its
   * longer window: the feed keeps such entries at most as long as the longest window.
   */
  function dropPastWindows(now: number, upTo: number): void {
    let through = Number(readMeta.get(WINDOW_KEY) ?? 0);
    for (const entry of frontEntries.all(through, upTo, WINDOW_SLICE) as { seq: number; table: string; key: string }[]) {
      const spec = replicatedTable(entry.table);
      if (spec?.window) {
        const values = parseKey(spec, entry.key);
        const stored = values ? (rowByKey.get(spec.table)?.get(...values) as Record<string, unknown> | undefined) : undefined;
        if (stored && (stored[spec.window.column] as number) >= windowStart(spec, now)) break;
        // A row that is gone is a tombstone: pruning it is the retention's business; step over it.
        if (stored) {
          forgetKey.run(spec.table, entry.key);
          dropEntry.run(entry.seq);
        }
      }
      through = entry.seq;
    }
    writeMeta.run(WINDOW_KEY, String(through));
  }

  const releaseDue = sqlite.transaction((): number => {
    const now = options.clock.now();
    let released = 0;
    for (const statements of release) {
      const due = { due: now - statements.delayMs };
      released += statements.move.run(due).changes;
      statements.forget.run(due);
    }
    writeMeta.run(DEFERRED_MARK_KEY, String(now));
    return released;
  });
  // Changes made before the first release are noted now, not at a hub's last release before a long stop.
  writeMeta.run(DEFERRED_MARK_KEY, String(options.clock.now()));

  const hubId = String(readMeta.get(HUB_ID_KEY));
  return {
    hubId: () => hubId,
    head,
    oldest,
    changesSince: (afterSeq, limit) => readChanges.deferred(afterSeq, limit),
    snapshotPage: (cursor, asOfSeq, limitRows) => readPage.deferred(cursor, asOfSeq, limitRows),
    prune() {
      // Bounded work per call, each slice its own transaction: a backlog is caught up over several calls.
      for (let slice = 0; slice < COMPACT_SLICES_PER_PRUNE; slice += 1) if (!compactSlice.immediate()) break;
      pruneOld.immediate();
    },
    releaseDeferred: () => releaseDue.immediate(),
    tableChecksums: () => tableChecksums(sqlite, REPLICATED_TABLES, options.clock.now(), true),
  };
}
