import { asc, eq } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { escalationLevels, onCallSchedules, routingTable, userContacts } from '../schema';

export type RoutingTableRow = typeof routingTable.$inferSelect;
export type EscalationLevelsRow = typeof escalationLevels.$inferSelect;
export type OnCallScheduleRow = typeof onCallSchedules.$inferSelect;
export type UserContactRow = typeof userContacts.$inferSelect;

/** The one row of the routing table. */
const ROUTING_ROW = 'default';

/** Who hears of an alert (issue 16): the routing table, escalation levels that name who, on-call schedules, people's contacts. */
export interface RoutingRepository {
  /** Undefined until a supervisor first saves it: the built-in defaults apply. */
  getRoutingTable(): RoutingTableRow | undefined;
  saveRoutingTable(row: Omit<RoutingTableRow, 'id'>): void;

  listLevels(): EscalationLevelsRow[];
  saveLevels(row: EscalationLevelsRow): void;

  listSchedules(): OnCallScheduleRow[];
  getSchedule(id: string): OnCallScheduleRow | undefined;
  saveSchedule(row: OnCallScheduleRow): void;
  deleteSchedule(id: string): void;

  listContacts(): UserContactRow[];
  setContact(userId: string, channelId: string | null, now: number): void;
}

export function createRoutingRepository(db: WatchroomDb): RoutingRepository {
  return {
    getRoutingTable: () => db.select().from(routingTable).where(eq(routingTable.id, ROUTING_ROW)).get(),
    saveRoutingTable: (row) =>
      void db
        .insert(routingTable)
        .values({ id: ROUTING_ROW, ...row })
        .onConflictDoUpdate({ target: routingTable.id, set: row })
        .run(),

    listLevels: () => db.select().from(escalationLevels).all(),
    saveLevels: (row) =>
      void db
        .insert(escalationLevels)
        .values(row)
        .onConflictDoUpdate({ target: escalationLevels.severity, set: { levels: row.levels } })
        .run(),

    listSchedules: () => db.select().from(onCallSchedules).orderBy(asc(onCallSchedules.name)).all(),
    getSchedule: (id) => db.select().from(onCallSchedules).where(eq(onCallSchedules.id, id)).get(),
    saveSchedule: (row) =>
      void db
        .insert(onCallSchedules)
        .values(row)
        .onConflictDoUpdate({
          target: onCallSchedules.id,
          set: {
            name: row.name,
            people: row.people,
            handoffWeekday: row.handoffWeekday,
            handoffTime: row.handoffTime,
            rotationWeeks: row.rotationWeeks,
            startsOn: row.startsOn,
            overrides: row.overrides,
            updatedAt: row.updatedAt,
          },
        })
        .run(),
    deleteSchedule: (id) => void db.delete(onCallSchedules).where(eq(onCallSchedules.id, id)).run(),

    listContacts: () => db.select().from(userContacts).all(),
    setContact: (userId, channelId, now) => {
      if (channelId === null) db.delete(userContacts).where(eq(userContacts.userId, userId)).run();
      else
        db.insert(userContacts)
          .values({ userId, channelId, updatedAt: now })
          .onConflictDoUpdate({ target: userContacts.userId, set: { channelId, updatedAt: now } })
          .run();
    },
  };
}
