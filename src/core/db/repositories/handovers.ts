import { asc, desc, eq, ne } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { handoverItems, handovers, shiftPlan } from '../schema';

export type ShiftPlanRow = typeof shiftPlan.$inferSelect;
export type HandoverRow = typeof handovers.$inferSelect;
export type HandoverItemRow = typeof handoverItems.$inferSelect;

/** Shift handover (issue 15): the shift plan, handovers and their items. */
export interface HandoversRepository {
  shiftPlan(): ShiftPlanRow | undefined;
  saveShiftPlan(row: Omit<ShiftPlanRow, 'id'>): void;
  getHandover(id: string): HandoverRow | undefined;
  handoverAt(boundaryAt: number): HandoverRow | undefined;
  /** Handovers not complete yet, oldest shift change first. */
  unfinishedHandovers(): HandoverRow[];
  /** The history: newest shift change first. */
  listHandovers(limit: number): HandoverRow[];
  /** Writes a handover's own row whole. */
  saveHandover(row: HandoverRow): void;
  items(handoverId: string): HandoverItemRow[];
  /** Replaces every item of a handover (a draft built again). */
  replaceItems(handoverId: string, rows: HandoverItemRow[]): void;
  saveItem(row: HandoverItemRow): void;
}

export function createHandoversRepository(db: WatchroomDb): HandoversRepository {
  return {
    shiftPlan: () => db.select().from(shiftPlan).where(eq(shiftPlan.id, 1)).get(),
    saveShiftPlan: (row) =>
      void db
        .insert(shiftPlan)
        .values({ id: 1, ...row })
        .onConflictDoUpdate({ target: shiftPlan.id, set: row })
        .run(),
    getHandover: (id) => db.select().from(handovers).where(eq(handovers.id, id)).get(),
    handoverAt: (boundaryAt) => db.select().from(handovers).where(eq(handovers.boundaryAt, boundaryAt)).get(),
    unfinishedHandovers: () => db.select().from(handovers).where(ne(handovers.state, 'complete')).orderBy(asc(handovers.boundaryAt)).all(),
    listHandovers: (limit) => db.select().from(handovers).orderBy(desc(handovers.boundaryAt)).limit(limit).all(),
    saveHandover: (row) =>
      void db
        .insert(handovers)
        .values(row)
        .onConflictDoUpdate({ target: handovers.id, set: { ...row } })
        .run(),
    items: (handoverId) =>
      db.select().from(handoverItems).where(eq(handoverItems.handoverId, handoverId)).orderBy(asc(handoverItems.position)).all(),
    replaceItems: (handoverId, rows) => {
      db.delete(handoverItems).where(eq(handoverItems.handoverId, handoverId)).run();
      if (rows.length > 0) db.insert(handoverItems).values(rows).run();
    },
    saveItem: (row) =>
      void db
        .insert(handoverItems)
        .values(row)
        .onConflictDoUpdate({ target: [handoverItems.handoverId, handoverItems.itemId], set: { ...row } })
        .run(),
  };
}
