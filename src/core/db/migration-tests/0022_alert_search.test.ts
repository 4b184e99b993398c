import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { createRepositories, openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0021. */
function migrationsBeforeAlertSearch(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0022');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0022_alert_search.sql'));
  return folder;
}

describe('migration 0022_alert_search', () => {
  it('indexes the words of the alerts kept before it, in the order the history reads them, and keeps the index in step after', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeAlertSearch() });
    const insert = before.sqlite.prepare(
      `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, site_id, site_name, severity, state, summary,
         first_seen_at, last_seen_at, count, escalation_level, ack_by, ack_note, flapping, notified, resolution)
       VALUES (@id, @id, 'r', 'Monitor down', 'monitor:m1', 'NVR 2', 's1', 'Harbour', 'high', 'resolved', @summary,
         @at, @at, 1, 0, NULL, @note, 0, 1, @resolution)`,
    );
    insert.run({ id: 'a2', summary: 'NVR 2 is down', at: 1000, note: 'Power cut in the hall', resolution: null });
    insert.run({ id: 'a1', summary: 'NVR 2 is down', at: 1000, note: null, resolution: 'Replaced the fuse' });
    insert.run({ id: 'a3', summary: 'NVR 2 is down', at: 5000, note: null, resolution: null });
    before.close();

    const after = openDatabase(path, key);
    // Alerts first seen in the same millisecond take slots in id order.
    expect(after.sqlite.prepare('SELECT rowid AS key, alert_id AS id FROM alerts_search ORDER BY rowid').all()).toEqual([
      { key: 1000 * 1048576, id: 'a1' },
      { key: 1000 * 1048576 + 1, id: 'a2' },
      { key: 5000 * 1048576, id: 'a3' },
    ]);
    const history = createRepositories(after).alertHistory;
    const found = (text: string) => history.search({ text, limit: 10, scanBudget: 100, outOfTime: () => false }).rows.map((row) => row.id);
    expect(found('nvr harbour')).toEqual(['a3', 'a2', 'a1']);
    expect(found('power')).toEqual(['a2']);
    expect(found('fuse')).toEqual(['a1']);
    expect(found('monitor down')).toEqual(['a3', 'a2', 'a1']);

    // Written after: a new alert, a changed note, a deleted alert.
    after.sqlite
      .prepare(
        `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, site_id, site_name, severity, state, summary,
           first_seen_at, last_seen_at, count, escalation_level, flapping, notified)
         VALUES ('a4', 'a4', 'r', 'Monitor down', 'monitor:m2', 'Gate camera', 's1', 'Harbour', 'high', 'open', 'Gate camera is down', 1000, 1000, 1, 0, 0, 1)`,
      )
      .run();
    after.sqlite.prepare(`UPDATE alerts SET ack_note = 'Power back' WHERE id = 'a1'`).run();
    after.sqlite.prepare(`DELETE FROM alerts WHERE id = 'a2'`).run();
    expect(found('gate')).toEqual(['a4']);
    expect(found('power')).toEqual(['a1']);
    expect(found('nvr')).toEqual(['a3', 'a1']);

    const plan = (
      after.sqlite
        .prepare(
          `EXPLAIN QUERY PLAN SELECT a.id FROM alerts_search JOIN alerts a ON a.id = alerts_search.alert_id
           WHERE alerts_search MATCH '"nvr"*' AND alerts_search.rowid < 5 ORDER BY alerts_search.rowid DESC`,
        )
        .all() as { detail: string }[]
    )
      .map((row) => row.detail)
      .join('; ');
    expect(plan).toMatch(/SCAN alerts_search VIRTUAL TABLE/);
    expect(plan).toMatch(/SEARCH a USING (COVERING )?INDEX sqlite_autoindex_alerts_1/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    after.close();
  });
});
