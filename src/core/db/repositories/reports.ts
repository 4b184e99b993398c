import type Database from 'better-sqlite3';
import type { MonitorStatus, Priority, Severity } from '../../../shared/contract';

/** One roll-up bucket's probe counts: all a report needs of it. */
export interface BucketCounts {
  bucket: number;
  count: number;
  upCount: number;
}

/** A monitor's status from `at` on. */
export interface StatusChange {
  at: number;
  status: MonitorStatus;
}

export interface ReportIncidentRow {
  siteId: string | null;
  siteName: string | null;
  priority: Priority;
  startedAt: number;
  respondedAt: number | null;
  respondDueAt: number;
  resolvedAt: number | null;
  resolveDueAt: number;
}

/** Alerts first seen in a period, counted by one key, with the names the key had (the newest, if they changed). */
export interface ReportAlertCount {
  key: string;
  name: string;
  siteName: string | null;
  count: number;
}

export interface ReportBackupRow {
  createdAt: number;
  verify: 'good' | 'failed' | 'unverified';
}

/** Reads for the availability report and the monthly review; every period is [from, to). */
export interface ReportsRepository {
  /** One monitor's day roll-ups in a period, oldest first. */
  dayCounts(monitorId: string, from: number, to: number): BucketCounts[];
  /** One monitor's hour roll-ups in a period, oldest first. */
  hourCounts(monitorId: string, from: number, to: number): BucketCounts[];
  /** One monitor's hour roll-ups in a period that saw at least one failed probe, oldest first. */
  failingHours(monitorId: string, from: number, to: number): BucketCounts[];
  /** The status a monitor had at `at` (its last change before then); null when it had none yet. */
  statusAt(monitorId: string, at: number): MonitorStatus | null;
  /** A monitor's status changes in a period, oldest first. */
  statusChanges(monitorId: string, from: number, to: number): StatusChange[];
  incidentsStarted(from: number, to: number): ReportIncidentRow[];
  alertsBySeverity(from: number, to: number): { severity: Severity; count: number }[];
  alertsByRule(from: number, to: number): ReportAlertCount[];
  /** Alerts whose subject is a monitor (`monitor:<id>`), by monitor id. */
  alertsByMonitor(from: number, to: number): ReportAlertCount[];
  /** Seconds from first seen to acknowledged of the acknowledged alerts, ascending. */
  ackSeconds(from: number, to: number): number[];
  /** Backups written by jobs (not a restore's safety copy). */
  backupsWritten(from: number, to: number): ReportBackupRow[];
  /**
   * Jobs with a test restore that passed in the period, from the run history (kept like the audit
   * log). A job not test-restored since runs were recorded counts by the last test restore it kept.
   */
  jobsTestRestored(from: number, to: number): number;
}

export function createReportsRepository(sqlite: Database.Database): ReportsRepository {
  // The primary key (monitor_id, bucket) serves every roll-up read: one range per monitor, never a table scan.
  const counts = (table: string, failingOnly: boolean) =>
    sqlite.prepare(
      `SELECT bucket, count, up_count AS upCount FROM ${table} WHERE monitor_id = ? AND bucket >= ? AND bucket < ?${
        failingOnly ? ' AND up_count < count' : ''
      } ORDER BY bucket`,
    );
  const days = counts('rollup_day', false);
  const hours = counts('rollup_hour', false);
  const failing = counts('rollup_hour', true);
  // The index (monitor_id, at) serves both: the last change before the period, and the period's changes.
  const statusAt = sqlite
    .prepare('SELECT to_status FROM state_changes WHERE monitor_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1')
    .pluck();
  const changes = sqlite.prepare(
    'SELECT at, to_status AS status FROM state_changes WHERE monitor_id = ? AND at >= ? AND at < ? ORDER BY at, id',
  );
  const incidents = sqlite.prepare(
    `SELECT site_id AS siteId, site_name AS siteName, priority, started_at AS startedAt, responded_at AS respondedAt,
            respond_due_at AS respondDueAt, resolved_at AS resolvedAt, resolve_due_at AS resolveDueAt
       FROM incidents WHERE started_at >= ? AND started_at < ?`,
  );
  // Counted in SQL: a month of a busy console is tens of thousands of alerts, and building an object per row costs ten times the scan.
  const period = 'FROM alerts WHERE first_seen_at >= ? AND first_seen_at < ?';
  const bySeverity = sqlite.prepare(`SELECT severity, COUNT(*) AS count ${period} GROUP BY severity`);
  const byRule = sqlite.prepare(
    `SELECT rule_id AS key, MAX(rule_name) AS name, NULL AS siteName, COUNT(*) AS count ${period} GROUP BY rule_id`,
  );
  const byMonitor = sqlite.prepare(
    `SELECT substr(subject, 9) AS key, MAX(subject_name) AS name, MAX(site_name) AS siteName, COUNT(*) AS count ${period}
       AND subject LIKE 'monitor:%' GROUP BY subject`,
  );
  const ack = sqlite
    .prepare(`SELECT MAX(0, ack_at - first_seen_at) / 1000.0 AS seconds ${period} AND ack_at IS NOT NULL ORDER BY 1`)
    .pluck();
  const backups = sqlite.prepare(
    `SELECT created_at AS createdAt, verify FROM backups WHERE created_at >= ? AND created_at < ? AND kind <> 'safety'`,
  );
  const testRestored = sqlite.prepare(
    `SELECT COUNT(*) AS n FROM (
       SELECT job_id FROM backup_runs WHERE trigger = 'test-restore' AND outcome = 'good' AND started_at >= @from AND started_at < @to
       UNION
       SELECT id FROM backup_jobs j WHERE last_test_restore_at >= @from AND last_test_restore_at < @to
          AND NOT EXISTS (SELECT 1 FROM backup_runs r WHERE r.job_id = j.id AND r.trigger = 'test-restore'))`,
  );
  return {
    dayCounts: (monitorId, from, to) => days.all(monitorId, from, to) as BucketCounts[],
    hourCounts: (monitorId, from, to) => hours.all(monitorId, from, to) as BucketCounts[],
    failingHours: (monitorId, from, to) => failing.all(monitorId, from, to) as BucketCounts[],
    statusAt: (monitorId, at) => (statusAt.get(monitorId, at) as MonitorStatus | undefined) ?? null,
    statusChanges: (monitorId, from, to) => changes.all(monitorId, from, to) as StatusChange[],
    incidentsStarted: (from, to) => incidents.all(from, to) as ReportIncidentRow[],
    alertsBySeverity: (from, to) => bySeverity.all(from, to) as { severity: Severity; count: number }[],
    alertsByRule: (from, to) => byRule.all(from, to) as ReportAlertCount[],
    alertsByMonitor: (from, to) => byMonitor.all(from, to) as ReportAlertCount[],
    ackSeconds: (from, to) => ack.all(from, to) as number[],
    backupsWritten: (from, to) => backups.all(from, to) as ReportBackupRow[],
    jobsTestRestored: (from, to) => (testRestored.get({ from, to }) as { n: number }).n,
  };
}
