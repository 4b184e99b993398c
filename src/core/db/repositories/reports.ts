import type Database from 'better-sqlite3';
import type { Priority, Severity } from '../../../shared/contract';

/** One roll-up bucket's probe counts: all a report needs of it. */
export interface BucketCounts {
  bucket: number;
  count: number;
  upCount: number;
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

export interface ReportAlertRow {
  severity: Severity;
  ruleId: string;
  ruleName: string;
  subject: string;
  subjectName: string;
  siteName: string | null;
  firstSeenAt: number;
  ackAt: number | null;
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
  incidentsStarted(from: number, to: number): ReportIncidentRow[];
  alertsFirstSeen(from: number, to: number): ReportAlertRow[];
  /** Backups written by jobs (not a restore's safety copy). */
  backupsWritten(from: number, to: number): ReportBackupRow[];
  /** Jobs whose latest test restore falls in the period. */
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
  const incidents = sqlite.prepare(
    `SELECT site_id AS siteId, site_name AS siteName, priority, started_at AS startedAt, responded_at AS respondedAt,
            respond_due_at AS respondDueAt, resolved_at AS resolvedAt, resolve_due_at AS resolveDueAt
       FROM incidents WHERE started_at >= ? AND started_at < ?`,
  );
  const alerts = sqlite.prepare(
    `SELECT severity, rule_id AS ruleId, rule_name AS ruleName, subject, subject_name AS subjectName, site_name AS siteName,
            first_seen_at AS firstSeenAt, ack_at AS ackAt
       FROM alerts WHERE first_seen_at >= ? AND first_seen_at < ?`,
  );
  const backups = sqlite.prepare(
    `SELECT created_at AS createdAt, verify FROM backups WHERE created_at >= ? AND created_at < ? AND kind <> 'safety'`,
  );
  const testRestored = sqlite.prepare('SELECT COUNT(*) AS n FROM backup_jobs WHERE last_test_restore_at >= ? AND last_test_restore_at < ?');
  return {
    dayCounts: (monitorId, from, to) => days.all(monitorId, from, to) as BucketCounts[],
    hourCounts: (monitorId, from, to) => hours.all(monitorId, from, to) as BucketCounts[],
    failingHours: (monitorId, from, to) => failing.all(monitorId, from, to) as BucketCounts[],
    incidentsStarted: (from, to) => incidents.all(from, to) as ReportIncidentRow[],
    alertsFirstSeen: (from, to) => alerts.all(from, to) as ReportAlertRow[],
    backupsWritten: (from, to) => backups.all(from, to) as ReportBackupRow[],
    jobsTestRestored: (from, to) => (testRestored.get(from, to) as { n: number }).n,
  };
}
