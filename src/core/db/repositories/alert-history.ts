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
  /** How many alerts one page reads at most before it answers with what it found. */
  scanBudget: number;
  /** Whether the page has taken its time (asked every few hundred alerts read): rows of one filter lie scattered over years of the table. */
  outOfTime: () => boolean;
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

/** The columns text is looked for in (one LIKE each: cheaper than one LIKE over them joined). */
const SEARCHED_COLUMNS = ['summary', 'subject_name', 'site_name', 'rule_name', 'ack_note', 'resolution'];

/** How often a scan asks whether its time is up. */
const TIME_CHECK_EVERY = 32;

/** `%` and `_` typed by a person are meant literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * The alert history over all time, newest first, paged by keyset (first seen, id): each filter has
 * an index that leads with it and ends in (first_seen_at, id), so a page reads only its own rows.
 * Text has no index: it is matched by SQLite on the rows the other filters leave, newest first. A
 * page reads at most `scanBudget` of them, so a rare word (or filters no one index serves) answers
 * in bounded time with a cursor to go on from.
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
      const checks: string[] = [];
      const params: Record<string, string | number> = {};
      // One equality leads (its index serves the order); the others are checked on the rows it reads,
      // inside the budget, so that filters no one index serves cost one budget a page too.
      const equalities = (
        [
          // The most selective first: hundreds of monitors, dozens of sites and people, a few rules and severities.
          ['subject', 'subject', query.subject],
          ['site_id', 'siteId', query.siteId],
          ['ack_by', 'ackBy', query.ackBy],
          ['rule_id', 'ruleId', query.ruleId],
          ['severity', 'severity', query.severity],
        ] as const
      ).filter(([, , value]) => value !== undefined);
      equalities.forEach(([column, name, value], index) => {
        (index === 0 ? conditions : checks).push(`${column} = @${name}`);
        params[name] = value!;
      });
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
      // Reads keys newest first and stops one past a full page or at the budget, whichever comes first:
      // a combination of filters that no one index serves (or a rare word) costs one budget a page, not the whole history.
      if (text !== '') checks.push(`(${SEARCHED_COLUMNS.map((column) => `${column} LIKE @pattern ESCAPE '\\'`).join(' OR ')})`);
      const hit = checks.length === 0 ? '1' : checks.join(' AND ');
      const scan = prepared(`SELECT id, first_seen_at AS firstSeenAt, ${hit} AS hit FROM alerts ${where} ${order} LIMIT @budget`);
      const hits: AlertHistoryCursor[] = [];
      let last: AlertHistoryCursor | null = null;
      let scanned = 0;
      let outOfTime = false;
      const bound = { ...params, budget: query.scanBudget, ...(text === '' ? {} : { pattern: likePattern(text) }) };
      for (const row of scan.iterate(bound) as Iterable<AlertHistoryCursor & { hit: number }>) {
        scanned += 1;
        last = { firstSeenAt: row.firstSeenAt, id: row.id };
        if (row.hit) hits.push(last);
        if (hits.length > query.limit) break;
        if (scanned % TIME_CHECK_EVERY === 0 && query.outOfTime()) {
          outOfTime = true;
          break;
        }
      }
      if (hits.length > query.limit) {
        const shown = hits.slice(0, query.limit);
        return { rows: rowsOf(shown), next: shown.at(-1)!, filled: true };
      }
      const exhausted = scanned < query.scanBudget && !outOfTime;
      return { rows: rowsOf(hits), next: exhausted ? null : last, filled: exhausted };
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
