import { sqliteTable, text, integer, index, real, blob, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    role: text('role', { enum: ['normal', 'console-uplink'] }).notNull().default('normal'),
    tagsJson: text('tags_json').notNull().default('[]'),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    maintenance: integer('maintenance', { mode: 'boolean' }).notNull().default(false),
    heartbeatToken: text('heartbeat_token'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('monitors_site').on(t.siteId), index('monitors_parent').on(t.parentId), uniqueIndex('monitors_heartbeat_token').on(t.heartbeatToken)],
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
