import { and, asc, desc, eq, gte, ne, or } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { WatchroomDb } from '../open';
import { prepareUpsert } from '../upsert';
import { alertEvents, alertNotifications, alertRules, alerts, channels, escalationPolicies, silences } from '../schema';

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type EscalationPolicyRow = typeof escalationPolicies.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;
export type AlertNotificationRow = typeof alertNotifications.$inferSelect;
export type SilenceRow = typeof silences.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;

export interface AlertsRepository {
  listRules(): AlertRuleRow[];
  getRule(id: string): AlertRuleRow | undefined;
  /** A new rule starts at version 1 unless told. */
  insertRule(row: Omit<AlertRuleRow, 'version'> & Partial<Pick<AlertRuleRow, 'version'>>): void;
  updateRule(id: string, values: Partial<Omit<AlertRuleRow, 'id' | 'createdAt' | 'builtIn'>>): void;
  deleteRule(id: string): void;

  listPolicies(): EscalationPolicyRow[];
  upsertPolicy(row: EscalationPolicyRow): void;

  /** Open alerts, and resolved ones since a time (a resolution stays visible). */
  listAlerts(resolvedSince: number): AlertRow[];
  /** Only the resolved ones since a time (open ones live in the engine's memory), by the resolved_at index. */
  listResolvedSince(resolvedSince: number): AlertRow[];
  getAlert(id: string): AlertRow | undefined;
  /** Writes an alert whole: one statement per change, never a read-modify-write. */
  saveAlert(row: AlertRow): void;
  appendAlertEvent(row: Omit<AlertEventRow, 'id'>): void;
  alertEvents(alertId: string): AlertEventRow[];
  insertNotification(row: Omit<AlertNotificationRow, 'id'>): void;
  notifications(alertId: string, limit: number): AlertNotificationRow[];

  listSilences(): SilenceRow[];
  getSilence(id: string): SilenceRow | undefined;
  insertSilence(row: SilenceRow): void;
  updateSilence(id: string, values: Partial<Omit<SilenceRow, 'id' | 'createdAt' | 'createdBy'>>): void;
  deleteSilence(id: string): void;

  listChannels(): ChannelRow[];
  getChannel(id: string): ChannelRow | undefined;
  insertChannel(row: ChannelRow): void;
  updateChannel(id: string, values: Partial<Omit<ChannelRow, 'id' | 'createdAt'>>): void;
  deleteChannel(id: string): void;
}

export function createAlertsRepository(db: WatchroomDb, sqlite: Database.Database): AlertsRepository {
  const save = prepareUpsert(sqlite, alerts, alerts.id);
  return {
    listRules: () => db.select().from(alertRules).orderBy(desc(alertRules.builtIn), asc(alertRules.name)).all(),
    getRule: (id) => db.select().from(alertRules).where(eq(alertRules.id, id)).get(),
    insertRule: (row) => void db.insert(alertRules).values(row).run(),
    updateRule: (id, values) => void db.update(alertRules).set(values).where(eq(alertRules.id, id)).run(),
    deleteRule: (id) => void db.delete(alertRules).where(eq(alertRules.id, id)).run(),

    listPolicies: () => db.select().from(escalationPolicies).all(),
    upsertPolicy: (row) =>
      void db
        .insert(escalationPolicies)
        .values(row)
        .onConflictDoUpdate({
          target: escalationPolicies.severity,
          set: {
            escalateAfterMinutes: row.escalateAfterMinutes,
            repeatEveryMinutes: row.repeatEveryMinutes,
            maxLevel: row.maxLevel,
            ackTimeoutMinutes: row.ackTimeoutMinutes,
          },
        })
        .run(),

    listAlerts: (resolvedSince) =>
      db
        .select()
        .from(alerts)
        .where(or(ne(alerts.state, 'resolved'), gte(alerts.resolvedAt, resolvedSince)))
        .all(),
    listResolvedSince: (resolvedSince) =>
      db
        .select()
        .from(alerts)
        .where(and(eq(alerts.state, 'resolved'), gte(alerts.resolvedAt, resolvedSince)))
        .all(),
    getAlert: (id) => db.select().from(alerts).where(eq(alerts.id, id)).get(),
    saveAlert: save,
    appendAlertEvent: (row) => void db.insert(alertEvents).values(row).run(),
    alertEvents: (alertId) =>
      db.select().from(alertEvents).where(eq(alertEvents.alertId, alertId)).orderBy(asc(alertEvents.at), asc(alertEvents.id)).all(),
    insertNotification: (row) => void db.insert(alertNotifications).values(row).run(),
    notifications: (alertId, limit) =>
      db
        .select()
        .from(alertNotifications)
        .where(eq(alertNotifications.alertId, alertId))
        .orderBy(desc(alertNotifications.at), desc(alertNotifications.id))
        .limit(limit)
        .all(),

    listSilences: () => db.select().from(silences).orderBy(desc(silences.createdAt)).all(),
    getSilence: (id) => db.select().from(silences).where(eq(silences.id, id)).get(),
    insertSilence: (row) => void db.insert(silences).values(row).run(),
    updateSilence: (id, values) => void db.update(silences).set(values).where(eq(silences.id, id)).run(),
    deleteSilence: (id) => void db.delete(silences).where(eq(silences.id, id)).run(),

    listChannels: () => db.select().from(channels).orderBy(asc(channels.name)).all(),
    getChannel: (id) => db.select().from(channels).where(eq(channels.id, id)).get(),
    insertChannel: (row) => void db.insert(channels).values(row).run(),
    updateChannel: (id, values) => void db.update(channels).set(values).where(eq(channels.id, id)).run(),
    deleteChannel: (id) => void db.delete(channels).where(eq(channels.id, id)).run(),
  };
}
