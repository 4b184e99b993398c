import { and, eq, ne } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { offlineVerifiers } from '../schema';

export type OfflineVerifierRow = typeof offlineVerifiers.$inferSelect;

/** A console's cached password verifiers for offline sign-in (its workstation database; never a hub's). */
export interface OfflineRepository {
  getVerifier(seatId: string, username: string): OfflineVerifierRow | undefined;
  /** One per person: a newer online sign-in replaces the older verifier. */
  saveVerifier(row: OfflineVerifierRow): void;
  deleteVerifier(userId: string): void;
  /** Every verifier not made at this seat (all of them for a seat revoked or given up); answers how many went. */
  deleteVerifiersExceptSeat(seatId: string | null): number;
}

export function createOfflineRepository(db: WatchroomDb): OfflineRepository {
  return {
    getVerifier: (seatId, username) =>
      db
        .select()
        .from(offlineVerifiers)
        .where(and(eq(offlineVerifiers.seatId, seatId), eq(offlineVerifiers.username, username)))
        .get(),
    saveVerifier: (row) =>
      void db
        .insert(offlineVerifiers)
        .values(row)
        .onConflictDoUpdate({
          target: offlineVerifiers.userId,
          set: { seatId: row.seatId, username: row.username, verifier: row.verifier, signedInAt: row.signedInAt },
        })
        .run(),
    deleteVerifier: (userId) => void db.delete(offlineVerifiers).where(eq(offlineVerifiers.userId, userId)).run(),
    deleteVerifiersExceptSeat: (seatId) =>
      (seatId === null ? db.delete(offlineVerifiers) : db.delete(offlineVerifiers).where(ne(offlineVerifiers.seatId, seatId))).run()
        .changes,
  };
}
