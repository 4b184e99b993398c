import type { AlertRow, BackupJobRow, BackupRow, BackupRunRow, IncidentRow } from '../../src/core/db';
import type { Priority, Severity } from '../../src/shared/contract';

/** A stored alert as the engine would have left it, for report tests and benchmarks that need history, not behaviour. */
export function pastAlert(
  id: string,
  values: { firstSeenAt: number; severity: Severity; ruleId: string; monitorId: string; ackAfterMs?: number | null; siteName?: string },
): AlertRow {
  const ackAt = values.ackAfterMs === undefined || values.ackAfterMs === null ? null : values.firstSeenAt + values.ackAfterMs;
  return {
    id,
    fingerprint: `${values.ruleId}|monitor:${values.monitorId}`,
    ruleId: values.ruleId,
    ruleName: `Rule ${values.ruleId}`,
    subject: `monitor:${values.monitorId}`,
    subjectName: `Monitor ${values.monitorId}`,
    siteId: 'site-1',
    siteName: values.siteName ?? 'Depot North',
    severity: values.severity,
    state: 'resolved',
    summary: `Monitor ${values.monitorId} is down`,
    firstSeenAt: values.firstSeenAt,
    lastSeenAt: values.firstSeenAt,
    count: 1,
    escalationLevel: 0,
    escalatedAt: null,
    owner: ackAt === null ? null : 'Ann Example',
    ownerId: null,
    ownerSeat: null,
    ackBy: ackAt === null ? null : 'Ann Example',
    ackAt,
    ackReason: null,
    ackNote: null,
    snoozedUntil: null,
    silencedBy: null,
    heldBecause: null,
    flapping: false,
    resolvedAt: values.firstSeenAt + 3_600_000,
    resolvedBy: 'system',
    resolution: 'Recovered',
    lastNotification: null,
    nextEscalationAt: null,
    notified: false,
  };
}

export function pastBackup(id: string, createdAt: number, verify: BackupRow['verify']): BackupRow {
  return {
    id,
    jobId: null,
    fileName: `${id}.wrbk`,
    path: `/backups/${id}.wrbk`,
    createdAt,
    kind: 'scheduled',
    sizeBytes: 1024,
    sourceBytes: 4096,
    files: 1,
    keyId: 'key-1',
    verify,
    verifiedAt: verify === 'unverified' ? null : createdAt + 60_000,
    verifyDetail: null,
  };
}

/** A backup job as stored, its last test restore when told (null: never), for reports that count jobs. */
export function pastBackupJob(id: string, createdAt: number, lastTestRestoreAt: number | null): BackupJobRow {
  return {
    id,
    name: `Job ${id}`,
    sources: [{ kind: 'database' }],
    destination: `/backups/${id}`,
    schedule: '0 3 * * *',
    retention: { keepLast: 3, daily: 7, weekly: 4, monthly: 12, yearly: 7 },
    compressionLevel: 3,
    overdueAfterHours: 26,
    keyHex: '00'.repeat(32),
    kdfJson: '{}',
    keyId: 'key-1',
    retiredKeysJson: '[]',
    createdAt,
    updatedAt: createdAt,
    lastSlotAt: null,
    lastRun: null,
    lastGoodAt: null,
    lastRollingCheckAt: null,
    lastTestRestoreAt,
    notify: null,
    keyRotationDays: 90,
    keySetAt: createdAt,
    retryAt: null,
    retryAttempt: 0,
  };
}

/** A weekly test restore of a job as the run history keeps it. */
export function pastTestRestore(id: string, jobId: string, startedAt: number, outcome: BackupRunRow['outcome']): BackupRunRow {
  return {
    id,
    jobId,
    jobName: `Job ${jobId}`,
    trigger: 'test-restore',
    attempt: 1,
    startedAt,
    endedAt: startedAt + 90_000,
    outcome,
    sizeBytes: null,
    sourceBytes: null,
    files: null,
    backupId: null,
    error: outcome === 'failed' ? 'The restored database failed its integrity check' : null,
    retryAt: null,
  };
}

const MINUTE_MS = 60_000;
/** DESIGN.md's targets: respond and resolve, in minutes. */
const TARGETS: Record<Priority, { respond: number; resolve: number }> = {
  P0: { respond: 15, resolve: 60 },
  P1: { respond: 30, resolve: 240 },
  P2: { respond: 120, resolve: 1440 },
};

/** A stored incident, started, responded to and resolved when told (minutes after its start; null: not yet). */
export function pastIncident(
  number: number,
  values: {
    startedAt: number;
    priority: Priority;
    respondedAfterMin: number | null;
    resolvedAfterMin: number | null;
    siteId?: string | null;
  },
): IncidentRow {
  const after = (minutes: number | null) => (minutes === null ? null : values.startedAt + minutes * MINUTE_MS);
  const resolvedAt = after(values.resolvedAfterMin);
  return {
    id: `incident-${number}`,
    number,
    title: `Incident ${number}`,
    priority: values.priority,
    state: resolvedAt === null ? 'investigating' : 'resolved',
    sopSlug: null,
    sopVersion: null,
    sopName: null,
    siteId: values.siteId ?? null,
    siteName: values.siteId ? `Site ${values.siteId}` : null,
    ownerId: null,
    owner: null,
    takeoverRequest: null,
    startedAt: values.startedAt,
    createdAt: values.startedAt,
    createdBy: 'Ann Example',
    respondedAt: after(values.respondedAfterMin),
    respondDueAt: values.startedAt + TARGETS[values.priority].respond * MINUTE_MS,
    resolveDueAt: values.startedAt + TARGETS[values.priority].resolve * MINUTE_MS,
    respondBreachedAt: null,
    resolveBreachedAt: null,
    resolvedAt,
    resolution: resolvedAt === null ? null : 'Fixed',
    resolveOverride: null,
    lastUpdateAt: null,
    nextUpdateDueAt: null,
    steps: [],
    alerts: [],
    review: { summary: '', impact: '', rootCause: '', lessons: '', actions: [] },
    updatedAt: resolvedAt ?? values.startedAt,
  };
}
