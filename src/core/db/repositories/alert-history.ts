import { inArray } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { WatchroomDb } from '../open';
import { alerts } from '../schema';
import type { AlertRow } from './alerts';

/** A place in the history, newest first: the last alert a page showed (or scanned). */
export interface AlertHistoryCursor {
  firstSeenAt: number;
  id: string;
}

export interface AlertHistoryQuery {
  /** Words in the summary, monitor, site, rule, acknowledgement note or resolution (case-insensitive for ASCII). */
  text?: string | undefined;
  siteId?: string | undefined;
  /** The alert's subject, `monitor:<id>` for a monitor. */
  subject?: string | undefined;
  severity?: string | undefined;
  ruleId?: string | undefined;
  ackBy?: string | undefined;
  /** First seen in this period (inclusive). */
  from?: number | undefined;
  to?: number | undefined;
  after?: AlertHistoryCursor | undefined;
  limit: number;
  /** With text: how many alerts one page reads at most before it answers with what it found. */
  scanBudget: number;
}

export interface AlertHistoryPage {
  rows: AlertRow[];
  /** Where the next page starts; null when the history has no more. */
  next: AlertHistoryCursor | null;
  /** False when the scan budget ran out before the page filled: older alerts may still match. */
  filled: boolean;
}

export interface AlertHistoryRepository {
  search(query: AlertHistoryQuery): AlertHistoryPage;
}

/** The columns text is looked for in, joined so one LIKE covers them all (NULLs as empty). */
const SEARCHED_TEXT =
  "(summary || ' ' || subject_name || ' ' || coalesce(site_name, '') || ' ' || rule_name || ' ' || coalesce(ack_note, '') || ' ' || coalesce(resolution, ''))";

/** `%` and `_` typed by a person are meant literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * The alert history over all time, newest first, paged by keyset (first seen, id): each filter has
 * an index that leads with it and ends in (first_seen_at, id), so a page reads only its own rows.
 * Text has no index: it is matched by SQLite on the rows the other filters leave, newest first, at
 * most `scanBudget` of them a page, so a rare word answers in bounded time with a cursor to go on.
 */
export function createAlertHistoryRepository(db: WatchroomDb, sqlite: Database.Database): AlertHistoryRepository {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    search(query) {
      const conditions: string[] = [];
      const params: Record<string, string | number> = {};
      const equal = (column: string, name: string, value: string | undefined) => {
        if (value === undefined) return;
        conditions.push(`${column} = @${name}`);
        params[name] = value;
      };
      equal('site_id', 'siteId', query.siteId);
      equal('subject', 'subject', query.subject);
      equal('severity', 'severity', query.severity);
      equal('rule_id', 'ruleId', query.ruleId);
      equal('ack_by', 'ackBy', query.ackBy);
      if (query.from !== undefined) {
        conditions.push('first_seen_at >= @from');
        params.from = query.from;
      }
      if (query.to !== undefined) {
        conditions.push('first_seen_at <= @to');
        params.to = query.to;
      }
      if (query.after) {
        conditions.push('(first_seen_at, id) < (@afterAt, @afterId)');
        params.afterAt = query.after.firstSeenAt;
        params.afterId = query.after.id;
      }
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      const order = 'ORDER BY first_seen_at DESC, id DESC';
      const text = query.text?.trim() ?? '';
      if (text === '') {
        const ids = prepared(`SELECT id, first_seen_at AS firstSeenAt FROM alerts ${where} ${order} LIMIT @limit`).all({
          ...params,
          limit: query.limit + 1,
        }) as AlertHistoryCursor[];
        const shown = ids.slice(0, query.limit);
        return { rows: rowsOf(shown), next: ids.length > query.limit ? shown.at(-1)! : null, filled: true };
      }
      // Reads keys newest first and stops at a full page or at the budget, whichever comes first.
      const scan = prepared(
        `SELECT id, first_seen_at AS firstSeenAt, ${SEARCHED_TEXT} LIKE @pattern ESCAPE '\\' AS hit FROM alerts ${where} ${order} LIMIT @budget`,
      );
      const hits: AlertHistoryCursor[] = [];
      let last: AlertHistoryCursor | null = null;
      let scanned = 0;
      for (const row of scan.iterate({ ...params, pattern: likePattern(text), budget: query.scanBudget }) as Iterable<
        AlertHistoryCursor & { hit: number }
      >) {
        scanned += 1;
        last = { firstSeenAt: row.firstSeenAt, id: row.id };
        if (row.hit) hits.push(last);
        if (hits.length === query.limit) break;
      }
      const exhausted = scanned < query.scanBudget && hits.length < query.limit;
      return { rows: rowsOf(hits), next: exhausted || last === null ? null : last, filled: hits.length === query.limit || exhausted };
    },
  };

  function rowsOf(keys: readonly AlertHistoryCursor[]): AlertRow[] {
    if (keys.length === 0) return [];
    const byId = new Map(
      db
        .select()
        .from(alerts)
        .where(
          inArray(
            alerts.id,
            keys.map((key) => key.id),
          ),
        )
        .all()
        .map((row) => [row.id, row]),
    );
    return keys.map((key) => byId.get(key.id)).filter((row) => row !== undefined);
  }
}
