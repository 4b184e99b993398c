import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0010. */
function migrationsBeforeChangeFeed(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0011');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0011_change_feed.sql'));
  return folder;
}

describe('migration 0011_change_feed', () => {
  it('adds an empty change feed that appends in seq order and an empty index of its rows, and leaves the data as it was', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeChangeFeed() });
    before.sqlite.prepare(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s1', 'Depot', 1, 1)`).run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare(`SELECT count(*) AS n FROM change_feed`).get()).toEqual({ n: 0 });
    expect(after.sqlite.prepare(`SELECT count(*) AS n FROM change_feed_keys`).get()).toEqual({ n: 0 });
    expect(after.sqlite.prepare(`SELECT name FROM sites`).all()).toEqual([{ name: 'Depot' }]);
    const add = after.sqlite.prepare(`INSERT INTO change_feed (table_name, row_key) VALUES (?, ?)`);
    add.run('sites', '["s1"]');
    add.run('sites', '["s1"]');
    add.run('sites', '["s2"]');
    after.sqlite.prepare(`DELETE FROM change_feed WHERE seq = 1`).run();
    add.run('sites', '["s3"]');
    // Each entry takes the seq after the highest; the feed never deletes its highest entry, so none is handed out twice.
    expect(after.sqlite.prepare(`SELECT seq, row_key AS key FROM change_feed ORDER BY seq`).all()).toEqual([
      { seq: 2, key: '["s1"]' },
      { seq: 3, key: '["s2"]' },
      { seq: 4, key: '["s3"]' },
    ]);
    after.close();
  });
});
