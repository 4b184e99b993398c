import { asc, eq, sql } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { commandReceipts, seats } from '../schema';

export type SeatRow = typeof seats.$inferSelect;
export type CommandReceiptRow = typeof commandReceipts.$inferSelect;

/** What a hub keeps about the consoles it serves: their seats, and the receipts of the commands they forwarded. */
export interface HubRepository {
  listSeats(): SeatRow[];
  getSeat(id: string): SeatRow | undefined;
  insertSeat(row: SeatRow): void;
  updateSeat(id: string, values: Partial<Pick<SeatRow, 'revokedAt' | 'lastSeenAt'>>): void;

  getReceipt(id: string): CommandReceiptRow | undefined;
  /** False when a receipt with this id exists already (a resend that raced the first): the first one stands. */
  insertReceipt(row: CommandReceiptRow): boolean;
}

export function createHubRepository(db: WatchroomDb): HubRepository {
  // Read twice per forwarded command (before it runs, and inside its transaction): prepared once.
  const receiptById = db
    .select()
    .from(commandReceipts)
    .where(eq(commandReceipts.id, sql.placeholder('id')))
    .prepare();
  return {
    listSeats: () => db.select().from(seats).orderBy(asc(seats.name), asc(seats.createdAt)).all(),
    getSeat: (id) => db.select().from(seats).where(eq(seats.id, id)).get(),
    insertSeat: (row) => void db.insert(seats).values(row).run(),
    updateSeat: (id, values) => void db.update(seats).set(values).where(eq(seats.id, id)).run(),
    getReceipt: (id) => receiptById.get({ id }),
    insertReceipt: (row) => db.insert(commandReceipts).values(row).onConflictDoNothing().run().changes === 1,
  };
}
