import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from '../db';
import type { AlertHistoryPage } from '../../shared/contract';
import { searchAlertHistory, type AlertHistoryFilter } from './history';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

/** `count` alerts an hour apart, oldest first; every seventh acknowledged by Ann, every tenth about the gate. */
function historyOf(count: number, extra: (i: number) => Partial<Record<string, string | number | null>> = () => ({})) {
  const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
  const insert = store.sqlite.prepare(
    `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, site_id, site_name, severity, state, summary,
       first_seen_at, last_seen_at, count, escalation_level, ack_by, ack_note, flapping, notified)
     VALUES (@id, @id, @ruleId, @ruleName, @subject, @subjectName, @siteId, @siteName, @severity, 'resolved', @summary,
       @at, @at, 1, 0, @ackBy, @ackNote, 0, 0)`,
  );
  store.sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      insert.run({
        id: `a${String(i).padStart(6, '0')}`,
        ruleId: i % 2 ? 'down' : 'latency',
        ruleName: i % 2 ? 'Monitor down' : 'Slow answer',
        subject: `monitor:m${i % 5}`,
        subjectName: i % 10 === 0 ? 'Gate camera' : `Recorder ${i % 5}`,
        siteId: `s${i % 3}`,
        siteName: `Site ${i % 3}`,
        severity: i % 4 === 0 ? 'critical' : 'medium',
        summary: i % 10 === 0 ? 'Gate camera is down' : `Recorder ${i % 5} answered slowly`,
        at: START + i * HOUR,
        ackBy: i % 7 === 0 ? 'Ann Example' : null,
        ackNote: i % 7 === 0 ? 'Called the guard, 50% loss on the uplink' : null,
        ...extra(i),
      });
    }
  })();
  const repos = createRepositories(store);
  // Time stands still: the row budget alone bounds a page, so what a page holds does not depend on the machine.
  return { store, search: (filter: Partial<AlertHistoryFilter>) => searchAlertHistory(repos, { limit: 50, ...filter }, () => 0) };
}

/** Every page, following `next`, as the History tab's "Older" button would. */
function allPages(search: (filter: Partial<AlertHistoryFilter>) => AlertHistoryPage, filter: Partial<AlertHistoryFilter>) {
  const pages: AlertHistoryPage[] = [];
  let page = search(filter);
  pages.push(page);
  while (page.next) {
    page = search({ ...filter, after: page.next });
    pages.push(page);
  }
  return pages;
}

describe('the alert history search', () => {
  it('pages newest first by keyset through every alert, each exactly once', () => {
    const { store, search } = historyOf(230);
    const pages = allPages(search, { limit: 50 });
    const ids = pages.flatMap((page) => page.alerts.map((alert) => alert.id));
    expect(pages.map((page) => page.alerts.length)).toEqual([50, 50, 50, 50, 30]);
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
    expect(ids[0]).toBe('a000229');
    expect(ids.at(-1)).toBe('a000000');
    store.close();
  });

  it('keeps alerts first seen in the same millisecond apart by id across a page boundary', () => {
    const { store, search } = historyOf(9, () => ({ at: START }));
    const ids = allPages(search, { limit: 4 }).flatMap((page) => page.alerts.map((alert) => alert.id));
    expect(ids).toEqual(['a000008', 'a000007', 'a000006', 'a000005', 'a000004', 'a000003', 'a000002', 'a000001', 'a000000']);
    store.close();
  });

  it('filters by site, monitor, severity, rule, who acknowledged and period, together', () => {
    const { store, search } = historyOf(420);
    const ids = (filter: Partial<AlertHistoryFilter>) => allPages(search, filter).flatMap((page) => page.alerts);
    expect(ids({ siteId: 's1' }).every((alert) => alert.siteId === 's1')).toBe(true);
    expect(ids({ siteId: 's1' })).toHaveLength(140);
    expect(ids({ monitorId: 'm2' }).every((alert) => alert.subject === 'monitor:m2')).toBe(true);
    expect(ids({ severity: 'critical' })).toHaveLength(105);
    expect(ids({ ruleId: 'down', ackBy: 'Ann Example' }).map((alert) => alert.id)).toEqual(
      [
        ...Array.from({ length: 420 }, (_, i) => i)
          .filter((i) => i % 2 === 1 && i % 7 === 0)
          .reverse(),
      ].map((i) => `a${String(i).padStart(6, '0')}`),
    );
    const period = ids({ from: START + 100 * HOUR, to: START + 109 * HOUR, siteId: 's0' });
    expect(period.map((alert) => alert.firstSeenAt)).toEqual([108, 105, 102].map((i) => START + i * HOUR));
    store.close();
  });

  it('finds text in the summary, monitor, site, rule or acknowledgement note, case-insensitively, punctuation parting words', () => {
    const { store, search } = historyOf(200);
    expect(allPages(search, { text: 'GATE camera' }).flatMap((page) => page.alerts)).toHaveLength(20);
    expect(allPages(search, { text: '50% loss', limit: 10 }).flatMap((page) => page.alerts)).toHaveLength(29);
    // Punctuation parts words: "5" and "loss" each begin a word of "50% loss".
    expect(allPages(search, { text: '5%loss' }).flatMap((page) => page.alerts)).toHaveLength(29);
    expect(allPages(search, { text: '5%lost' }).flatMap((page) => page.alerts)).toHaveLength(0);
    expect(search({ text: 'gate', siteId: 's0', limit: 3 }).alerts.map((alert) => alert.id)).toEqual(['a000180', 'a000150', 'a000120']);
    store.close();
  });

  it('stops a page of filters no one index serves when its time is up, with the alerts found so far and a cursor that goes on after the last one read', () => {
    const { store } = historyOf(2_000);
    const repos = createRepositories(store);
    let now = 0;
    // Every check of the clock (one per 32 alerts read) finds 10 ms more gone: the second reaches the 20 ms budget, after 64 alerts read.
    const filter = { siteId: 's0', ruleId: 'latency', limit: 200 };
    const page = searchAlertHistory(repos, filter, () => (now += 10) - 10);
    // Site s0's newest 64 alerts go back to alert 1809; half of them are about latency.
    expect(page.alerts).toHaveLength(32);
    expect(page.searchedBackTo).toBe(START + 1809 * HOUR);
    const rest = searchAlertHistory(repos, { ...filter, after: page.next! }, () => 0);
    expect(rest.alerts).toHaveLength(200);
    expect(rest.alerts[0]?.id).toBe('a001806');
    // Text with a filter that rejects nearly every match is guarded the same way: 64 matches of "gate" read, back to alert 1360.
    now = 0;
    const gate = searchAlertHistory(repos, { text: 'gate', siteId: 's1', limit: 200 }, () => (now += 10) - 10);
    expect(gate.alerts.every((alert) => alert.siteId === 's1' && alert.summary.startsWith('Gate'))).toBe(true);
    expect(gate.alerts).toHaveLength(22);
    expect(gate.searchedBackTo).toBe(START + 1360 * HOUR);
    const older = searchAlertHistory(repos, { text: 'gate', siteId: 's1', limit: 200, after: gate.next! }, () => 0);
    expect(older).toMatchObject({ next: null, searchedBackTo: null });
    expect(older.alerts).toHaveLength(67 - 22);
    store.close();
  });

  it('finds a rare word two years back on the first page, whatever the history holds between', () => {
    const count = 2 * 8_760;
    // Only the very oldest alert, two years before the newest, mentions the word.
    const { store, search } = historyOf(count, (i) => (i === 0 ? { ackNote: 'Smoke detector in the server room' } : {}));
    const page = search({ text: 'smoke' });
    expect(page.alerts.map((alert) => [alert.id, alert.firstSeenAt])).toEqual([['a000000', START]]);
    expect(page).toMatchObject({ next: null, searchedBackTo: null });
    // With other filters, a period and words the index splits, still on the first page.
    expect(search({ text: 'server-room smo', siteId: 's0', to: START + HOUR }).alerts.map((alert) => alert.id)).toEqual(['a000000']);
    expect(search({ text: 'smoke', siteId: 's1' })).toMatchObject({ alerts: [], next: null, searchedBackTo: null });
    // The index finds words by their first three characters; the rest of each word typed must match too.
    expect(search({ text: 'smoked' })).toMatchObject({ alerts: [], next: null, searchedBackTo: null });
    store.close();
  });

  it('matches the beginnings of words in any case or accent, every word typed, through every page exactly once', () => {
    const { store, search } = historyOf(230, (i) => (i % 2 === 0 ? { siteName: 'Café Nord' } : {}));
    const ids = (filter: Partial<AlertHistoryFilter>) => allPages(search, filter).flatMap((page) => page.alerts.map((alert) => alert.id));
    expect(ids({ text: 'CAFE nor' })).toHaveLength(115);
    expect(ids({ text: 'caf', limit: 7 })).toEqual(ids({ text: 'café' }));
    expect(ids({ text: 'café gate', limit: 4 })).toEqual(
      Array.from({ length: 230 }, (_, i) => 229 - i)
        .filter((i) => i % 10 === 0)
        .map((i) => `a${String(i).padStart(6, '0')}`),
    );
    // The middle of a word is not its beginning.
    expect(ids({ text: 'afe' })).toEqual([]);
    store.close();
  });

  it('orders text matches first seen in the same millisecond by id, across a page boundary, as every other search', () => {
    const { store, search } = historyOf(9, (i) => ({ at: START + (i < 6 ? 0 : HOUR), id: `a${'zyxwvutsr'[i]}` }));
    const pages = allPages(search, { text: 'site', limit: 4 });
    expect(pages.map((page) => page.alerts.map((alert) => alert.id))).toEqual([['at', 'as', 'ar', 'az'], ['ay', 'ax', 'aw', 'av'], ['au']]);
    store.close();
  });

  it('no longer finds alerts the retention prune removed, nor words an alert no longer says', () => {
    const { store, search } = historyOf(100, (i) => ({ summary: `Tamper switch ${i}` }));
    const repos = createRepositories(store);
    store.sqlite.prepare('UPDATE alerts SET resolved_at = first_seen_at').run();
    store.sqlite.prepare('UPDATE alerts SET ack_note = ? WHERE id = ?').run('Cable cut', 'a000099');
    expect(search({ text: 'tamper' }).alerts).toHaveLength(50);
    expect(search({ text: 'cable' }).alerts.map((alert) => alert.id)).toEqual(['a000099']);
    repos.transaction(() => repos.retention.pruneAlerts(START + 60 * HOUR, 1_000));
    const left = allPages(search, { text: 'tamper' }).flatMap((page) => page.alerts);
    expect(left.map((alert) => alert.id)).toEqual(Array.from({ length: 40 }, (_, i) => `a${String(99 - i).padStart(6, '0')}`));
    store.sqlite.prepare('UPDATE alerts SET ack_note = ? WHERE id = ?').run('Fixed', 'a000099');
    expect(search({ text: 'cable' }).alerts).toEqual([]);
    expect(search({ text: 'fixed' }).alerts.map((alert) => alert.id)).toEqual(['a000099']);
    store.close();
  });

  it('indexes an alert once when a replica writes it whole again (INSERT OR REPLACE)', () => {
    const { store, search } = historyOf(3);
    store.sqlite.prepare(`INSERT OR REPLACE INTO alerts SELECT * FROM alerts WHERE id = 'a000000'`).run();
    store.sqlite.prepare(`INSERT OR REPLACE INTO alerts SELECT * FROM alerts WHERE id = 'a000000'`).run();
    expect(search({ text: 'gate' }).alerts.map((alert) => alert.id)).toEqual(['a000000']);
    store.close();
  });

  describe('takes what a person types as words, never as query syntax', () => {
    const typed: [string, string, string[]][] = [
      ['quotes', '"gate" "', ['a000020', 'a000010', 'a000000']],
      ['an unbalanced quote inside a word', 'ga"te', []],
      ['a star', '* gate*', ['a000020', 'a000010', 'a000000']],
      ['NEAR and parentheses', 'NEAR(gate camera)', []],
      ['OR, AND and NOT', 'gate OR recorder NOT', []],
      ['a column filter', 'summary:gate', []],
      ['punctuation only', '"*()^:-+', ['a000029', 'a000028', 'a000027']],
      ['a lone surrogate', 'gate \uD800 camera', ['a000020', 'a000010', 'a000000']],
      ['a lone low surrogate inside a word', 'ga\uDC00te', []],
    ];
    it.each(typed)('%s', (_, text, newest) => {
      const { store, search } = historyOf(30);
      expect(search({ text, limit: 3 }).alerts.map((alert) => alert.id)).toEqual(newest);
      store.close();
    });

    it('5 MB of text: answers at once, finding nothing', () => {
      const { store, search } = historyOf(30);
      const huge = Array.from({ length: 1_000_000 }, (_, i) => `w${i.toString(36)} `).join('');
      expect(huge.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
      expect(search({ text: huge })).toEqual({ alerts: [], next: null, searchedBackTo: null });
      expect(search({ text: 'gate'.repeat(1_400_000) })).toEqual({ alerts: [], next: null, searchedBackTo: null });
      store.close();
    });
  });
});
