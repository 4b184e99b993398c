import { PRIORITIES, Severity, type Compared, type OperationsReview, type ReviewRow, type SecurityEventType } from '../../shared/contract';
import { monthLabel, monthRange, percentileOf, previousMonth } from '../../shared/domain/report-period';
import type { CronZone } from '../../shared/domain/cron';
import type { ReportAlertCount, ReportIncidentRow, Repositories } from '../db';
import type { AuditChainState, SecurityCounts } from './ports';

const RULES_SHOWN = 20;
const NOISIEST_SHOWN = 10;

interface TargetCount {
  met: number;
  missed: number;
  open: number;
}

/** Everything the review counts for one month; two of these (this month and the one before) make the review. */
interface MonthFigures {
  incidents: ReportIncidentRow[];
  respond: TargetCount;
  resolve: TargetCount;
  alerts: { total: number; bySeverity: Map<string, number>; byRule: ReportAlertCount[]; byMonitor: ReportAlertCount[] };
  ackSeconds: number[];
  backups: { run: number; verified: number; verifyFailed: number; testRestored: number };
  security: SecurityCounts;
}

/** Met when done by its due time; missed when done late or still not done after it; open while it may still be met. */
function targets(incidents: readonly ReportIncidentRow[], now: number, doneAt: (i: ReportIncidentRow) => number | null, dueAt: (i: ReportIncidentRow) => number) {
  const count: TargetCount = { met: 0, missed: 0, open: 0 };
  for (const incident of incidents) {
    const done = doneAt(incident);
    if (done !== null) count[done <= dueAt(incident) ? 'met' : 'missed'] += 1;
    else count[now > dueAt(incident) ? 'missed' : 'open'] += 1;
  }
  return count;
}

function figuresOf(repos: Repositories, from: number, to: number, now: number, security: SecurityCounts): MonthFigures {
  const incidents = repos.reports.incidentsStarted(from, to);
  const bySeverity = repos.reports.alertsBySeverity(from, to);
  const backups = repos.reports.backupsWritten(from, to);
  return {
    incidents,
    respond: targets(incidents, now, (i) => i.respondedAt, (i) => i.respondDueAt),
    resolve: targets(incidents, now, (i) => i.resolvedAt, (i) => i.resolveDueAt),
    alerts: {
      total: bySeverity.reduce((sum, row) => sum + row.count, 0),
      bySeverity: new Map(bySeverity.map((row) => [row.severity, row.count])),
      byRule: repos.reports.alertsByRule(from, to),
      byMonitor: repos.reports.alertsByMonitor(from, to),
    },
    ackSeconds: repos.reports.ackSeconds(from, to),
    backups: {
      run: backups.length,
      verified: backups.filter((b) => b.verify === 'good').length,
      verifyFailed: backups.filter((b) => b.verify === 'failed').length,
      testRestored: repos.reports.jobsTestRestored(from, to),
    },
    security,
  };
}

const compared = (value: number | null, previous: number | null): Compared => ({ value, previous });

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

/** This month's most counted keys, most first, each with last month's count beside it. */
function topRows(now: readonly ReportAlertCount[], before: readonly ReportAlertCount[], withSite: boolean, limit: number): ReviewRow[] {
  const previous = new Map(before.map((row) => [row.key, row.count]));
  return [...now]
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((row) => ({
      key: row.key,
      label: row.name,
      detail: withSite ? row.siteName : null,
      count: row.count,
      previous: previous.get(row.key) ?? 0,
    }));
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export interface ReviewSources {
  repos: Repositories;
  now: number;
  zone: CronZone;
  security(from: number, to: number): SecurityCounts;
  auditChain(): Promise<AuditChainState>;
}

export async function operationsReview(sources: ReviewSources, month: string): Promise<OperationsReview> {
  const { repos, now, zone } = sources;
  const before = previousMonth(month);
  const period = monthRange(month, zone);
  const previousPeriod = monthRange(before, zone);
  const current = figuresOf(repos, period.from, period.to, now, sources.security(period.from, period.to));
  const last = figuresOf(repos, previousPeriod.from, previousPeriod.to, now, sources.security(previousPeriod.from, previousPeriod.to));
  const chain = await sources.auditChain();
  const incidentsByPriority = countBy(current.incidents, (i) => i.priority);
  const previousByPriority = countBy(last.incidents, (i) => i.priority);
  const securityTypes = new Set<SecurityEventType>([...current.security.byType.keys(), ...last.security.byType.keys()]);
  const kept = (now: TargetCount, then: TargetCount) => ({
    met: compared(now.met, then.met),
    missed: compared(now.missed, then.missed),
    open: now.open,
  });
  return {
    month,
    label: monthLabel(month),
    from: period.from,
    to: period.to,
    previousMonth: before,
    previousLabel: monthLabel(before),
    incidents: {
      total: compared(current.incidents.length, last.incidents.length),
      byPriority: PRIORITIES.map((priority) => ({
        key: priority,
        label: priority,
        detail: null,
        count: incidentsByPriority.get(priority) ?? 0,
        previous: previousByPriority.get(priority) ?? 0,
      })),
    },
    respond: kept(current.respond, last.respond),
    resolve: kept(current.resolve, last.resolve),
    alerts: {
      total: compared(current.alerts.total, last.alerts.total),
      bySeverity: Severity.options.map((severity) => ({
        key: severity,
        label: severity,
        detail: null,
        count: current.alerts.bySeverity.get(severity) ?? 0,
        previous: last.alerts.bySeverity.get(severity) ?? 0,
      })),
      byRule: topRows(current.alerts.byRule, last.alerts.byRule, false, RULES_SHOWN),
    },
    noisiestMonitors: topRows(current.alerts.byMonitor, last.alerts.byMonitor, true, NOISIEST_SHOWN),
    acknowledgement: {
      acknowledged: compared(current.ackSeconds.length, last.ackSeconds.length),
      medianSeconds: compared(round1(percentileOf(current.ackSeconds, 0.5)), round1(percentileOf(last.ackSeconds, 0.5))),
      p90Seconds: compared(round1(percentileOf(current.ackSeconds, 0.9)), round1(percentileOf(last.ackSeconds, 0.9))),
    },
    backups: {
      run: compared(current.backups.run, last.backups.run),
      verified: compared(current.backups.verified, last.backups.verified),
      verifyFailed: compared(current.backups.verifyFailed, last.backups.verifyFailed),
      testRestored: compared(current.backups.testRestored, last.backups.testRestored),
    },
    security: {
      total: compared(current.security.total, last.security.total),
      byType: [...securityTypes]
        .map((type) => ({
          key: type,
          label: type,
          detail: null,
          count: current.security.byType.get(type) ?? 0,
          previous: last.security.byType.get(type) ?? 0,
        }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
    auditChain: { ...chain, verifiedAt: now },
  };
}
