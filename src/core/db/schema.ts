import { sqliteTable, text, integer, index, real, blob, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  AckReason,
  Alert,
  AlertEventKind,
  AlertState,
  BackupJob,
  BackupSource,
  BackupRecord,
  BackupVerifyState,
  Channel,
  HandoverItem,
  HandoverItemKind,
  HandoverState,
  Incident,
  IncidentEventKind,
  IncidentState,
  MonitorState,
  MonitorStatus,
  Monitor,
  NotificationOutcome,
  NotificationStage,
  Priority,
  Role,
  SessionKind,
  Rule,
  Severity,
  Silence,
  SilenceKind,
  SopSource,
  SopTemplate,
  ShiftPlan,
  EscalationLevels,
  OnCallSchedule,
  RoutingTable,
} from '../../shared/contract';
import { BackupRunOutcomeKind, BackupRunTrigger } from '../../shared/contract/recovery';
import { jsonColumn } from './json-column';

/** A contract enum's values as drizzle's typed text column takes them: the contract keeps the one list. */
function valuesOf<T extends string>(schema: z.ZodEnum<{ [K in T]: K }>): [T, ...T[]] {
  return schema.options as [T, ...T[]];
}

const Tags = z.array(z.string());
/** Columns every board snapshot (or every restart, for all monitors) reads: parsed, not schema-checked (see jsonColumn). */
const HOT_PATH = { validate: false };

/** One row per setting; the value is the JSON of that setting, validated by the contract on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: jsonColumn('settings', 'value_json', z.unknown()).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Append-only, hash-chained record of every command. `hash` covers `prev_hash` and every other
 * column, so editing, inserting or deleting any row breaks the chain at that row.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    beforeJson: text('before_json'),
    afterJson: text('after_json'),
    result: text('result', { enum: ['ok', 'error'] }).notNull(),
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * How `hash` was made: plain SHA-256 before the chain was keyed, HMAC-SHA-256 since (v2 also covers the people columns);
     * `tombstone` for a security event pruned behind kept entries (content cleared, hash kept, its mark in `detail`).
     */
    chain: text('chain', { enum: ['sha256', 'hmac-sha256', 'hmac-sha256-v2', 'hmac-sha256-v3', 'tombstone'] })
      .notNull()
      .default('sha256'),
    /** Who acted, as named when it happened (the actor column keeps the user id); NULL in entries written before people. */
    actorName: text('actor_name'),
    /** The workstation, paired device or browser address the command came from. */
    seat: text('seat'),
    /** The supervisor who authorized this one command at the seat (step-up). */
    authorizedById: text('authorized_by_id'),
    authorizedByName: text('authorized_by_name'),
    /** When the person gave a command forwarded by a seat (a hub command): `at` is when the hub applied it. */
    issuedAt: integer('issued_at'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actor), index('audit_log_action').on(t.action)],
);

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  address: text('address'),
  tags: jsonColumn('sites', 'tags_json', Tags, HOT_PATH).notNull().default([]),
  maintenance: integer('maintenance', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const monitors = sqliteTable(
  'monitors',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** The probe's config as validated by the contract's ProbeConfig schema. */
    probe: jsonColumn('monitors', 'probe_json', Monitor.shape.probe, HOT_PATH).notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    timeoutSeconds: integer('timeout_seconds').notNull(),
    failuresToDown: integer('failures_to_down').notNull(),
    successesToUp: integer('successes_to_up').notNull(),
    warnLatencyMs: integer('warn_latency_ms').notNull(),
    critLatencyMs: integer('crit_latency_ms').notNull(),
    parentId: text('parent_id'),
    role: text('role', { enum: ['normal', 'console-uplink'] })
      .notNull()
      .default('normal'),
    tags: jsonColumn('monitors', 'tags_json', Tags, HOT_PATH).notNull().default([]),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    maintenance: integer('maintenance', { mode: 'boolean' }).notNull().default(false),
    heartbeatToken: text('heartbeat_token'),
    /** Bumped by every edit of the configuration: an edit based on an older version is refused, not silently overwritten. */
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Retired instead of deleted (issue 15): hidden and never probed, its history kept until retention or a purge removes it. */
    retiredAt: integer('retired_at'),
    /** Who retired it, as their name read then. */
    retiredBy: text('retired_by'),
  },
  (t) => [
    index('monitors_site').on(t.siteId),
    index('monitors_parent').on(t.parentId),
    uniqueIndex('monitors_heartbeat_token').on(t.heartbeatToken),
  ],
);

/** One row per monitor: answers "current status of everything" without touching history. */
export const monitorState = sqliteTable('monitor_state', {
  monitorId: text('monitor_id')
    .primaryKey()
    .references(() => monitors.id, { onDelete: 'cascade' }),
  status: text('status', { enum: valuesOf(MonitorStatus) }).notNull(),
  verdict: text('verdict', { enum: valuesOf(MonitorState.shape.verdict) }).notNull(),
  cause: jsonColumn('monitor_state', 'cause_json', MonitorState.shape.cause, HOT_PATH).notNull(),
  since: integer('since').notNull(),
  lastCheckAt: integer('last_check_at'),
  lastLatencyMs: real('last_latency_ms'),
  lastError: text('last_error'),
  certExpiresAt: integer('cert_expires_at'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  consecutiveSuccesses: integer('consecutive_successes').notNull().default(0),
  /** Times of recent status changes, for the flapping rule. */
  changeTimes: jsonColumn('monitor_state', 'change_times_json', z.array(z.number()), HOT_PATH).notNull().default([]),
  manualNote: text('manual_note'),
  /** A heartbeat monitor's last beat, kept so a restart neither forgets it nor resolves its alerts. */
  lastBeatAt: integer('last_beat_at'),
});

/**
 * Raw results, kept 7 days by default. Append-only and indexed by time alone, so an insert touches
 * only the last pages: dashboards read roll-ups, and a restart replays raw rows by rowid. No
 * foreign key: a deleted monitor's raw rows simply expire with retention.
 */
export const probeResults = sqliteTable(
  'probe_results',
  {
    monitorId: text('monitor_id').notNull(),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    latencyMs: real('latency_ms'),
    error: text('error'),
  },
  (t) => [index('probe_results_at').on(t.at)],
);

export const stateChanges = sqliteTable(
  'state_changes',
  {
    id: integer('id').primaryKey(),
    monitorId: text('monitor_id').notNull(),
    at: integer('at').notNull(),
    fromStatus: text('from_status', { enum: valuesOf(MonitorStatus) }).notNull(),
    toStatus: text('to_status', { enum: valuesOf(MonitorStatus) }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('state_changes_monitor_at').on(t.monitorId, t.at)],
);

/**
 * Roll-ups at three resolutions. Each row is written whole from an in-memory accumulator (never
 * read-modify-written per result). `hist` is the latency histogram the percentile estimate came
 * from, so an open hour or day can be resumed after a restart; `through_rowid` makes that resume
 * exact even when a crash falls between two of the small transactions a flush is split into.
 */
function rollupTable<N extends string>(name: N) {
  return sqliteTable(
    name,
    {
      monitorId: text('monitor_id').notNull(),
      bucket: integer('bucket').notNull(),
      count: integer('count').notNull(),
      upCount: integer('up_count').notNull(),
      latencyCount: integer('latency_count').notNull(),
      latencyMin: real('latency_min'),
      latencyMax: real('latency_max'),
      latencySum: real('latency_sum').notNull(),
      latencyP95: real('latency_p95'),
      hist: blob('hist', { mode: 'buffer' }),
      /** The last raw row this roll-up includes: a replay after a crash adds only rows after it. */
      throughRowid: integer('through_rowid').notNull().default(0),
    },
    (t) => [primaryKey({ columns: [t.monitorId, t.bucket] })],
  );
}
export const rollupMinute = rollupTable('rollup_minute');
export const rollupHour = rollupTable('rollup_hour');
export const rollupDay = rollupTable('rollup_day');

/** Core's own bookkeeping (the roll-up watermark, ...); never shown as settings. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Alert rules; scope, condition and recovery are stored as their contract JSON and parsed on read. */
export const alertRules = sqliteTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  builtIn: integer('built_in', { mode: 'boolean' }).notNull(),
  scope: jsonColumn('alert_rules', 'scope_json', Rule.shape.scope).notNull(),
  condition: jsonColumn('alert_rules', 'condition_json', Rule.shape.condition).notNull(),
  pendingMinutes: integer('pending_minutes').notNull(),
  recovery: jsonColumn('alert_rules', 'recovery_json', Rule.shape.recovery).notNull(),
  severity: text('severity', { enum: valuesOf(Severity) }).notNull(),
  /** `table`: the routing table of its severity decides who hears it (migration 0016 kept rules that named channels on `channels`). */
  routing: text('routing', { enum: ['table', 'channels'] })
    .notNull()
    .default('table'),
  channelIds: jsonColumn('alert_rules', 'channel_ids_json', Rule.shape.channelIds).notNull(),
  maxOpenAlerts: integer('max_open_alerts').notNull(),
  /** Bumped by every edit of the rule: an edit based on an older version is refused, not silently overwritten. */
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const escalationPolicies = sqliteTable('escalation_policies', {
  severity: text('severity', { enum: valuesOf(Severity) }).primaryKey(),
  escalateAfterMinutes: integer('escalate_after_minutes'),
  repeatEveryMinutes: integer('repeat_every_minutes').notNull(),
  maxLevel: integer('max_level').notNull(),
  ackTimeoutMinutes: integer('ack_timeout_minutes'),
});

/**
 * One row per alert occurrence. The fingerprint (rule + subject) is unique among open alerts, so a
 * repeat can only ever update the open row; once resolved, the row stays as the record.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    fingerprint: text('fingerprint').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    subject: text('subject').notNull(),
    subjectName: text('subject_name').notNull(),
    siteId: text('site_id'),
    siteName: text('site_name'),
    severity: text('severity', { enum: valuesOf(Severity) }).notNull(),
    state: text('state', { enum: valuesOf(AlertState) }).notNull(),
    summary: text('summary').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    count: integer('count').notNull(),
    escalationLevel: integer('escalation_level').notNull(),
    escalatedAt: integer('escalated_at'),
    /** The owner's display name as it was when they claimed or acknowledged it (what the queue shows)... */
    owner: text('owner'),
    /** ...and their user id, which decides "mine" and "you already own it"; null for alerts owned before people had ids. */
    ownerId: text('owner_id'),
    /** ...and the seat they did it at ("claimed by Anna, Seat 3"); null for alerts owned before seats were kept. */
    ownerSeat: text('owner_seat'),
    ackBy: text('ack_by'),
    ackAt: integer('ack_at'),
    ackReason: text('ack_reason', { enum: valuesOf(AckReason) }),
    ackNote: text('ack_note'),
    snoozedUntil: integer('snoozed_until'),
    silencedBy: jsonColumn('alerts', 'silenced_by_json', Alert.shape.silencedBy.unwrap()),
    heldBecause: text('held_because'),
    flapping: integer('flapping', { mode: 'boolean' }).notNull(),
    resolvedAt: integer('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
    lastNotification: jsonColumn('alerts', 'last_notification_json', NotificationOutcome),
    /** When the escalation clock next fires (unacknowledged) or the acknowledgement times out. */
    nextEscalationAt: integer('next_escalation_at'),
    /** Whether anyone was ever notified: only then does the resolution go out too. */
    notified: integer('notified', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    uniqueIndex('alerts_open_fingerprint')
      .on(t.fingerprint)
      .where(sql`state <> 'resolved'`),
    index('alerts_state').on(t.state),
    index('alerts_resolved_at').on(t.resolvedAt),
    // Alert history search (issue 15): newest first by (first seen, id), under each filter.
    index('alerts_history').on(t.firstSeenAt, t.id),
    index('alerts_history_site').on(t.siteId, t.firstSeenAt, t.id),
    index('alerts_history_subject').on(t.subject, t.firstSeenAt, t.id),
    index('alerts_history_rule').on(t.ruleId, t.firstSeenAt, t.id),
    index('alerts_history_severity').on(t.severity, t.firstSeenAt, t.id),
    index('alerts_history_ack_by').on(t.ackBy, t.firstSeenAt, t.id),
  ],
);

/** What happened to an alert, in order: the source of its history and of incident timelines. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey(),
    alertId: text('alert_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind', { enum: valuesOf(AlertEventKind) }).notNull(),
    actor: text('actor').notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [index('alert_events_alert').on(t.alertId, t.at)],
);

export const alertNotifications = sqliteTable(
  'alert_notifications',
  {
    id: integer('id').primaryKey(),
    alertId: text('alert_id'),
    channelId: text('channel_id').notNull(),
    channelName: text('channel_name').notNull(),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    attempts: integer('attempts').notNull(),
    detail: text('detail').notNull(),
    /** Rows from before the stages were recorded are given theirs by migration (from ok, attempts and detail). */
    stage: text('stage', { enum: valuesOf(NotificationStage) }).notNull(),
    status: integer('status'),
    answer: text('answer'),
  },
  (t) => [index('alert_notifications_alert').on(t.alertId, t.at)],
);

export const silences = sqliteTable('silences', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: valuesOf(SilenceKind) }).notNull(),
  comment: text('comment').notNull(),
  scope: jsonColumn('silences', 'scope_json', Silence.shape.scope).notNull(),
  schedule: jsonColumn('silences', 'schedule_json', Silence.shape.schedule).notNull(),
  triggeredAt: integer('triggered_at'),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Notification channels; the config (with its secret) lives only in this encrypted database. */
export const channels = sqliteTable('channels', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  config: jsonColumn('channels', 'config_json', Channel.shape.config).notNull(),
  ratePerMinute: integer('rate_per_minute').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Every version of every SOP template: a save adds a version, never changes one, so an incident
 * pinned to a version reads the very steps it started with.
 */
export const sopTemplates = sqliteTable(
  'sop_templates',
  {
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    steps: jsonColumn('sop_templates', 'steps_json', SopTemplate.shape.steps).notNull(),
    /** `file` (resources/sops) or `console`. */
    source: text('source', { enum: valuesOf(SopSource) }).notNull(),
    /** SHA-256 of the YAML a file version came from: an unchanged file adds no version. */
    contentHash: text('content_hash'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);

/** One row per incident, written whole by each command; its checklist, links and review ride along as JSON. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull().unique(),
    title: text('title').notNull(),
    priority: text('priority', { enum: valuesOf(Priority) }).notNull(),
    state: text('state', { enum: valuesOf(IncidentState) }).notNull(),
    sopSlug: text('sop_slug'),
    sopVersion: integer('sop_version'),
    sopName: text('sop_name'),
    siteId: text('site_id'),
    siteName: text('site_name'),
    ownerId: text('owner_id'),
    owner: text('owner'),
    takeoverRequest: jsonColumn('incidents', 'takeover_json', Incident.shape.takeoverRequest.unwrap()),
    startedAt: integer('started_at').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    respondedAt: integer('responded_at'),
    respondDueAt: integer('respond_due_at').notNull(),
    resolveDueAt: integer('resolve_due_at').notNull(),
    respondBreachedAt: integer('respond_breached_at'),
    resolveBreachedAt: integer('resolve_breached_at'),
    resolvedAt: integer('resolved_at'),
    resolution: text('resolution'),
    resolveOverride: text('resolve_override'),
    lastUpdateAt: integer('last_update_at'),
    nextUpdateDueAt: integer('next_update_due_at'),
    steps: jsonColumn('incidents', 'steps_json', Incident.shape.steps).notNull(),
    alerts: jsonColumn('incidents', 'alerts_json', Incident.shape.alerts).notNull(),
    review: jsonColumn('incidents', 'review_json', Incident.shape.review).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('incidents_state').on(t.state), index('incidents_resolved_at').on(t.resolvedAt)],
);

/** An incident's timeline: every command on it and what core did (a breached clock, a due update). */
export const incidentEvents = sqliteTable(
  'incident_events',
  {
    id: integer('id').primaryKey(),
    incidentId: text('incident_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind', { enum: valuesOf(IncidentEventKind) }).notNull(),
    actor: text('actor').notNull(),
    detail: text('detail').notNull(),
    stepId: text('step_id'),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.at)],
);

/**
 * Backup jobs. The key derived from the job's passphrase is kept here (this database is itself
 * encrypted), so scheduled runs need nobody at the console; the passphrase is never stored.
 */
export const backupJobs = sqliteTable('backup_jobs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  sources: jsonColumn('backup_jobs', 'sources_json', z.array(BackupSource)).notNull(),
  destination: text('destination').notNull(),
  schedule: text('schedule').notNull(),
  retention: jsonColumn('backup_jobs', 'retention_json', BackupJob.shape.retention).notNull(),
  compressionLevel: integer('compression_level').notNull(),
  overdueAfterHours: integer('overdue_after_hours').notNull(),
  keyHex: text('key_hex').notNull(),
  kdfJson: text('kdf_json').notNull(),
  keyId: text('key_id').notNull(),
  /**
   * Keys the job used before a passphrase change (JSON: key id, key hex, KDF parameters, when it
   * was retired), kept like the current one so older backups still verify and restore unasked.
   */
  retiredKeysJson: text('retired_keys_json').notNull().default('[]'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** The last cron slot that ran (or was run late at start-up): a later slot that passed while off is a missed run. */
  lastSlotAt: integer('last_slot_at'),
  lastRun: jsonColumn('backup_jobs', 'last_run_json', BackupJob.shape.lastRun.unwrap()),
  lastGoodAt: integer('last_good_at'),
  lastRollingCheckAt: integer('last_rolling_check_at'),
  lastTestRestoreAt: integer('last_test_restore_at'),
  /** The channel told of each run's outcome, and for which outcomes; null tells nobody but the alert rules. */
  notify: jsonColumn('backup_jobs', 'notify_json', BackupJob.shape.notify.unwrap()),
  /** Days after which the admin is reminded to rotate the job's key; 0 never reminds. */
  keyRotationDays: integer('key_rotation_days').notNull().default(90),
  /** When the current key was set; null for a job made before this was kept (its creation counts). */
  keySetAt: integer('key_set_at'),
  /** A failed scheduled run's next try, and how many tries the slot has had (0: none waits). */
  retryAt: integer('retry_at'),
  retryAttempt: integer('retry_attempt').notNull().default(0),
});

/** Every complete backup file a job (or a restore's safety copy) wrote, with its verify state. */
export const backups = sqliteTable(
  'backups',
  {
    id: text('id').primaryKey(),
    jobId: text('job_id'),
    fileName: text('file_name').notNull(),
    path: text('path').notNull(),
    createdAt: integer('created_at').notNull(),
    kind: text('kind', { enum: valuesOf(BackupRecord.shape.kind) }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sourceBytes: integer('source_bytes').notNull(),
    files: integer('files').notNull(),
    keyId: text('key_id').notNull(),
    verify: text('verify', { enum: valuesOf(BackupVerifyState) }).notNull(),
    verifiedAt: integer('verified_at'),
    verifyDetail: text('verify_detail'),
  },
  (t) => [index('backups_job').on(t.jobId, t.createdAt)],
);

/**
 * People who may use the console. Never deleted (the audit log names them): deactivated instead.
 * The password is an argon2id PHC string carrying its own parameters; the TOTP secret lives only
 * in this encrypted database, like channel secrets.
 */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: valuesOf(Role) }).notNull(),
  sites: jsonColumn('users', 'sites_json', z.array(z.string()).nullable()),
  active: integer('active', { mode: 'boolean' }).notNull(),
  passwordHash: text('password_hash').notNull(),
  totpSecret: text('totp_secret'),
  /** A secret shown for enrolment and not yet confirmed with a first code. */
  totpPendingSecret: text('totp_pending_secret'),
  /** The last TOTP time step used: a code of that step (or an earlier one) is refused. */
  totpLastStep: integer('totp_last_step'),
  lastSignInAt: integer('last_sign_in_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Signed-in seats. Only a hash of the session token is kept: a copy of the database signs nobody in. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: valuesOf(SessionKind) }).notNull(),
    seat: text('seat').notNull(),
    address: text('address'),
    startedAt: integer('started_at').notNull(),
    lastActiveAt: integer('last_active_at').notNull(),
    expiresAt: integer('expires_at'),
    locked: integer('locked', { mode: 'boolean' }).notNull(),
    endedAt: integer('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('sessions_user').on(t.userId, t.endedAt)],
);

/**
 * Failed sign-ins, by username as typed (known or not) and by source (seat or address): lockout
 * and the per-source alert count the rows inside their window; older rows are deleted.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
    username: text('username').notNull(),
    source: text('source').notNull(),
  },
  (t) => [index('sign_in_failures_username').on(t.username, t.at), index('sign_in_failures_source').on(t.source, t.at)],
);

/** An account (by username as typed, so unknown names lock alike) closed until a time. */
export const accountLocks = sqliteTable('account_locks', {
  username: text('username').primaryKey(),
  lockedUntil: integer('locked_until').notNull(),
});

/** One-time recovery codes for a lost authenticator, hashed; each works once. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: text('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * The hub's change feed: an entry per change of a row of a replicated table, appended by the
 * triggers core/replication installs on a hub. Append-only and indexed by seq alone, so a write
 * pays one insert at the end of one b-tree. Entries a later entry of the same row supersedes are
 * removed later, in batches, off the writers' path (core/replication's compaction). A key whose
 * row no longer exists reads as a tombstone. The highest entry is never deleted, so a seq is never reused.
 */
export const changeFeed = sqliteTable('change_feed', {
  seq: integer('seq').primaryKey(),
  tableName: text('table_name').notNull(),
  /** JSON array of the row's key column values, as json_array() writes it. */
  rowKey: text('row_key').notNull(),
});

/** The compacted feed's one entry per row, by row: how compaction finds a row's previous entry without a scan. */
export const changeFeedKeys = sqliteTable(
  'change_feed_keys',
  {
    tableName: text('table_name').notNull(),
    rowKey: text('row_key').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowKey] })],
);

/**
 * Consoles registered with this hub by an admin. Only a hash of the seat's credential is kept (it is
 * 32 random bytes, so SHA-256 is enough); a revoked seat is kept, since the audit log names it.
 */
export const seats = sqliteTable('seats', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  credentialHash: text('credential_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  revokedAt: integer('revoked_at'),
  /** When a console last connected or left with this seat's credential. */
  lastSeenAt: integer('last_seen_at'),
});

/**
 * What the hub answered to each forwarded command, by its client-made id, written in the command's
 * own transaction: a resend of the id gets this answer and nothing runs again.
 */
export const commandReceipts = sqliteTable('command_receipts', {
  id: text('id').primaryKey(),
  seatId: text('seat_id').notNull(),
  userId: text('user_id'),
  method: text('method').notNull(),
  issuedAt: integer('issued_at').notNull(),
  appliedAt: integer('applied_at').notNull(),
  outcome: text('outcome', { enum: ['applied', 'rejected'] }).notNull(),
  receiptJson: text('receipt_json').notNull(),
});

/**
 * A console's own commands made while the hub could not be asked (console-local: neither
 * replicated nor in the change feed; empty on a hub). Sent in `position` order once the hub is
 * back, each under its client-made `id`; a row leaves once its change is in the replica, or stays
 * `refused` with the hub's error until somebody redoes or drops it.
 */
export const outbox = sqliteTable('outbox', {
  position: integer('position').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  method: text('method').notNull(),
  /** The input as given, JSON; null for none. */
  inputJson: text('input_json'),
  personId: text('person_id').notNull(),
  personName: text('person_name').notNull(),
  /** When the person last signed in online at this seat, as the console knew it; null when it did not. */
  signedInAt: integer('signed_in_at'),
  seat: text('seat').notNull(),
  issuedAt: integer('issued_at').notNull(),
  /** The replica's applied seq when the command was made: the state of the hub it was based on. */
  basedOnSeq: integer('based_on_seq').notNull(),
  state: text('state', { enum: ['pending', 'refused'] }).notNull(),
  /** The hub's rejection (a ContractError, JSON) once refused. */
  errorJson: text('error_json'),
  refusedAt: integer('refused_at'),
});

/**
 * A console's own (never replicated, never in the change feed): a verifier of the password of each
 * person who signed in online at this console's seat, so they can sign in while the hub cannot be
 * reached. An argon2id hash with its own salt, made by the console: never the hub's hash.
 */
export const offlineVerifiers = sqliteTable('offline_verifiers', {
  /** The person's user id on the hub. */
  userId: text('user_id').primaryKey(),
  /** The hub seat the sign-in was made at: a verifier is good only at that seat. */
  seatId: text('seat_id').notNull(),
  username: text('username').notNull(),
  verifier: text('verifier').notNull(),
  /** The online sign-in it came from (steady clock): it signs in offline for 7 days from then. */
  signedInAt: integer('signed_in_at').notNull(),
});

/**
 * Every run of a backup job (issue 16): start, duration, size, files, outcome and error. Kept like
 * the audit log, never pruned, and kept when its job is removed (the run names the job).
 */
export const backupRuns = sqliteTable(
  'backup_runs',
  {
    id: text('id').primaryKey(),
    jobId: text('job_id').notNull(),
    jobName: text('job_name').notNull(),
    trigger: text('trigger', { enum: valuesOf(BackupRunTrigger) }).notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at').notNull(),
    outcome: text('outcome', { enum: valuesOf(BackupRunOutcomeKind) }).notNull(),
    sizeBytes: integer('size_bytes'),
    sourceBytes: integer('source_bytes'),
    files: integer('files'),
    backupId: text('backup_id'),
    error: text('error'),
    retryAt: integer('retry_at'),
  },
  (t) => [index('backup_runs_job').on(t.jobId, t.startedAt), index('backup_runs_job_outcome').on(t.jobId, t.outcome, t.startedAt)],
);

/**
 * Shift handover (issue 15). One row: when shifts change (the console's time zone), who set that
 * and when; boundaries before `set_at` never ask for a handover.
 */
export const shiftPlan = sqliteTable('shift_plan', {
  id: integer('id').primaryKey(),
  boundaries: jsonColumn('shift_plan', 'boundaries_json', ShiftPlan.shape.boundaries).notNull(),
  setBy: text('set_by'),
  setAt: integer('set_at'),
});

/** A shift handover: one per shift change, from the outgoing operator to the first other person who takes it up. */
export const handovers = sqliteTable(
  'handovers',
  {
    id: text('id').primaryKey(),
    boundaryAt: integer('boundary_at').notNull().unique(),
    state: text('state', { enum: valuesOf(HandoverState) }).notNull(),
    outgoingId: text('outgoing_id').notNull(),
    outgoing: text('outgoing').notNull(),
    incomingId: text('incoming_id'),
    incoming: text('incoming'),
    generalNote: text('general_note').notNull(),
    createdAt: integer('created_at').notNull(),
    handedOverAt: integer('handed_over_at'),
    completedAt: integer('completed_at'),
  },
  (t) => [index('handovers_state').on(t.state, t.boundaryAt)],
);

/** The items of a handover in the order built; each is accepted on its own. */
export const handoverItems = sqliteTable(
  'handover_items',
  {
    handoverId: text('handover_id').notNull(),
    itemId: text('item_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: valuesOf(HandoverItemKind) }).notNull(),
    subjectId: text('subject_id'),
    title: text('title').notNull(),
    facts: jsonColumn('handover_items', 'facts_json', HandoverItem.shape.facts).notNull(),
    note: text('note').notNull(),
    state: text('state', { enum: valuesOf(HandoverItem.shape.state) }).notNull(),
    question: text('question'),
    askedAt: integer('asked_at'),
    answer: text('answer'),
    answeredAt: integer('answered_at'),
    acceptedBy: text('accepted_by'),
    acceptedAt: integer('accepted_at'),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.itemId] })],
);
/** The routing table by severity (issue 16): one row, `default`; none stored means the built-in defaults. */
export const routingTable = sqliteTable('routing_table', {
  id: text('id').primaryKey(),
  routes: jsonColumn('routing_table', 'routes_json', RoutingTable.shape.routes).notNull(),
  pagerScheduleId: text('pager_schedule_id'),
  updatedAt: integer('updated_at').notNull(),
});

/** Who each escalation level of a severity notifies; migration 0016 made them from the policies' delays. */
export const escalationLevels = sqliteTable('escalation_levels', {
  severity: text('severity', { enum: valuesOf(Severity) }).primaryKey(),
  levels: jsonColumn('escalation_levels', 'levels_json', EscalationLevels.shape.levels).notNull(),
});

/** Weekly on-call rotations with their overrides. */
export const onCallSchedules = sqliteTable('on_call_schedules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  people: jsonColumn('on_call_schedules', 'people_json', OnCallSchedule.shape.people).notNull(),
  handoffWeekday: integer('handoff_weekday').notNull(),
  handoffTime: text('handoff_time').notNull(),
  rotationWeeks: integer('rotation_weeks').notNull(),
  startsOn: text('starts_on').notNull(),
  overrides: jsonColumn('on_call_schedules', 'overrides_json', OnCallSchedule.shape.overrides).notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A person's own contact channel (their pager, say): what a level naming them or their schedule notifies. */
export const userContacts = sqliteTable('user_contacts', {
  userId: text('user_id').primaryKey(),
  channelId: text('channel_id').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Rows of the hub whose latest change waits to enter the change feed (issue 14, hub fan-out): changes
 * made at probe cadence that no seat needs at that cadence (roll-ups, a monitor's last check and
 * latency). One row per changed row however often it changes; the hub moves the due ones into
 * `change_feed` (core/replication). `noted_at`: the hub's last release before the first change.
 */
export const changeFeedDeferred = sqliteTable(
  'change_feed_deferred',
  {
    tableName: text('table_name').notNull(),
    rowKey: text('row_key').notNull(),
    notedAt: integer('noted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowKey] }), index('change_feed_deferred_due').on(t.tableName, t.notedAt)],
);
