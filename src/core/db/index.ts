/** The encrypted store: opening, migrations, and the named repository methods. No SQL leaves this folder. */
import type { OpenedDatabase } from './open';
import { createAuditRepository, type AuditRepository } from './repositories/audit';
import { createSettingsRepository, type SettingsRepository } from './repositories/settings';
import { createMonitoringRepository, type MonitoringRepository } from './repositories/monitoring';
import { createAlertsRepository, type AlertsRepository } from './repositories/alerts';
import { createIncidentsRepository, type IncidentsRepository } from './repositories/incidents';
import { createBackupsRepository, type BackupsRepository } from './repositories/backups';
import { createPeopleRepository, type PeopleRepository } from './repositories/people';
import { createBackendRepository, type BackendRepository } from './repositories/backend';
import { createHubRepository, type HubRepository } from './repositories/hub';
import { createOfflineRepository, type OfflineRepository } from './repositories/offline';
import { createRetentionRepository, type RetentionRepository } from './repositories/retention';
import { createHandoversRepository, type HandoversRepository } from './repositories/handovers';
import { createReportsRepository, type ReportsRepository } from './repositories/reports';
import { createAlertHistoryRepository, type AlertHistoryRepository } from './repositories/alert-history';
import { createRoutingRepository, type RoutingRepository } from './repositories/routing';

export { openDatabase, WrongKeyError, DamagedDatabaseError, DB_KEY_BYTES, keyIdOf, type OpenedDatabase, type WatchroomDb } from './open';
export { startCheckpointer } from './checkpointer';
/** The drizzle tables, for core/replication, which derives from them which columns travel to a replica. */
export * as tables from './schema';
export { openLocalCache, moveDatabaseAside, type OpenedLocalCache, type SetAside } from './local-cache';
export type { AuditRow, NewAuditRow, AuditQuery, AuditRepository, StoredAuditRow, StoredValue } from './repositories/audit';
export type { SettingsRepository } from './repositories/settings';
export type { AlertHistoryCursor, AlertHistoryPage, AlertHistoryQuery } from './repositories/alert-history';
export type { BackendRepository } from './repositories/backend';
export type { RetentionRepository, RetiredHistoryCutoffs, RetiredWithoutHistory, StoredKind } from './repositories/retention';

export interface Repositories {
  settings: SettingsRepository;
  audit: AuditRepository;
  monitoring: MonitoringRepository;
  alerts: AlertsRepository;
  incidents: IncidentsRepository;
  backups: BackupsRepository;
  people: PeopleRepository;
  /** The local database's backend choice; never replicated. */
  backend: BackendRepository;
  /** Seats and command receipts (used when core runs as a hub). */
  hub: HubRepository;
  /** A console's cached verifiers for offline sign-in (on its workstation database only). */
  offline: OfflineRepository;
  /** Issue 15: what each kind of data holds and what its retention removes. */
  retention: RetentionRepository;
  /** Shift handovers and the shift plan (issue 15). */
  handovers: HandoversRepository;
  /** Reads for the availability report and the monthly review. */
  reports: ReportsRepository;
  /** The alert history search over all time (issue 15). */
  alertHistory: AlertHistoryRepository;
  /** The routing table, escalation levels, on-call schedules and people's contacts (issue 16). */
  routing: RoutingRepository;
  /** Runs fn in one write transaction: all of it lands, or none of it. */
  transaction<T>(fn: () => T): T;
}

export function createRepositories(store: OpenedDatabase): Repositories {
  return {
    settings: createSettingsRepository(store.db),
    audit: createAuditRepository(store.db, store.sqlite),
    monitoring: createMonitoringRepository(store.db, store.sqlite),
    alerts: createAlertsRepository(store.db, store.sqlite),
    incidents: createIncidentsRepository(store.db),
    backups: createBackupsRepository(store.db),
    people: createPeopleRepository(store.db),
    backend: createBackendRepository(store.db),
    hub: createHubRepository(store.db),
    offline: createOfflineRepository(store.db),
    retention: createRetentionRepository(store.sqlite),
    handovers: createHandoversRepository(store.db),
    reports: createReportsRepository(store.sqlite),
    alertHistory: createAlertHistoryRepository(store.db, store.sqlite),
    routing: createRoutingRepository(store.db),
    transaction: (fn) => store.sqlite.transaction(fn).immediate(),
  };
}
export type {
  MonitoringRepository,
  SiteRow,
  MonitorRow,
  MonitorStateRow,
  StateChangeRow,
  RawResult,
  StoredRawResult,
  RollupLevel,
  RollupRow,
} from './repositories/monitoring';
export type {
  AlertsRepository,
  AlertRuleRow,
  EscalationPolicyRow,
  AlertRow,
  AlertEventRow,
  AlertNotificationRow,
  SilenceRow,
  ChannelRow,
} from './repositories/alerts';
export type { IncidentsRepository, SopTemplateRow, IncidentRow, IncidentEventRow } from './repositories/incidents';
export type { BackupsRepository, BackupJobRow, BackupRow, BackupRunRow } from './repositories/backups';
export type { PeopleRepository, UserRow, SessionRow } from './repositories/people';
export type { HubRepository, SeatRow, CommandReceiptRow } from './repositories/hub';
export type { OfflineRepository, OfflineVerifierRow } from './repositories/offline';
export type { HandoversRepository, HandoverRow, HandoverItemRow, ShiftPlanRow } from './repositories/handovers';
export type { ReportsRepository, BucketCounts, ReportIncidentRow, ReportAlertCount, ReportBackupRow } from './repositories/reports';
export type { RoutingRepository, RoutingTableRow, EscalationLevelsRow, OnCallScheduleRow, UserContactRow } from './repositories/routing';
