import type Database from 'better-sqlite3';
import type { FeedChanges, SnapshotCursor, SnapshotPage } from '../../shared/contract/hub';
import type { Clock } from '../../shared/domain/clock';
import {
  fromWire,
  keyAfter,
  keyMatch,
  keyOrder,
  parseKey,
  quoted,
  ReplicationRowError,
  tableChecksums,
  upsertSql,
  windowStart,
  type WireRow,
} from './rows';
import { REPLICATED_TABLES, replicatedTable, type ReplicatedTableSpec } from './tables';

/**
 * What `apply` did. `applied`: the rows and the new seq committed together. `already-applied`:
 * every change was in the replica already (a repeated push), nothing written. `gap`: changes
 * after `appliedSeq` are missing, nothing written; catch up from `appliedSeq`. `no-hub`: the
 * replica follows no hub yet (never synced, or a snapshot is unfinished): take a snapshot.
 */
export type ApplyOutcome =
  | { kind: 'applied'; appliedSeq: number; rows: number }
  | { kind: 'already-applied'; appliedSeq: number }
  | { kind: 'gap'; appliedSeq: number; fromSeq: number }
  | { kind: 'no-hub' };

export interface Replica {
  /** The hub seq this replica has applied everything up to; 0 when it follows no hub. */
  appliedSeq(): number;
  /** The hub this replica mirrors; null before its first snapshot finished (a replica never mixes hubs). */
  hubId(): string | null;
  /** Applies changes in one transaction with the new seq; refuses a gap. */
  apply(changes: FeedChanges): ApplyOutcome;
  /**
   * Starts a snapshot of `hubId` as of `asOfSeq`; the replica follows no hub until it finishes
   * (pushes are refused). A snapshot of another hub clears the replicated tables first; one of the
   * same hub keeps them readable meanwhile, each page replacing the rows of the key range it covers.
   */
  beginSnapshot(hubId: string, asOfSeq: number): void;
  /** Pages in the order the hub gave them (each page's `next` is the following one's cursor). */
  applySnapshotPage(page: SnapshotPage): void;
  /** The replica now follows the snapshot's hub from `asOfSeq`: catch up from there. */
  finishSnapshot(): void;
  /** Per replicated table, a digest of the rows held: equal to the hub's once it applied the hub's head. */
  tableChecksums(): Record<string, string>;
}

export interface ReplicaOptions {
  clock: Clock;
}

export class SnapshotStateError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'SnapshotStateError';
  }
}

const APPLIED_SEQ_KEY = 'replica_applied_seq';
const HUB_ID_KEY = 'replica_hub_id';
/** JSON {hubId, asOfSeq, expected} while a snapshot is being taken (`expected`: the next page's cursor, null once all came). */
const SNAPSHOT_KEY = 'replica_snapshot';
/** Rows past a table's window are deleted at most this often: the roll-up tables have no index on their window column. */
const WINDOW_PRUNE_EVERY_MS = 60 * 60 * 1000;

interface SnapshotState {
  hubId: string;
  asOfSeq: number;
  expected: SnapshotCursor | null;
}

/**
 * A console's replica of a hub: the same schema and migrations as any Watchroom database, whose
 * replicated tables are written only here. Rows arrive as the hub has them now, in seq order,
 * each written whole (INSERT OR REPLACE) or deleted; withheld NOT NULL columns get placeholders
 * that never verify. Foreign keys are not enforced on the replica's connection: a page may bring a
 * monitor before the site it belongs to (the site's change moved to a later seq), the hub's own
 * cascades arrive as tombstones, and a row rewritten whole must not cascade to its children.
 */
export function createReplica(sqlite: Database.Database, options: ReplicaOptions): Replica {
  if (sqlite.inTransaction) throw new SnapshotStateError('A replica is made outside any transaction');
  // Off once, for the connection's life: the replicated tables are written here only, and nothing
  // else in a replica's file has a foreign key (the outbox has none). Switched off and on around
  // each write, as before, it cost more than a push of a few rows: each switch expires every
  // statement of the connection, so each is prepared again at its next use, and a pragma compiled
  // each time (SQLite applies it when it prepares it) left a statement behind until collected.
  sqlite.exec('PRAGMA foreign_keys = OFF');
  const readMeta = sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const writeMeta = sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const deleteMeta = sqlite.prepare('DELETE FROM meta WHERE key = ?');
  const statements = new Map(
    REPLICATED_TABLES.map((spec) => [
      spec.table,
      {
        upsert: sqlite.prepare(upsertSql(spec)),
        remove: sqlite.prepare(`DELETE FROM ${quoted(spec.table)} WHERE ${keyMatch(spec)}`),
        // The rows of a key range a snapshot page covers, before its rows are written: what it lacks is gone on the hub.
        clearRange: {
          all: sqlite.prepare(`DELETE FROM ${quoted(spec.table)}`),
          from: sqlite.prepare(`DELETE FROM ${quoted(spec.table)} WHERE ${keyAfter(spec)}`),
          to: sqlite.prepare(
            `DELETE FROM ${quoted(spec.table)} WHERE (${keyOrder(spec)}) <= (${spec.keyColumns.map(() => '?').join(', ')})`,
          ),
          between: sqlite.prepare(
            `DELETE FROM ${quoted(spec.table)} WHERE ${keyAfter(spec)} AND (${keyOrder(spec)}) <= (${spec.keyColumns.map(() => '?').join(', ')})`,
          ),
        },
        pastWindow: spec.window ? sqlite.prepare(`DELETE FROM ${quoted(spec.table)} WHERE ${quoted(spec.window.column)} < ?`) : null,
      },
    ]),
  );
  let windowPrunedAt = Number.NEGATIVE_INFINITY;

  /**
   * The hub followed and the seq applied, as committed. Only this replica's own transactions write
   * them, so they are read once after each and kept: the link asks for the applied seq for every
   * hub event it is told (hundreds a second in a storm), which would otherwise be two reads each.
   */
  let position: { hubId: string | null; appliedSeq: number } | null = null;
  function committedPosition(): { hubId: string | null; appliedSeq: number } {
    if (position) return position;
    const hub = (readMeta.get(HUB_ID_KEY) as string | undefined) ?? null;
    const read = { hubId: hub, appliedSeq: hub === null ? 0 : Number(readMeta.get(APPLIED_SEQ_KEY) ?? 0) };
    // Inside a transaction the value may yet be rolled back: read, never kept.
    if (!sqlite.inTransaction) position = read;
    return read;
  }
  const hubId = () => committedPosition().hubId;
  const appliedSeq = () => committedPosition().appliedSeq;
  const snapshotInProgress = () => {
    const stored = readMeta.get(SNAPSHOT_KEY) as string | undefined;
    return stored ? (JSON.parse(stored) as SnapshotState) : null;
  };

  function statementsOf(spec: ReplicatedTableSpec) {
    const found = statements.get(spec.table);
    if (!found) throw new ReplicationRowError(spec.table, 'belongs to a table without statements');
    return found;
  }

  function writeRow(spec: ReplicatedTableSpec, row: WireRow): void {
    statementsOf(spec).upsert.run(...fromWire(spec, row));
  }

  function pruneWindows(force: boolean): void {
    const now = options.clock.now();
    if (!force && now - windowPrunedAt < WINDOW_PRUNE_EVERY_MS) return;
    windowPrunedAt = now;
    for (const spec of REPLICATED_TABLES) statementsOf(spec).pastWindow?.run(windowStart(spec, now));
  }

  /** A write in the replica's own transaction; the position is read again after it, committed or rolled back. */
  function ownTransaction<T>(fn: () => T): T {
    if (sqlite.inTransaction) throw new SnapshotStateError('The replica is written in its own transactions, not inside another one');
    try {
      return fn();
    } finally {
      position = null;
    }
  }

  const applyChanges = sqlite.transaction((changes: FeedChanges): ApplyOutcome => {
    if (hubId() === null) return { kind: 'no-hub' };
    const applied = appliedSeq();
    if (changes.toSeq <= applied) return { kind: 'already-applied', appliedSeq: applied };
    // An overlap (fromSeq below appliedSeq) is safe: a row changed after a page was read has a seq above its toSeq.
    if (changes.fromSeq > applied) return { kind: 'gap', appliedSeq: applied, fromSeq: changes.fromSeq };
    let rows = 0;
    for (const change of changes.changes) {
      const spec = replicatedTable(change.table);
      // A table a newer hub replicates and this version does not hold.
      if (!spec) continue;
      if (change.row === null) {
        const key = parseKey(spec, change.key);
        if (!key) throw new ReplicationRowError(spec.table, `has a key that is not one: ${change.key}`);
        statementsOf(spec).remove.run(...key);
      } else {
        writeRow(spec, change.row);
      }
      rows += 1;
    }
    writeMeta.run(APPLIED_SEQ_KEY, String(changes.toSeq));
    pruneWindows(false);
    return { kind: 'applied', appliedSeq: changes.toSeq, rows };
  });

  const begin = sqlite.transaction((hub: string, asOfSeq: number) => {
    const mirrored = hubId() ?? snapshotInProgress()?.hubId ?? null;
    // Rows of another hub never stay beside this one's; the same hub's stay readable until replaced.
    if (mirrored !== hub) for (const spec of REPLICATED_TABLES) statementsOf(spec).clearRange.all.run();
    deleteMeta.run(HUB_ID_KEY);
    deleteMeta.run(APPLIED_SEQ_KEY);
    const first = REPLICATED_TABLES[0];
    const state: SnapshotState = { hubId: hub, asOfSeq, expected: first ? { table: first.table, afterKey: null } : null };
    writeMeta.run(SNAPSHOT_KEY, JSON.stringify(state));
  });

  /** Deletes the rows of the key range `page` covers: after its cursor, up to the next page's cursor in the same table. */
  function clearRangeOf(spec: ReplicatedTableSpec, from: SnapshotCursor, page: SnapshotPage): void {
    const after = from.afterKey === null ? null : parseKey(spec, from.afterKey);
    const upTo = page.next?.table === page.table && page.next.afterKey !== null ? parseKey(spec, page.next.afterKey) : null;
    const { clearRange } = statementsOf(spec);
    if (after && upTo) clearRange.between.run(...after, ...upTo);
    else if (after) clearRange.from.run(...after);
    else if (upTo) clearRange.to.run(...upTo);
    else clearRange.all.run();
  }

  const applyPage = sqlite.transaction((page: SnapshotPage) => {
    const snapshot = snapshotInProgress();
    if (!snapshot) throw new SnapshotStateError('A snapshot page arrived with no snapshot begun');
    if (snapshot.asOfSeq !== page.asOfSeq)
      throw new SnapshotStateError(`A snapshot page as of seq ${page.asOfSeq} arrived in a snapshot as of seq ${snapshot.asOfSeq}`);
    const expected = snapshot.expected;
    if (!expected || expected.table !== page.table)
      throw new SnapshotStateError(`A snapshot page of ${page.table} arrived out of order (expected ${expected?.table ?? 'none'})`);
    const spec = replicatedTable(page.table);
    if (spec) {
      clearRangeOf(spec, expected, page);
      for (const row of page.rows) writeRow(spec, row);
    }
    writeMeta.run(SNAPSHOT_KEY, JSON.stringify({ ...snapshot, expected: page.next } satisfies SnapshotState));
  });

  const finish = sqlite.transaction(() => {
    const snapshot = snapshotInProgress();
    if (!snapshot) throw new SnapshotStateError('No snapshot to finish');
    if (snapshot.expected) throw new SnapshotStateError(`The snapshot is not complete: ${snapshot.expected.table} and after are missing`);
    writeMeta.run(HUB_ID_KEY, snapshot.hubId);
    writeMeta.run(APPLIED_SEQ_KEY, String(snapshot.asOfSeq));
    deleteMeta.run(SNAPSHOT_KEY);
    pruneWindows(true);
  });

  return {
    appliedSeq,
    hubId,
    apply: (changes) => ownTransaction(() => applyChanges.immediate(changes)),
    beginSnapshot: (hub, asOfSeq) => ownTransaction(() => begin.immediate(hub, asOfSeq)),
    applySnapshotPage: (page) => ownTransaction(() => applyPage.immediate(page)),
    finishSnapshot: () => ownTransaction(() => finish.immediate()),
    tableChecksums: () => tableChecksums(sqlite, REPLICATED_TABLES, options.clock.now(), false),
  };
}
