import { and, desc, eq, gte, lt, lte, asc, gt } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<AuditRow, 'seq'> & { seq: number };

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
}

export function createAuditRepository(db: WatchroomDb): AuditRepository {
  const lastQuery = db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
  return {
    last: () => lastQuery.get(),
    insert(row) {
      db.insert(auditLog).values(row).run();
    },
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
    pageFrom(afterSeq, limit) {
      return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit).all();
    },
  };
}
