import { and, desc, eq, gte, lt, lte, asc, gt } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { WatchroomDb } from '../open';
import { auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<AuditRow, 'seq'> & { seq: number };

/** A column value exactly as SQLite holds it: integers as bigint, so none is rounded on the way. */
export type StoredValue = null | bigint | number | string | Buffer;

/** An audit row as stored, for the hash chain: what is hashed is what reads back, byte for byte. */
export interface StoredAuditRow {
  seq: StoredValue;
  at: StoredValue;
  actor: StoredValue;
  action: StoredValue;
  target: StoredValue;
  beforeJson: StoredValue;
  afterJson: StoredValue;
  result: StoredValue;
  detail: StoredValue;
  prevHash: StoredValue;
  hash: StoredValue;
  chain: StoredValue;
  actorName: StoredValue;
  seat: StoredValue;
  authorizedById: StoredValue;
  authorizedByName: StoredValue;
  issuedAt: StoredValue;
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

export interface AuditRepository {
  /** The newest entry, whose hash the next entry chains from. */
  last(): AuditRow | undefined;
  insert(row: NewAuditRow): void;
  /** Newest first. Actor, action and target match exactly (they are picked from known values). */
  list(query: AuditQuery): AuditRow[];
  /** Oldest first, in pages, so verifying a long chain never loads it whole. */
  pageFrom(afterSeq: number, limit: number): AuditRow[];
  /** Like pageFrom, with every column exactly as stored (the chain hashes these). */
  storedPageFrom(afterSeq: number, limit: number): StoredAuditRow[];
  /** One entry exactly as stored. */
  stored(seq: number): StoredAuditRow | undefined;
  setHash(seq: number, hash: string): void;
  /** The newest entry of an action, or null. */
  lastSeqOf(action: string): number | null;
  /**
   * Entries of a period (newest first, at most `limit`) whose action is one of `actions`, or that
   * were refused by a permission check (`forbidden: …`): what the Security page reads. The time index narrows it.
   */
  securityEntries(query: { from: number; to: number; actions: readonly string[]; limit: number }): AuditRow[];
  /** Whether this person signed in (or set the console up) at this seat before entry `beforeSeq`. */
  signedInAtSeatBefore(actor: string, seat: string, beforeSeq: number): boolean;
  /** The first and last seq written in a period (by the time index), or null when none was. */
  seqRangeOf(from: number, to: number): { first: number; last: number } | null;
  /** The oldest entry still held (older ones were pruned into archives), or null for none. */
  firstSeq(): number | null;
  /**
   * The last seq of the chain's start that is past its retention: every entry up to it is older than
   * `cutoff`, is one of `securityActions` older than `securityCutoff`, or is the tombstone of one. Null when the first entry is kept.
   */
  pastRetentionThrough(cutoff: number, securityActions: readonly string[], securityCutoff: number): number | null;
  /** Deletes every entry up to and including `seq` (pruning, after they were archived); returns how many went. */
  deleteThrough(seq: number): number;
  /** Entries of `actions` written before `cutoff`, oldest first, at most `limit`, exactly as stored: the security events past retention. */
  storedOfActionsBefore(actions: readonly string[], cutoff: number, limit: number): StoredAuditRow[];
  /** How many entries of `actions` were written before `cutoff` (the dry run of the same predicate). */
  countOfActionsBefore(actions: readonly string[], cutoff: number): number;
  /** Clears an entry's content in place, keeping its seq, time and hashes, and marks it (a tombstone). */
  tombstone(seq: number, chain: string, action: string, mark: string): void;
  /** A value of core's own bookkeeping (the meta table), or null. */
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

const STORED_COLUMNS =
  'seq, at, actor, action, target, before_json AS beforeJson, after_json AS afterJson, result, detail, prev_hash AS prevHash, hash, chain, ' +
  'actor_name AS actorName, seat, authorized_by_id AS authorizedById, authorized_by_name AS authorizedByName, issued_at AS issuedAt';

export function createAuditRepository(db: WatchroomDb, sqlite: Database.Database): AuditRepository {
  const lastQuery = db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
  const storedPage = sqlite.prepare(`SELECT ${STORED_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).safeIntegers(true);
  const storedOne = sqlite.prepare(`SELECT ${STORED_COLUMNS} FROM audit_log WHERE seq = ?`).safeIntegers(true);
  const updateHash = sqlite.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?');
  const lastOfAction = sqlite.prepare('SELECT max(seq) AS seq FROM audit_log WHERE action = ?');
  // By the actor index: one person's entries, not the whole log.
  const earlierSignIn = sqlite.prepare(
    "SELECT 1 FROM audit_log WHERE actor = ? AND seat = ? AND seq < ? AND result = 'ok' AND action IN ('auth.signIn', 'auth.setup') LIMIT 1",
  );
  // By the time index: the first entry at or after a moment, the last at or before one.
  const firstAtOrAfter = sqlite.prepare('SELECT seq FROM audit_log INDEXED BY audit_log_at WHERE at >= ? ORDER BY at, seq LIMIT 1').pluck();
  const lastAtOrBefore = sqlite
    .prepare('SELECT seq FROM audit_log INDEXED BY audit_log_at WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT 1')
    .pluck();
  const oldest = sqlite.prepare('SELECT min(seq) FROM audit_log').pluck();
  const deleteUpTo = sqlite.prepare('DELETE FROM audit_log WHERE seq <= ?');
  const blank = sqlite.prepare(
    "UPDATE audit_log SET actor = '', action = ?, target = '', before_json = NULL, after_json = NULL, result = 'ok', detail = ?, chain = ?, " +
      'actor_name = NULL, seat = NULL, authorized_by_id = NULL, authorized_by_name = NULL, issued_at = NULL WHERE seq = ?',
  );
  const readMeta = sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const writeMeta = sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  /** The security events past their cutoff: by the action index, one action at a time, never the whole log. */
  const ofActionsBefore = (actions: readonly string[]) => `action IN (${actions.map(() => '?').join(', ')}) AND at < ?`;
  return {
    last: () => lastQuery.get(),
    firstSeq: () => (oldest.get() as number | null) ?? null,
    pastRetentionThrough(cutoff, securityActions, securityCutoff) {
      const first = oldest.get() as number | null;
      if (first === null) return null;
      const placeholders = securityActions.map(() => '?').join(', ');
      const security = securityActions.length > 0 ? ` OR (action IN (${placeholders}) AND at < ?)` : '';
      // A tombstone is a security event already past its retention: at the chain's start it goes with the stretch.
      // The first entry that is kept ends the stretch: the chain can only be cut at its start.
      const kept = sqlite
        .prepare(`SELECT min(seq) FROM audit_log WHERE NOT (at < ?${security} OR chain = 'tombstone')`)
        .pluck()
        .get(cutoff, ...securityActions, ...(securityActions.length > 0 ? [securityCutoff] : [])) as number | null;
      const through = kept === null ? (lastQuery.get()?.seq ?? first) : kept - 1;
      return through >= first ? through : null;
    },
    deleteThrough: (seq) => deleteUpTo.run(seq).changes,
    storedOfActionsBefore(actions, cutoff, limit) {
      if (actions.length === 0) return [];
      return sqlite
        .prepare(`SELECT ${STORED_COLUMNS} FROM audit_log WHERE ${ofActionsBefore(actions)} ORDER BY seq LIMIT ?`)
        .safeIntegers(true)
        .all(...actions, cutoff, limit) as StoredAuditRow[];
    },
    countOfActionsBefore(actions, cutoff) {
      if (actions.length === 0) return 0;
      return sqlite
        .prepare(`SELECT count(*) FROM audit_log WHERE ${ofActionsBefore(actions)}`)
        .pluck()
        .get(...actions, cutoff) as number;
    },
    tombstone(seq, chain, action, mark) {
      blank.run(action, mark, chain, seq);
    },
    meta: (key) => (readMeta.get(key) as string | undefined) ?? null,
    setMeta(key, value) {
      writeMeta.run(key, value);
    },
    seqRangeOf(from, to) {
      const first = firstAtOrAfter.get(from) as number | undefined;
      const last = lastAtOrBefore.get(to) as number | undefined;
      return first === undefined || last === undefined || first > last ? null : { first, last };
    },
    insert(row) {
      db.insert(auditLog).values(row).run();
    },
    storedPageFrom: (afterSeq, limit) => storedPage.all(afterSeq, limit) as StoredAuditRow[],
    stored: (seq) => storedOne.get(seq) as StoredAuditRow | undefined,
    setHash(seq, hash) {
      updateHash.run(hash, seq);
    },
    lastSeqOf: (action) => (lastOfAction.get(action) as { seq: number | null }).seq,
    list(query) {
      const conditions = [
        query.actor !== undefined ? eq(auditLog.actor, query.actor) : undefined,
        query.action !== undefined ? eq(auditLog.action, query.action) : undefined,
        query.target !== undefined ? eq(auditLog.target, query.target) : undefined,
        query.from !== undefined ? gte(auditLog.at, query.from) : undefined,
        query.to !== undefined ? lte(auditLog.at, query.to) : undefined,
        query.beforeSeq !== undefined ? lt(auditLog.seq, query.beforeSeq) : undefined,
      ].filter((c) => c !== undefined);
      return db
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(desc(auditLog.seq))
        .limit(query.limit)
        .all();
    },
    securityEntries({ from, to, actions, limit }) {
      // The time index bounds the read to the period: by the action index SQLite would read every sign-in ever made.
      const placeholders = actions.map(() => '?').join(', ');
      return sqlite
        .prepare(
          `SELECT ${STORED_COLUMNS} FROM audit_log INDEXED BY audit_log_at WHERE at >= ? AND at <= ? ` +
            `AND (action IN (${placeholders}) OR (result = 'error' AND detail LIKE 'forbidden:%')) ORDER BY seq DESC LIMIT ?`,
        )
        .all(from, to, ...actions, limit) as AuditRow[];
    },
    signedInAtSeatBefore: (actor, seat, beforeSeq) => earlierSignIn.get(actor, seat, beforeSeq) !== undefined,
    pageFrom(afterSeq, limit) {
      return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit).all();
    },
  };
}
