import type Database from 'better-sqlite3';

/** The kinds of rows retention counts and prunes in the database (the log file is core/app's). */
export type StoredKind =
  | 'raw-results'
  | 'minute-rollups'
  | 'hour-rollups'
  | 'day-rollups'
  | 'status-changes'
  | 'alerts'
  | 'incidents'
  | 'audit-log'
  | 'security-events';

/**
 * Per kind: its table (and the tables whose pages count towards its size), and the one predicate
 * that says a row is past its cutoff. The dry run counts with this predicate and the prune deletes
 * with it, so what the Retention page says goes is what goes. The probe kinds' predicates are the
 * ones probes' own prune uses (monitoring repository); a test holds the two together.
 */
const KINDS: Record<StoredKind, { table: string; sizeOf: readonly string[]; past: string; extra?: string }> = {
  'raw-results': { table: 'probe_results', sizeOf: ['probe_results', 'probe_results_at'], past: 'at < ?' },
  'minute-rollups': { table: 'rollup_minute', sizeOf: ['rollup_minute'], past: 'bucket < ?' },
  'hour-rollups': { table: 'rollup_hour', sizeOf: ['rollup_hour'], past: 'bucket < ?' },
  'day-rollups': { table: 'rollup_day', sizeOf: ['rollup_day'], past: 'bucket < ?' },
  'status-changes': { table: 'state_changes', sizeOf: ['state_changes'], past: 'at < ?' },
  // Only resolved alerts and incidents age out: an open one stays however old it is.
  alerts: {
    table: 'alerts',
    // The full-text index's own tables (migration 0022) hold alerts' words: they go with them.
    sizeOf: [
      'alerts',
      'alert_events',
      'alert_notifications',
      'alerts_search_data',
      'alerts_search_idx',
      'alerts_search_content',
      'alerts_search_docsize',
    ],
    past: 'resolved_at IS NOT NULL AND resolved_at < ?',
  },
  incidents: {
    table: 'incidents',
    sizeOf: ['incidents', 'incident_events'],
    past: "state = 'resolved' AND resolved_at IS NOT NULL AND resolved_at < ?",
  },
  'audit-log': { table: 'audit_log', sizeOf: ['audit_log'], past: 'at < ?' },
  'security-events': { table: 'audit_log', sizeOf: [], past: 'at < ?' },
};

/** The cutoffs a retired monitor's history is judged by: the retention of each kind it holds. */
export interface RetiredHistoryCutoffs {
  minuteRollups: number;
  hourRollups: number;
  /** Day roll-ups and status changes (kept alike), and the retirement itself. */
  dayRollups: number;
  /** Resolved alerts. */
  records: number;
}

export interface RetiredWithoutHistory {
  id: string;
  name: string;
  siteName: string;
  retiredAt: number;
}

export interface RetentionRepository {
  /** Rows of the kind and the bytes of its tables' pages (dbstat). `actions` narrows the audit log to security events. */
  holdings(kind: StoredKind, actions?: readonly string[]): { rows: number; bytes: number };
  /** How many rows the prune would remove at this cutoff: the dry run. */
  countPast(kind: StoredKind, cutoff: number, actions?: readonly string[]): number;
  /** Audit entries from `firstSeq` to `lastSeq` (of `actions` when given): the audit kinds' dry run, by seq as their prune cuts. */
  countSeqRange(firstSeq: number, lastSeq: number, actions?: readonly string[]): number;
  /**
   * Retired monitors none of whose history is newer than its kind's cutoff, oldest retirement first:
   * the dry run lists them, and the prune removes them. Only a monitor retired before the day
   * roll-ups' cutoff qualifies: one retired yesterday that never recorded anything is not "expired".
   * Its raw results need no check: they are older than its retirement, and raw results are kept at
   * most 90 days, day roll-ups at least a year.
   */
  retiredWithoutHistory(cutoffs: RetiredHistoryCutoffs): RetiredWithoutHistory[];
  /** Deletes up to `limit` resolved alerts past the cutoff with their events and notifications; returns the alerts deleted. */
  pruneAlerts(cutoff: number, limit: number): number;
  /** Deletes up to `limit` resolved incidents past the cutoff with their timelines; returns the incidents deleted. */
  pruneIncidents(cutoff: number, limit: number): number;
}

export function createRetentionRepository(sqlite: Database.Database): RetentionRepository {
  const actionFilter = (actions: readonly string[] | undefined) =>
    actions === undefined
      ? { sql: '', params: [] as string[] }
      : { sql: ` AND action IN (${actions.map(() => '?').join(', ')})`, params: [...actions] };
  const pageBytes = (names: readonly string[]): number => {
    if (names.length === 0) return 0;
    // aggregate=1 walks each b-tree's pages once and sums them: no row is read.
    const row = sqlite
      .prepare(`SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE aggregate = 1 AND name IN (${names.map(() => '?').join(', ')})`)
      .get(...names) as { bytes: number };
    return row.bytes;
  };
  const alertIdsPast = sqlite.prepare(`SELECT id FROM alerts WHERE ${KINDS.alerts.past} LIMIT ?`).pluck();
  const incidentIdsPast = sqlite.prepare(`SELECT id FROM incidents WHERE ${KINDS.incidents.past} LIMIT ?`).pluck();
  const deleteAlertEvents = sqlite.prepare('DELETE FROM alert_events WHERE alert_id = ?');
  const deleteAlertNotifications = sqlite.prepare('DELETE FROM alert_notifications WHERE alert_id = ?');
  const deleteAlert = sqlite.prepare('DELETE FROM alerts WHERE id = ?');
  const deleteIncidentEvents = sqlite.prepare('DELETE FROM incident_events WHERE incident_id = ?');
  const deleteIncident = sqlite.prepare('DELETE FROM incidents WHERE id = ?');
  // Every check is a range on an index (roll-ups' primary keys, state_changes_monitor_at, alerts_history_subject).
  const retiredWithoutHistory = sqlite.prepare(
    `SELECT m.id, m.name, coalesce(s.name, '') AS siteName, m.retired_at AS retiredAt
       FROM monitors m LEFT JOIN sites s ON s.id = m.site_id
      WHERE m.retired_at IS NOT NULL AND m.retired_at < @dayRollups
        AND NOT EXISTS (SELECT 1 FROM rollup_minute WHERE monitor_id = m.id AND bucket >= @minuteRollups)
        AND NOT EXISTS (SELECT 1 FROM rollup_hour WHERE monitor_id = m.id AND bucket >= @hourRollups)
        AND NOT EXISTS (SELECT 1 FROM rollup_day WHERE monitor_id = m.id AND bucket >= @dayRollups)
        AND NOT EXISTS (SELECT 1 FROM state_changes WHERE monitor_id = m.id AND at >= @dayRollups)
        AND NOT EXISTS (SELECT 1 FROM alerts WHERE subject = 'monitor:' || m.id AND NOT (${KINDS.alerts.past.replace('?', '@records')}))
      ORDER BY m.retired_at, m.id`,
  );
  return {
    holdings(kind, actions) {
      const { table, sizeOf } = KINDS[kind];
      const filter = actionFilter(actions);
      const rows = (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE 1 = 1${filter.sql}`).get(...filter.params) as { n: number }).n;
      return { rows, bytes: pageBytes(sizeOf) };
    },
    countPast(kind, cutoff, actions) {
      const { table, past } = KINDS[kind];
      const filter = actionFilter(actions);
      return (
        sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${past}${filter.sql}`).get(cutoff, ...filter.params) as { n: number }
      ).n;
    },
    countSeqRange(firstSeq, lastSeq, actions) {
      const filter = actionFilter(actions);
      return (
        sqlite
          .prepare(`SELECT count(*) AS n FROM audit_log WHERE seq >= ? AND seq <= ?${filter.sql}`)
          .get(firstSeq, lastSeq, ...filter.params) as { n: number }
      ).n;
    },
    retiredWithoutHistory: (cutoffs) => retiredWithoutHistory.all(cutoffs) as RetiredWithoutHistory[],
    pruneAlerts(cutoff, limit) {
      const ids = alertIdsPast.all(cutoff, limit) as string[];
      for (const id of ids) {
        deleteAlertEvents.run(id);
        deleteAlertNotifications.run(id);
        deleteAlert.run(id);
      }
      return ids.length;
    },
    pruneIncidents(cutoff, limit) {
      const ids = incidentIdsPast.all(cutoff, limit) as string[];
      for (const id of ids) {
        deleteIncidentEvents.run(id);
        deleteIncident.run(id);
      }
      return ids.length;
    },
  };
}
