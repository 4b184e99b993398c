import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { createRepositories, openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0017. */
function migrationsBeforeHistory(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0018');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0018_alert_history.sql'));
  return folder;
}

describe('migration 0018_alert_history', () => {
  it('indexes the alerts kept before it, so the history search finds them by each filter and reads them by index, newest first', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeHistory() });
    before.sqlite
      .prepare(
        `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, site_id, site_name, severity, state, summary,
           first_seen_at, last_seen_at, count, escalation_level, ack_by, flapping, notified)
         VALUES ('a1', 'r|monitor:m1', 'r', 'Monitor down', 'monitor:m1', 'NVR 2', 's1', 'Harbour', 'high', 'resolved', 'NVR 2 is down',
           1000, 2000, 1, 0, 'Ann Example', 0, 1)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    const history = createRepositories(after).alertHistory;
    const found = (query: Record<string, string>) =>
      history.search({ ...query, limit: 10, scanBudget: 100, outOfTime: () => false }).rows.map((row) => row.id);
    expect(found({ siteId: 's1' })).toEqual(['a1']);
    expect(found({ subject: 'monitor:m1' })).toEqual(['a1']);
    expect(found({ ruleId: 'r' })).toEqual(['a1']);
    expect(found({ severity: 'high' })).toEqual(['a1']);
    expect(found({ ackBy: 'Ann Example' })).toEqual(['a1']);
    expect(found({ text: 'nvr 2' })).toEqual(['a1']);
    const plan = (filter: string) =>
      (
        after.sqlite
          .prepare(
            `EXPLAIN QUERY PLAN SELECT id FROM alerts WHERE ${filter} (first_seen_at, id) < (5, 'z') ORDER BY first_seen_at DESC, id DESC LIMIT 5`,
          )
          .all() as { detail: string }[]
      )
        .map((row) => row.detail)
        .join('; ');
    expect(plan('')).toMatch(/USING (COVERING )?INDEX alerts_history\b/);
    expect(plan("site_id = 's1' AND")).toMatch(/INDEX alerts_history_site/);
    expect(plan("ack_by = 'Ann' AND")).toMatch(/INDEX alerts_history_ack_by/);
    expect(plan('')).not.toMatch(/TEMP B-TREE/);
    after.close();
  });
});
