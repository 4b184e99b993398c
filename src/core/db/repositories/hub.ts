import { asc, eq, sql } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { commandReceipts, meta, seats } from '../schema';

export type SeatRow = typeof seats.$inferSelect;
export type CommandReceiptRow = typeof commandReceipts.$inferSelect;

/** What a hub keeps about the consoles it serves: their seats, and the receipts of the commands they forwarded. */
const HUB_ID_KEY = 'hub.id';

export interface HubRepository {
  /** This hub database's id, made on first use: a console never mixes a replica of one hub with another's. */
  hubId(newId: string): string;
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
    hubId(newId) {
      db.insert(meta).values({ key: HUB_ID_KEY, value: newId }).onConflictDoNothing().run();
      return db.select().from(meta).where(eq(meta.key, HUB_ID_KEY)).get()!.value;
    },
    listSeats: () => db.select().from(seats).orderBy(asc(seats.name), asc(seats.createdAt)).all(),
    getSeat: (id) => db.select().from(seats).where(eq(seats.id, id)).get(),
    insertSeat: (row) => void db.insert(seats).values(row).run(),
    updateSeat: (id, values) => void db.update(seats).set(values).where(eq(seats.id, id)).run(),
    getReceipt: (id) => receiptById.get({ id }),
    insertReceipt: (row) => db.insert(commandReceipts).values(row).onConflictDoNothing().run().changes === 1,
  };
}
