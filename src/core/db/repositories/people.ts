import { and, asc, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { accountLocks, meta, recoveryCodes, sessions, signInFailures, users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

const CLOCK_HIGH_WATER_KEY = 'people.clock-high-water';

export interface PeopleRepository {
  countUsers(): number;
  listUsers(): UserRow[];
  getUser(id: string): UserRow | undefined;
  getUserByUsername(username: string): UserRow | undefined;
  insertUser(row: UserRow): void;
  updateUser(id: string, values: Partial<Omit<UserRow, 'id' | 'createdAt'>>): void;
  countActiveAdmins(): number;

  /** Open sessions (not ended), oldest first; of one user when given. */
  listOpenSessions(userId?: string): SessionRow[];
  getSession(id: string): SessionRow | undefined;
  getSessionByTokenHash(tokenHash: string): SessionRow | undefined;
  /** The latest session a person (not a paired display) started at this seat, ended or not. */
  latestPersonSessionAt(userId: string, seat: string): SessionRow | undefined;
  insertSession(row: SessionRow): void;
  updateSession(id: string, values: Partial<Pick<SessionRow, 'lastActiveAt' | 'locked' | 'endedAt' | 'endReason'>>): void;

  recordFailure(at: number, username: string, source: string): void;
  /** Failures after `since` (a window of 15 minutes ending now holds those of the last 15 minutes, not 15 minutes and a millisecond). */
  failuresOfUsernameSince(username: string, since: number): number;
  failuresOfSourceSince(source: string, since: number): number;
  /** Forgets the failures of a username (a good sign-in, an unlock). */
  clearFailuresOfUsername(username: string): void;
  /** Counters expire: rows older than this are gone. */
  deleteFailuresBefore(at: number): void;

  lockedUntil(username: string): number | null;
  setLock(username: string, until: number): void;
  clearLock(username: string): void;
  deleteLocksEndedBefore(at: number): void;

  replaceRecoveryCodes(userId: string, codeHashes: string[]): void;
  /** Marks an unused code used; false when it does not exist or was used before. */
  useRecoveryCode(userId: string, codeHash: string, at: number): boolean;
  deleteRecoveryCodes(userId: string): void;

  /** The latest time core has seen: a clock set back is judged against this, never against itself. */
  readClockHighWater(): number | null;
  writeClockHighWater(at: number): void;
}

export function createPeopleRepository(db: WatchroomDb): PeopleRepository {
  return {
    countUsers: () => db.select({ n: count() }).from(users).get()?.n ?? 0,
    listUsers: () => db.select().from(users).orderBy(asc(users.displayName)).all(),
    getUser: (id) => db.select().from(users).where(eq(users.id, id)).get(),
    getUserByUsername: (username) => db.select().from(users).where(eq(users.username, username)).get(),
    insertUser: (row) => void db.insert(users).values(row).run(),
    updateUser: (id, values) => void db.update(users).set(values).where(eq(users.id, id)).run(),
    countActiveAdmins: () =>
      db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.active, true)))
        .get()?.n ?? 0,

    listOpenSessions: (userId) =>
      db
        .select()
        .from(sessions)
        .where(userId === undefined ? isNull(sessions.endedAt) : and(isNull(sessions.endedAt), eq(sessions.userId, userId)))
        .orderBy(asc(sessions.startedAt))
        .all(),
    getSession: (id) => db.select().from(sessions).where(eq(sessions.id, id)).get(),
    getSessionByTokenHash: (tokenHash) => db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get(),
    latestPersonSessionAt: (userId, seat) =>
      db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.seat, seat), eq(sessions.kind, 'person')))
        .orderBy(desc(sessions.startedAt))
        .limit(1)
        .get(),
    insertSession: (row) => void db.insert(sessions).values(row).run(),
    updateSession: (id, values) => void db.update(sessions).set(values).where(eq(sessions.id, id)).run(),

    recordFailure: (at, username, source) => void db.insert(signInFailures).values({ at, username, source }).run(),
    failuresOfUsernameSince: (username, since) =>
      db
        .select({ n: count() })
        .from(signInFailures)
        .where(and(eq(signInFailures.username, username), gt(signInFailures.at, since)))
        .get()?.n ?? 0,
    failuresOfSourceSince: (source, since) =>
      db
        .select({ n: count() })
        .from(signInFailures)
        .where(and(eq(signInFailures.source, source), gt(signInFailures.at, since)))
        .get()?.n ?? 0,
    clearFailuresOfUsername: (username) => void db.delete(signInFailures).where(eq(signInFailures.username, username)).run(),
    deleteFailuresBefore: (at) => void db.delete(signInFailures).where(lt(signInFailures.at, at)).run(),

    lockedUntil: (username) => db.select().from(accountLocks).where(eq(accountLocks.username, username)).get()?.lockedUntil ?? null,
    setLock: (username, until) =>
      void db
        .insert(accountLocks)
        .values({ username, lockedUntil: until })
        .onConflictDoUpdate({ target: accountLocks.username, set: { lockedUntil: until } })
        .run(),
    clearLock: (username) => void db.delete(accountLocks).where(eq(accountLocks.username, username)).run(),
    deleteLocksEndedBefore: (at) => void db.delete(accountLocks).where(lt(accountLocks.lockedUntil, at)).run(),

    replaceRecoveryCodes(userId, codeHashes) {
      db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
      for (const codeHash of codeHashes) db.insert(recoveryCodes).values({ userId, codeHash, usedAt: null }).run();
    },
    useRecoveryCode: (userId, codeHash, at) =>
      db
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
        .run().changes === 1,
    deleteRecoveryCodes: (userId) => void db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run(),

    readClockHighWater() {
      const row = db.select().from(meta).where(eq(meta.key, CLOCK_HIGH_WATER_KEY)).get();
      return row ? Number(row.value) : null;
    },
    writeClockHighWater: (at) =>
      void db
        .insert(meta)
        .values({ key: CLOCK_HIGH_WATER_KEY, value: String(at) })
        .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value` } })
        .run(),
  };
}
