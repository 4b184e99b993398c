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
  /** Words in the summary, monitor, site, rule, acknowledgement note or resolution: each a word's beginning, any case or accent (see fullTextQuery). */
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
  /** How many alerts (or text matches) one page reads at most before it answers with what it found. */
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

/** How often a scan asks whether its time is up. */
const TIME_CHECK_EVERY = 32;

/**
 * Keys of the full-text index (migration 0022) are first_seen_at * 2^20 + a slot: its rowid order
 * is the history's order by first seen, so a search reads matches newest first and stops at a page.
 */
const SLOTS_PER_MS = 1_048_576;

/** Beyond these a query says nothing more (the contract allows 200 characters); a bigger one costs no more. */
const MAX_QUERY_CHARS = 1_000;
const MAX_QUERY_WORDS = 32;
/** What the index holds a word by: the tokenizer's letters, digits and private-use characters. */
const NOT_A_TOKEN_CHARACTER = /[^\p{L}\p{N}\p{Co}]+/u;
/**
 * The index keeps every word's first 1, 2 and 3 characters as terms of their own (migration 0022,
 * prefix='1 2 3'): a query for one of those reads its matches lazily, newest first, where a longer
 * prefix makes FTS5 gather every word it covers first (a second for "reco", which 1.9 million alerts say).
 */
const INDEXED_PREFIX_CHARS = 3;

/** Case and accents folded, as the tokenizer folds them (unicode61, remove_diacritics 2). */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The words of a text, folded. */
const wordsOf = (text: string) =>
  folded(text)
    .split(NOT_A_TOKEN_CHARACTER)
    .filter((word) => word !== '');

export interface FullTextQuery {
  /** For the index: every word's first three characters (quoted: nothing typed is query syntax). */
  match: string;
  /** What every matching alert must say: a word beginning with each of these. */
  words: readonly string[];
}

/**
 * The search for what a person typed: every word must occur as the beginning of a word ("cam"
 * finds "camera"), any case or accent. Nothing typed is query syntax: `"`, `*`, `NEAR`, `OR`, `(`
 * are looked for as words or dropped as punctuation. Null when nothing typed is a word.
 */
export function fullTextQuery(typed: string): FullTextQuery | null {
  // Cut before anything else looks at it: two code units a character at most.
  const words = [
    ...new Set(
      wordsOf(
        Array.from(typed.slice(0, 2 * MAX_QUERY_CHARS))
          .slice(0, MAX_QUERY_CHARS)
          .join(''),
      ),
    ),
  ].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  const prefixes = new Set(words.map((word) => Array.from(word).slice(0, INDEXED_PREFIX_CHARS).join('')));
  return { match: [...prefixes].map((prefix) => `"${prefix}"*`).join(' AND '), words };
}

/** Whether an alert's text has a word beginning with each of `words` (the index found its first three characters). */
function saysEvery(text: string, words: readonly string[]): boolean {
  const said = wordsOf(text);
  return words.every((word) => said.some((each) => each.startsWith(word)));
}

/**
 * The alert history over all time, newest first, paged by keyset (first seen, id): each filter has
 * an index that leads with it and ends in (first_seen_at, id), so a page reads only its own rows.
 * Text is looked up in the full-text index, whose order is the same: the matches are read newest
 * first and the other filters checked on them. A page reads at most `scanBudget` rows (index
 * entries, or alerts when there is no text), so filters that no one index serves answer in bounded
 * time with a cursor to go on from.
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
      const match = query.text === undefined ? null : fullTextQuery(query.text);
      return match === null ? searchByFilters(query) : searchByText(query, match);
    },
  };

  /** The equalities asked for, the most selective first: hundreds of monitors, dozens of sites and people, a few rules and severities. */
  function equalitiesOf(query: AlertHistoryQuery): [column: string, name: string, value: string][] {
    const asked: [string, string, string | undefined][] = [
      ['subject', 'subject', query.subject],
      ['site_id', 'siteId', query.siteId],
      ['ack_by', 'ackBy', query.ackBy],
      ['rule_id', 'ruleId', query.ruleId],
      ['severity', 'severity', query.severity],
    ];
    return asked.flatMap(([column, name, value]) => (value === undefined ? [] : [[column, name, value]]));
  }

  function searchByFilters(query: AlertHistoryQuery): AlertHistoryPage {
    const conditions: string[] = [];
    const checks: string[] = [];
    const params: Record<string, string | number> = {};
    // One equality leads (its index serves the order); the others are checked on the rows it reads,
    // inside the budget, so that filters no one index serves cost one budget a page too.
    equalitiesOf(query).forEach(([column, name, value], index) => {
      (index === 0 ? conditions : checks).push(`${column} = @${name}`);
      params[name] = value;
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
    const hit = checks.length === 0 ? '1' : checks.join(' AND ');
    // Reads keys newest first and stops one past a full page or at the budget, whichever comes first:
    // a combination of filters that no one index serves costs one budget a page, not the whole history.
    const scan = prepared(
      `SELECT id, first_seen_at AS firstSeenAt, ${hit} AS hit FROM alerts ${where} ORDER BY first_seen_at DESC, id DESC LIMIT @budget`,
    );
    const hits: AlertHistoryCursor[] = [];
    let last: AlertHistoryCursor | null = null;
    let scanned = 0;
    let outOfTime = false;
    for (const row of scan.iterate({ ...params, budget: query.scanBudget }) as Iterable<AlertHistoryCursor & { hit: number }>) {
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
  }

  /**
   * Reads the index's matches newest first, each joined to its alert (an entry whose alert moved
   * or went is passed over) and checked against the other filters and the whole words typed (the
   * index matched their first three characters). The index orders alerts first
   * seen in the same millisecond by when they were written, not by id, so a page stops only
   * between milliseconds: it then holds every match of the ones it read, and sorted by id they
   * follow the keyset exactly. The budget only guards filters that reject nearly every match.
   */
  function searchByText(query: AlertHistoryQuery, text: FullTextQuery): AlertHistoryPage {
    const conditions = ['alerts_search MATCH @match'];
    const params: Record<string, string | number> = { match: text.match };
    const checks = equalitiesOf(query).map(([column, name, value]) => {
      params[name] = value;
      return `a.${column} = @${name}`;
    });
    if (query.from !== undefined) {
      conditions.push(`alerts_search.rowid >= @from * ${SLOTS_PER_MS}`);
      params.from = query.from;
    }
    const newest = Math.min(query.to ?? Number.POSITIVE_INFINITY, query.after?.firstSeenAt ?? Number.POSITIVE_INFINITY);
    if (newest !== Number.POSITIVE_INFINITY) {
      conditions.push(`alerts_search.rowid < (@newest + 1) * ${SLOTS_PER_MS}`);
      params.newest = newest;
    }
    if (query.after) {
      conditions.push('(a.first_seen_at, a.id) < (@afterAt, @afterId)');
      params.afterAt = query.after.firstSeenAt;
      params.afterId = query.after.id;
    }
    const hit = checks.length === 0 ? '1' : checks.join(' AND ');
    const scan = prepared(
      `SELECT a.id, a.first_seen_at AS firstSeenAt, ${hit} AS hit,
         concat_ws(' ', a.summary, a.subject_name, a.site_name, a.rule_name, a.ack_note, a.resolution) AS said
       FROM alerts_search JOIN alerts a ON a.id = alerts_search.alert_id AND a.first_seen_at = alerts_search.rowid >> 20
       WHERE ${conditions.join(' AND ')} ORDER BY alerts_search.rowid DESC`,
    );
    const hits: AlertHistoryCursor[] = [];
    let millisecond: { at: number; lowestId: string } | null = null;
    let resumeAfter: AlertHistoryCursor | null = null;
    let stopped: 'page full' | 'guard' | null = null;
    let scanned = 0;
    let outOfTime = false;
    for (const row of scan.iterate(params) as Iterable<AlertHistoryCursor & { hit: number; said: string }>) {
      if (millisecond === null || row.firstSeenAt !== millisecond.at) {
        // Every match of the millisecond before has been read: the page may stop here.
        if (millisecond !== null) resumeAfter = { firstSeenAt: millisecond.at, id: millisecond.lowestId };
        if (hits.length > query.limit) stopped = 'page full';
        else if (scanned >= query.scanBudget || outOfTime) stopped = 'guard';
        if (stopped) break;
        millisecond = { at: row.firstSeenAt, lowestId: row.id };
      } else if (row.id < millisecond.lowestId) millisecond.lowestId = row.id;
      scanned += 1;
      if (row.hit && saysEvery(row.said, text.words)) hits.push({ firstSeenAt: row.firstSeenAt, id: row.id });
      if (scanned % TIME_CHECK_EVERY === 0 && query.outOfTime()) outOfTime = true;
    }
    hits.sort((a, b) => b.firstSeenAt - a.firstSeenAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    if (hits.length > query.limit) {
      const shown = hits.slice(0, query.limit);
      return { rows: rowsOf(shown), next: shown.at(-1)!, filled: true };
    }
    if (stopped === 'guard') return { rows: rowsOf(hits), next: resumeAfter, filled: false };
    return { rows: rowsOf(hits), next: null, filled: true };
  }

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
