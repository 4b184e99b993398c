import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from '../db';
import type { AlertHistoryPage } from '../../shared/contract';
import { searchAlertHistory, SCAN_BUDGET, type AlertHistoryFilter } from './history';

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

  it('finds text in the summary, monitor, site, rule or acknowledgement note, case-insensitively, with % taken literally', () => {
    const { store, search } = historyOf(200);
    expect(allPages(search, { text: 'GATE camera' }).flatMap((page) => page.alerts)).toHaveLength(20);
    expect(allPages(search, { text: '50% loss', limit: 10 }).flatMap((page) => page.alerts)).toHaveLength(29);
    expect(allPages(search, { text: '5%loss' }).flatMap((page) => page.alerts)).toHaveLength(0);
    expect(search({ text: 'gate', siteId: 's0', limit: 3 }).alerts.map((alert) => alert.id)).toEqual(['a000180', 'a000150', 'a000120']);
    store.close();
  });

  it('stops a page when its time is up, with the alerts found so far and a cursor that goes on after the last one read', () => {
    const { store } = historyOf(2_000);
    const repos = createRepositories(store);
    let now = 0;
    // Every check of the clock (one per 32 alerts read) finds 10 ms more gone: the second reaches the 20 ms budget, after 64 alerts read.
    const page = searchAlertHistory(repos, { text: 'gate camera', limit: 200 }, () => (now += 10) - 10);
    expect(page.alerts).toHaveLength(6);
    expect(page.searchedBackTo).toBe(START + (2_000 - 64) * HOUR);
    const rest = searchAlertHistory(repos, { text: 'gate camera', limit: 200, after: page.next! }, () => 0);
    expect(page.alerts.length + rest.alerts.length).toBe(200);
    store.close();
  });

  it('reads a bounded number of alerts for a rare word, says how far back it searched, and goes on from there', () => {
    const count = SCAN_BUDGET + 500;
    // Only the very oldest alert mentions the word.
    const { store, search } = historyOf(count, (i) => (i === 0 ? { summary: 'Smoke detector in the server room' } : {}));
    const first = search({ text: 'smoke' });
    expect(first.alerts).toEqual([]);
    expect(first.searchedBackTo).toBe(START + (count - SCAN_BUDGET) * HOUR);
    expect(first.next).not.toBeNull();
    const second = search({ text: 'smoke', after: first.next! });
    expect(second.alerts.map((alert) => alert.summary)).toEqual(['Smoke detector in the server room']);
    expect(second).toMatchObject({ next: null, searchedBackTo: null });
    store.close();
  });
});
