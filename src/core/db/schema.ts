import { sqliteTable, text, integer, index, real, blob, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

/** One row per setting; the value is the JSON of that setting, validated by the contract on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  valueJson: text('value_json').notNull(),
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
    /** How `hash` was made: plain SHA-256 before the chain was keyed, HMAC-SHA-256 since. */
    chain: text('chain', { enum: ['sha256', 'hmac-sha256'] })
      .notNull()
      .default('sha256'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actor), index('audit_log_action').on(t.action)],
);

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  address: text('address'),
  tagsJson: text('tags_json').notNull().default('[]'),
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
    probeJson: text('probe_json').notNull(),
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
    tagsJson: text('tags_json').notNull().default('[]'),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    maintenance: integer('maintenance', { mode: 'boolean' }).notNull().default(false),
    heartbeatToken: text('heartbeat_token'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
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
  status: text('status').notNull(),
  verdict: text('verdict').notNull(),
  causeJson: text('cause_json').notNull(),
  since: integer('since').notNull(),
  lastCheckAt: integer('last_check_at'),
  lastLatencyMs: real('last_latency_ms'),
  lastError: text('last_error'),
  certExpiresAt: integer('cert_expires_at'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  consecutiveSuccesses: integer('consecutive_successes').notNull().default(0),
  /** Times of recent status changes, for the flapping rule. */
  changeTimesJson: text('change_times_json').notNull().default('[]'),
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
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
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
  scopeJson: text('scope_json').notNull(),
  conditionJson: text('condition_json').notNull(),
  pendingMinutes: integer('pending_minutes').notNull(),
  recoveryJson: text('recovery_json').notNull(),
  severity: text('severity').notNull(),
  channelIdsJson: text('channel_ids_json').notNull(),
  maxOpenAlerts: integer('max_open_alerts').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const escalationPolicies = sqliteTable('escalation_policies', {
  severity: text('severity').primaryKey(),
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
    severity: text('severity').notNull(),
    state: text('state').notNull(),
    summary: text('summary').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    count: integer('count').notNull(),
    escalationLevel: integer('escalation_level').notNull(),
    escalatedAt: integer('escalated_at'),
    owner: text('owner'),
    ackBy: text('ack_by'),
    ackAt: integer('ack_at'),
    ackReason: text('ack_reason'),
    ackNote: text('ack_note'),
    snoozedUntil: integer('snoozed_until'),
    silencedByJson: text('silenced_by_json'),
    heldBecause: text('held_because'),
    flapping: integer('flapping', { mode: 'boolean' }).notNull(),
    resolvedAt: integer('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
    lastNotificationJson: text('last_notification_json'),
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
  ],
);

/** What happened to an alert, in order: the source of its history and of incident timelines. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey(),
    alertId: text('alert_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
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
  },
  (t) => [index('alert_notifications_alert').on(t.alertId, t.at)],
);

export const silences = sqliteTable('silences', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  comment: text('comment').notNull(),
  scopeJson: text('scope_json').notNull(),
  scheduleJson: text('schedule_json').notNull(),
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
  configJson: text('config_json').notNull(),
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
    stepsJson: text('steps_json').notNull(),
    /** `file` (resources/sops) or `console`. */
    source: text('source').notNull(),
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
    priority: text('priority').notNull(),
    state: text('state').notNull(),
    sopSlug: text('sop_slug'),
    sopVersion: integer('sop_version'),
    sopName: text('sop_name'),
    siteId: text('site_id'),
    siteName: text('site_name'),
    ownerId: text('owner_id'),
    owner: text('owner'),
    takeoverJson: text('takeover_json'),
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
    stepsJson: text('steps_json').notNull(),
    alertsJson: text('alerts_json').notNull(),
    reviewJson: text('review_json').notNull(),
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
    kind: text('kind').notNull(),
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
  sourcesJson: text('sources_json').notNull(),
  destination: text('destination').notNull(),
  schedule: text('schedule').notNull(),
  retentionJson: text('retention_json').notNull(),
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
  lastRunJson: text('last_run_json'),
  lastGoodAt: integer('last_good_at'),
  lastRollingCheckAt: integer('last_rolling_check_at'),
  lastTestRestoreAt: integer('last_test_restore_at'),
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
    kind: text('kind').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sourceBytes: integer('source_bytes').notNull(),
    files: integer('files').notNull(),
    keyId: text('key_id').notNull(),
    verify: text('verify').notNull(),
    verifiedAt: integer('verified_at'),
    verifyDetail: text('verify_detail'),
  },
  (t) => [index('backups_job').on(t.jobId, t.createdAt)],
);
