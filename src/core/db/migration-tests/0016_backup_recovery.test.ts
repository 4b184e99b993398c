import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before run history and retries shipped them: up to 0015. */
function migrationsBeforeRecovery(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0016');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0016_backup_recovery.sql'));
  return folder;
}

describe('migration 0016_backup_recovery', () => {
  it('keeps existing jobs with a 90-day key reminder, no channel and no retry waiting, and adds an empty run history', () => {
    const path = join(tempDir(), 'console.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeRecovery() });
    before.sqlite
      .prepare(
        `INSERT INTO backup_jobs (id, name, sources_json, destination, schedule, retention_json, compression_level, overdue_after_hours,
           key_hex, kdf_json, key_id, created_at, updated_at)
         VALUES ('j1', 'Nightly', '[{"kind":"database"}]', '/mnt/backup', '0 2 * * *',
           '{"keepLast":3,"daily":7,"weekly":4,"monthly":12,"yearly":7}', 3, 26, 'aa', '{}', 'k1', 5, 5)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(
      after.sqlite.prepare('SELECT name, notify_json, key_rotation_days, key_set_at, retry_at, retry_attempt FROM backup_jobs').get(),
    ).toEqual({
      name: 'Nightly',
      notify_json: null,
      key_rotation_days: 90,
      key_set_at: null,
      retry_at: null,
      retry_attempt: 0,
    });
    expect(after.sqlite.prepare('SELECT count(*) AS n FROM backup_runs').get()).toEqual({ n: 0 });
    after.close();
  });
});
