import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before the outbox shipped them: up to 0013. */
function migrationsBeforeOutbox(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0014');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0014_outbox.sql'));
  return folder;
}

describe('migration 0014_outbox', () => {
  it('adds an empty outbox whose ids are unique and whose order is kept, and leaves what was there', () => {
    const path = join(tempDir(), 'replica.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeOutbox() });
    before.sqlite
      .prepare(`INSERT INTO seats (id, name, credential_hash, created_at, created_by) VALUES ('s1', 'Desk 1', 'h', 5, 'u1')`)
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare('SELECT name FROM seats').pluck().all()).toEqual(['Desk 1']);
    expect(after.sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    const insert = after.sqlite.prepare(
      `INSERT INTO outbox (id, method, person_id, person_name, seat, issued_at, based_on_seq, state)
       VALUES (?, 'alerts.claim', 'u1', 'Ann Example', 'Desk 1', 5, 0, 'pending')`,
    );
    insert.run('c1');
    insert.run('c2');
    expect(() => insert.run('c1')).toThrow(/UNIQUE/);
    expect(after.sqlite.prepare('SELECT id FROM outbox ORDER BY position').pluck().all()).toEqual(['c1', 'c2']);
    after.close();
  });
});
