import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SECRET_MASK } from '../../shared/contract';
import { maskUrl } from '../../shared/domain/redact';
import { maskHeaders } from '../../shared/domain/secret-values';
import { tables as schema } from '../db';

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * How long the latest change of a row that changes at probe cadence may wait before it enters the
 * change feed (issue 14, hub fan-out). Roll-ups feed charts of hours and days: the open hour's bar
 * on a seat is at most this far behind. One row changes once per probe interval (30-60 s), so a
 * shorter wait would save nothing.
 */
export const ROLLUP_FEED_DELAY_MS = 5 * 60 * SECOND;
/**
 * A monitor's last check time, latency and result counters: every connected seat gets them live
 * in `probe.results` events; the replica's copy serves a reload and offline work, where it shows a
 * check at most this much older than the hub's (older, never newer).
 */
export const CHECK_FIELDS_FEED_DELAY_MS = 60 * SECOND;

/** What a replica stores in a column that never leaves the hub: NOT NULL ones get a value that can never verify. */
export type WithheldValue = string | number | null;

export interface ReplicatedTableSpec {
  /** The SQL table name, as it travels in `FeedChange.table`. */
  readonly table: string;
  /** The primary key columns, in the order `json_array()` encodes them in a feed row's key. */
  readonly keyColumns: readonly string[];
  /** Every column that travels (SQL names, the key columns included), in a fixed order. */
  readonly columns: readonly string[];
  /** Columns that never leave the hub, with what a replica stores in their place. */
  readonly withheld: Readonly<Record<string, WithheldValue>>;
  /** Columns whose value is rewritten before it leaves the hub (secrets masked as a console is shown them). */
  readonly redact: Readonly<Record<string, (value: unknown) => unknown>>;
  /** BLOB columns: base64 strings on the wire, so a row survives JSON. */
  readonly blobColumns: readonly string[];
  /** Only rows whose `column` is at least now - `ms` are held: older ones read as gone. */
  readonly window: { readonly column: string; readonly ms: number } | null;
  /**
   * Changes that wait up to `ms` before they enter the feed, coalesced per row: an update that
   * changes `columns` only (the key and every other travelling column as they were), and inserts
   * when `inserts`. Any other change of the row enters the feed at once and carries these too.
   */
  readonly deferred: { readonly columns: readonly string[]; readonly inserts: boolean; readonly ms: number } | null;
}

interface TableOptions {
  withheld?: Record<string, WithheldValue>;
  redact?: Record<string, (value: unknown) => unknown>;
  window?: { column: string; ms: number };
  /** `columns` omitted: every change of the row but a delete (or a key change) waits, inserts too. */
  deferred?: { columns?: string[]; ms: number };
}

/** A replicated table from its drizzle definition: every column travels unless withheld, so a new column is never forgotten. */
function replicated(table: SQLiteTable, keyColumns: readonly string[], options: TableOptions = {}): ReplicatedTableSpec {
  const sqlColumns = Object.values(getTableColumns(table));
  const withheld = options.withheld ?? {};
  const name = getTableName(table);
  for (const column of [
    ...keyColumns,
    ...Object.keys(withheld),
    ...Object.keys(options.redact ?? {}),
    ...(options.deferred?.columns ?? []),
  ]) {
    if (!sqlColumns.some((c) => c.name === column)) throw new Error(`${name} has no column ${column}`);
  }
  const columns = sqlColumns.map((c) => c.name).filter((column) => !Object.hasOwn(withheld, column));
  const deferred = options.deferred;
  return {
    table: name,
    keyColumns,
    columns,
    withheld,
    redact: options.redact ?? {},
    blobColumns: sqlColumns.filter((c) => c.getSQLType() === 'blob').map((c) => c.name),
    window: options.window ?? null,
    deferred: deferred
      ? {
          columns: deferred.columns ?? columns.filter((column) => !keyColumns.includes(column)),
          inserts: deferred.columns === undefined,
          ms: deferred.ms,
        }
      : null,
  };
}

/** A placeholder no password, TOTP code or key ever matches: a replica can never sign anybody in by itself. */
const NEVER_VERIFIES = '!replica';

/** Applies `mask` to the JSON text a column holds; text that is not JSON (never written by core) leaves as nothing. */
function maskJson(mask: (value: Record<string, unknown>) => Record<string, unknown>): (value: unknown) => unknown {
  return (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.stringify(mask(JSON.parse(value) as Record<string, unknown>));
    } catch {
      return null;
    }
  };
}

function headersOf(value: unknown): Record<string, string> {
  return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
}

/** An HTTP monitor's credentials (in its URL, its header values) masked, as `monitors.get` shows them (core/probes/config-secrets). */
const maskProbe = maskJson((probe) =>
  probe.kind === 'http' && typeof probe.url === 'string'
    ? { ...probe, url: maskUrl(probe.url), headers: maskHeaders(headersOf(probe.headers)) }
    : probe,
);

/** A channel's secrets masked, as `channels.list` shows them (core/alerts maskChannel). */
const maskChannelConfig = maskJson((config) => {
  if (config.kind === 'webhook' && typeof config.url === 'string')
    return {
      ...config,
      url: maskUrl(config.url, { wholePath: true }),
      secret: SECRET_MASK,
      headers: maskHeaders(headersOf(config.headers)),
    };
  if ((config.kind === 'slack' || config.kind === 'teams' || config.kind === 'mattermost') && typeof config.url === 'string')
    return { ...config, url: maskUrl(config.url, { wholePath: true }) };
  if (config.kind === 'pagerduty') return { ...config, routingKey: SECRET_MASK };
  if (config.kind === 'opsgenie') return { ...config, apiKey: SECRET_MASK };
  if (config.kind === 'sms' && typeof config.url === 'string')
    return { ...config, url: maskUrl(config.url), headers: maskHeaders(headersOf(config.headers)) };
  return { ...config, password: config.password === null || config.password === undefined ? null : SECRET_MASK };
});

/** Whether a secret is set travels; the secret does not. */
const presenceOnly = (value: unknown): unknown => (value === null ? null : NEVER_VERIFIES);

/**
 * What a console's replica holds (issue 14): configuration, live state, alert and incident events,
 * backup jobs and backups, users without their secrets, the last 30 days of hour and day roll-ups
 * and the last 7 days of the hub's audit log. Never sessions, sign-in failures, locks, recovery
 * codes, raw results, minute roll-ups, settings or core's own bookkeeping (meta).
 */
export const REPLICATED_TABLES: readonly ReplicatedTableSpec[] = [
  replicated(schema.sites, ['id']),
  replicated(schema.monitors, ['id'], { redact: { probe_json: maskProbe } }),
  replicated(schema.monitorState, ['monitor_id'], {
    deferred: {
      columns: ['last_check_at', 'last_latency_ms', 'consecutive_failures', 'consecutive_successes', 'last_beat_at'],
      ms: CHECK_FIELDS_FEED_DELAY_MS,
    },
  }),
  replicated(schema.stateChanges, ['id'], { window: { column: 'at', ms: 30 * DAY } }),
  replicated(schema.rollupHour, ['monitor_id', 'bucket'], {
    withheld: { through_rowid: 0 },
    window: { column: 'bucket', ms: 30 * DAY },
    deferred: { ms: ROLLUP_FEED_DELAY_MS },
  }),
  replicated(schema.rollupDay, ['monitor_id', 'bucket'], {
    withheld: { through_rowid: 0 },
    window: { column: 'bucket', ms: 30 * DAY },
    deferred: { ms: ROLLUP_FEED_DELAY_MS },
  }),
  replicated(schema.alertRules, ['id']),
  replicated(schema.escalationPolicies, ['severity']),
  replicated(schema.alerts, ['id']),
  replicated(schema.alertEvents, ['id']),
  replicated(schema.alertNotifications, ['id']),
  replicated(schema.silences, ['id']),
  replicated(schema.channels, ['id'], { redact: { config_json: maskChannelConfig } }),
  replicated(schema.sopTemplates, ['slug', 'version']),
  replicated(schema.incidents, ['id']),
  replicated(schema.incidentEvents, ['id']),
  replicated(schema.backupJobs, ['id'], {
    withheld: { key_hex: NEVER_VERIFIES, kdf_json: '{}', retired_keys_json: '[]' },
  }),
  replicated(schema.backups, ['id']),
  // Issue 16: every run of a backup job (no secrets: sizes, outcomes, errors).
  replicated(schema.backupRuns, ['id']),
  replicated(schema.users, ['id'], {
    withheld: { password_hash: NEVER_VERIFIES, totp_pending_secret: null, totp_last_step: null },
    redact: { totp_secret: presenceOnly },
  }),
  replicated(schema.auditLog, ['seq'], { window: { column: 'at', ms: 7 * DAY } }),
  // Shift handover (issue 15): every seat reads the handover and its history; commands go to the hub.
  replicated(schema.shiftPlan, ['id']),
  replicated(schema.handovers, ['id']),
  replicated(schema.handoverItems, ['handover_id', 'item_id']),
  // Routing (issue 16): configuration, like the rules and policies it completes.
  replicated(schema.routingTable, ['id']),
  replicated(schema.escalationLevels, ['severity']),
  replicated(schema.onCallSchedules, ['id']),
  replicated(schema.userContacts, ['user_id']),
];

/**
 * Every other table, and why it stays on the hub. A table in neither list fails a test: a new
 * table is replicated or kept back on purpose, never by default (it may hold a secret).
 */
export const HUB_ONLY_TABLES: Readonly<Record<string, string>> = {
  settings: "the console's own settings (backend, sound, time zone); the hub's are read through hub.call",
  meta: "core's own bookkeeping (roll-up watermark, audit chain key, this feed's state)",
  probe_results: 'raw results, the largest table: dashboards read roll-ups',
  rollup_minute: 'minute roll-ups cover hours only; a replica holds hour and day roll-ups',
  sessions: 'sign-ins at the hub; a console keeps its own hub session token',
  sign_in_failures: 'lockout bookkeeping, decided on the hub',
  account_locks: 'lockout bookkeeping, decided on the hub',
  recovery_codes: 'secrets (hashed), checked on the hub only',
  change_feed: 'the feed itself',
  change_feed_keys: 'the feed itself',
  change_feed_deferred: 'the feed itself: rows whose latest change waits to enter it',
  seats: 'the consoles registered with the hub and their credential hashes; seats.list is read through hub.call',
  offline_verifiers: "a console's own cached verifiers for offline sign-in, kept on its workstation database; a hub has none",
  command_receipts: "the hub's exactly-once bookkeeping; a console learns its receipt in hub.command's answer",
  outbox: "a console's own commands waiting for the hub (console-local, empty on a hub); the hub keeps what it applied as receipts",
  // Issue 15, alert history search: a full-text index (FTS5) and its shadow tables, kept by triggers on alerts (migration 0022).
  alerts_search: "a console's own full-text index of its alerts: a replica's triggers build it from the alerts it applies",
  alerts_search_data: 'the full-text index itself (see alerts_search)',
  alerts_search_idx: 'the full-text index itself (see alerts_search)',
  alerts_search_content: 'the full-text index itself (see alerts_search)',
  alerts_search_docsize: 'the full-text index itself (see alerts_search)',
  alerts_search_config: 'the full-text index itself (see alerts_search)',
};

const BY_NAME = new Map(REPLICATED_TABLES.map((spec) => [spec.table, spec]));

/** The spec of a table named on the wire, or undefined for a table a replica does not hold. */
export function replicatedTable(name: string): ReplicatedTableSpec | undefined {
  return BY_NAME.get(name);
}
