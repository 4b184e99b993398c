import { statSync } from 'node:fs';
import type { EventMessage, RetentionKind, RetentionKindState, RetentionOverview, Settings } from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import { logLinesPast, pruneLogFile, type AuditLog, type AuditRetention } from '../audit';
import type { Repositories, RetiredHistoryCutoffs, RetiredWithoutHistory, StoredKind } from '../db';
import type { Logger } from '../logging';
import { SECURITY_ACTIONS } from '../people';
import { retentionFromSettings } from '../probes';
import type { Capability } from '../service';

const DAY = 86_400_000;
/** Alerts or incidents deleted per transaction: each takes its events along, so fewer than probes' 5,000 rows. */
const RECORD_SLICE = 500;

interface KindPolicy {
  kind: RetentionKind;
  label: string;
  setting: keyof Settings;
  keepDays: number;
  stored: StoredKind | null;
  notPrunedBecause: string | null;
}

/** Every kind of data and its policy as the settings say now (the probe kinds exactly as probes' own prune reads them). */
export function retentionPolicies(settings: Settings): KindPolicy[] {
  const probe = retentionFromSettings(settings);
  const days = (ms: number) => Math.round(ms / DAY);
  return [
    {
      kind: 'raw-results',
      label: 'Raw probe results',
      setting: 'retentionRawDays',
      keepDays: days(probe.rawMs),
      stored: 'raw-results',
      notPrunedBecause: null,
    },
    {
      kind: 'minute-rollups',
      label: 'Minute roll-ups',
      setting: 'retentionMinuteDays',
      keepDays: days(probe.minuteMs),
      stored: 'minute-rollups',
      notPrunedBecause: null,
    },
    {
      kind: 'hour-rollups',
      label: 'Hour roll-ups',
      setting: 'retentionHourDays',
      keepDays: days(probe.hourMs),
      stored: 'hour-rollups',
      notPrunedBecause: null,
    },
    {
      kind: 'day-rollups',
      label: 'Day roll-ups',
      setting: 'retentionDayYears',
      keepDays: days(probe.dayMs),
      stored: 'day-rollups',
      notPrunedBecause: null,
    },
    {
      kind: 'status-changes',
      label: 'Monitor status changes (kept as long as day roll-ups)',
      setting: 'retentionDayYears',
      keepDays: days(probe.dayMs),
      stored: 'status-changes',
      notPrunedBecause: null,
    },
    {
      kind: 'alerts',
      label: 'Resolved alerts',
      setting: 'retentionRecordsDays',
      keepDays: settings.retentionRecordsDays,
      stored: 'alerts',
      notPrunedBecause: null,
    },
    {
      kind: 'incidents',
      label: 'Resolved incidents',
      setting: 'retentionRecordsDays',
      keepDays: settings.retentionRecordsDays,
      stored: 'incidents',
      notPrunedBecause: null,
    },
    {
      kind: 'audit-log',
      label: 'Audit log',
      setting: 'retentionRecordsDays',
      keepDays: settings.retentionRecordsDays,
      stored: 'audit-log',
      notPrunedBecause: null,
    },
    {
      kind: 'security-events',
      label: 'Security events (in the audit log)',
      setting: 'retentionSecurityDays',
      keepDays: settings.retentionSecurityDays,
      stored: 'security-events',
      notPrunedBecause: null,
    },
    {
      kind: 'log-file',
      label: "The console's log file",
      setting: 'retentionLogDays',
      keepDays: settings.retentionLogDays,
      stored: null,
      notPrunedBecause: null,
    },
  ];
}

export interface DataRetentionOptions {
  repos: Repositories;
  settings: () => Settings;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  logFilePath: string;
  /** The audit log whose old entries are archived, then pruned. */
  audit: AuditLog;
  /** Tells the consoles the monitors changed when the prune removed retired ones. */
  emit: (message: EventMessage) => void;
}

export interface DataRetention extends Capability<'retention.overview'> {
  overview(): RetentionOverview;
  /** Removes resolved alerts and incidents past their retention, a slice per transaction; returns how many went. */
  pruneRecords(now: number, yieldNow: () => Promise<void>): Promise<{ alerts: number; incidents: number }>;
  /**
   * Turns the security events past their retention into tombstones (their content archived first), then archives the
   * entries past retention at the chain's start and deletes them: the range removed and its last archive (or null), and
   * how many security events were pruned.
   */
  pruneAudit(now: number): { removed: { firstSeq: number; lastSeq: number; archive: string } | null; securityEvents: number };
  /** Drops log lines past the log's retention, keeping the audit anchors they carry; returns the lines dropped. */
  pruneLog(now: number): number;
  /** Removes the retired monitors retention has left without history, each audited as a purge by the system; returns them. */
  expireRetiredMonitors(now: number): RetiredWithoutHistory[];
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The Retention page's answer and the pruning of alerts and incidents (probe history keeps its own
 * prune in core/probes). The dry run and the prune read one predicate per kind (db/repositories/retention).
 */
export function createDataRetention(options: DataRetentionOptions): DataRetention {
  const { repos, clock, logger } = options;
  const actionsOf = (stored: StoredKind) => (stored === 'security-events' ? SECURITY_ACTIONS : undefined);
  const auditPolicy = (now: number): AuditRetention => {
    const settings = options.settings();
    return {
      cutoff: now - settings.retentionRecordsDays * DAY,
      securityActions: SECURITY_ACTIONS,
      securityCutoff: now - settings.retentionSecurityDays * DAY,
    };
  };
  /**
   * The audit kinds' dry run, as the prune goes: every security event past its retention becomes a tombstone
   * (wherever it sits), then the stretch from the chain's start past retention (tombstones included) is archived and deleted.
   */
  const auditDryRun = (stored: StoredKind, now: number): number => {
    const policy = auditPolicy(now);
    if (stored === 'security-events') return options.audit.prunableSecurityEvents(policy);
    const range = options.audit.prunable(policy);
    return range === null ? 0 : repos.retention.countSeqRange(range.firstSeq, range.lastSeq);
  };

  /** The cutoffs of the kinds a retired monitor holds, as probes' prune and the records' prune apply them. */
  const retiredCutoffs = (now: number): RetiredHistoryCutoffs => {
    const settings = options.settings();
    const probe = retentionFromSettings(settings);
    return {
      minuteRollups: now - probe.minuteMs,
      hourRollups: now - probe.hourMs,
      dayRollups: now - probe.dayMs,
      records: now - settings.retentionRecordsDays * DAY,
    };
  };

  const overview = (): RetentionOverview => {
    const at = clock.now();
    const kinds: RetentionKindState[] = retentionPolicies(options.settings()).map((policy) => {
      const cutoffAt = at - policy.keepDays * DAY;
      const base = { kind: policy.kind, label: policy.label, keepDays: policy.keepDays, setting: policy.setting, cutoffAt };
      if (policy.stored === null)
        return {
          ...base,
          rows: null,
          bytes: fileBytes(options.logFilePath),
          nextPruneRows: logLinesPast(options.logFilePath, cutoffAt),
          notPrunedBecause: policy.notPrunedBecause,
        };
      const held = repos.retention.holdings(policy.stored, actionsOf(policy.stored));
      const auditKind = policy.stored === 'audit-log' || policy.stored === 'security-events';
      const past = auditKind
        ? auditDryRun(policy.stored, at)
        : repos.retention.countPast(policy.stored, cutoffAt, actionsOf(policy.stored));
      return {
        ...base,
        rows: held.rows,
        bytes: held.bytes,
        // Nothing goes from a kind that is not pruned: the dry run says 0 and the reason says why.
        nextPruneRows: policy.notPrunedBecause === null ? past : 0,
        notPrunedBecause: policy.notPrunedBecause,
      };
    });
    return {
      at,
      kinds,
      retiredMonitors: repos.monitoring.listRetiredMonitors().length,
      expiringRetiredMonitors: repos.retention.retiredWithoutHistory(retiredCutoffs(at)),
    };
  };

  const pruneRecords = async (now: number, yieldNow: () => Promise<void>) => {
    const cutoff = now - options.settings().retentionRecordsDays * DAY;
    const removed = { alerts: 0, incidents: 0 };
    for (const [kind, prune] of [
      ['alerts', (limit: number) => repos.retention.pruneAlerts(cutoff, limit)],
      ['incidents', (limit: number) => repos.retention.pruneIncidents(cutoff, limit)],
    ] as const) {
      for (;;) {
        const n = repos.transaction(() => prune(RECORD_SLICE));
        removed[kind] += n;
        if (n < RECORD_SLICE) break;
        await yieldNow();
      }
    }
    return removed;
  };

  /** Every archive the prunes take (a long stretch is cut into several); the dry run counts the whole of each kind. */
  const pruneAudit = (now: number) => {
    // The stretch is fixed before anything is appended, as the dry run saw it: the entries the prunes append never join it.
    const planned = options.audit.prunable(auditPolicy(now));
    const policy = { ...auditPolicy(now), throughSeq: planned?.lastSeq ?? 0 };
    let securityEvents = 0;
    for (let next = options.audit.pruneSecurityEvents(policy); next !== null; next = options.audit.pruneSecurityEvents(policy))
      securityEvents += next.entries;
    const archived: { firstSeq: number; lastSeq: number; archive: string }[] = [];
    for (let next = options.audit.prune(policy); next !== null; next = options.audit.prune(policy)) archived.push(next);
    const [first, last] = [archived[0], archived.at(-1)];
    return { removed: first && last ? { firstSeq: first.firstSeq, lastSeq: last.lastSeq, archive: last.archive } : null, securityEvents };
  };
  /**
   * A retired monitor stays listed only for its history: once retention has taken all of it, the
   * monitor goes too, as an admin's purge would take it (with what little was left), audited by the system.
   */
  const expireRetiredMonitors = (now: number): RetiredWithoutHistory[] => {
    const expired = repos.retention.retiredWithoutHistory(retiredCutoffs(now));
    const rawBefore = now - retentionFromSettings(options.settings()).rawMs;
    for (const monitor of expired) {
      repos.transaction(() => {
        const removed = repos.monitoring.purgeMonitor(monitor.id, rawBefore);
        options.audit.append({
          actor: 'system',
          action: 'monitors.purge',
          target: `monitor:${monitor.id}`,
          before: { name: monitor.name, siteName: monitor.siteName, retiredAt: monitor.retiredAt },
          after: { removed },
          result: 'ok',
          detail: 'history expired',
        });
      });
    }
    if (expired.length > 0) options.emit({ event: 'monitors.changed', payload: { reason: 'monitor' } });
    return expired;
  };
  const pruneLog = (now: number) => pruneLogFile(options.logFilePath, now - options.settings().retentionLogDays * DAY);

  let handle: TimerHandle | null = null;
  let stopped = false;
  const EVERY_MS = 60 * 60_000;
  const run = async () => {
    try {
      const removed = await pruneRecords(clock.now(), () => new Promise((resolve) => setImmediate(resolve)));
      if (removed.alerts + removed.incidents > 0) logger.info(removed, 'pruned resolved alerts and incidents past their retention');
    } catch (error) {
      logger.error({ err: error }, 'pruning alerts and incidents failed');
    }
    try {
      const pruned = pruneAudit(clock.now());
      if (pruned.removed || pruned.securityEvents > 0) logger.info(pruned, 'archived and pruned audit entries past their retention');
    } catch (error) {
      // The rows stay when the archive could not be written: the next run writes it again.
      logger.error({ err: error }, 'pruning the audit log failed');
    }
    try {
      const expired = expireRetiredMonitors(clock.now());
      if (expired.length > 0) logger.info({ monitors: expired.map((m) => m.id) }, 'removed retired monitors whose history expired');
    } catch (error) {
      logger.error({ err: error }, 'removing retired monitors whose history expired failed');
    }
    try {
      const dropped = pruneLog(clock.now());
      if (dropped > 0) logger.info({ dropped }, 'pruned log lines past their retention');
    } catch (error) {
      logger.error({ err: error }, 'pruning the log file failed');
    }
    if (!stopped) handle = options.timers.after(EVERY_MS, () => void run());
  };

  return {
    overview,
    pruneRecords,
    pruneAudit,
    pruneLog,
    expireRetiredMonitors,
    handlers: { 'retention.overview': () => overview() },
    start() {
      stopped = false;
      handle = options.timers.after(2 * 60_000, () => void run());
    },
    stop() {
      stopped = true;
      handle?.cancel();
    },
  };
}
