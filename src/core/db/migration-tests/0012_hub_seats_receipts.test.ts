import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before the hub shipped them: up to 0011. */
function migrationsBeforeHub(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0012');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0012_hub_seats_receipts.sql'));
  return folder;
}

describe('migration 0012_hub_seats_receipts', () => {
  it('adds empty seats and command receipts, and an issue time that entries written before stay without', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeHub() });
    before.sqlite
      .prepare(
        `INSERT INTO audit_log (seq, at, actor, action, target, result, prev_hash, hash, chain, actor_name, seat)
         VALUES (1, 5, 'u1', 'sites.create', 'site:s1', 'ok', '', 'h', 'hmac-sha256-v2', 'Ann Example', 'Desk 2')`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare('SELECT seq, issued_at AS issuedAt, chain FROM audit_log').all()).toEqual([
      { seq: 1, issuedAt: null, chain: 'hmac-sha256-v2' },
    ]);
    expect(after.sqlite.prepare('SELECT count(*) AS n FROM seats').get()).toEqual({ n: 0 });
    expect(after.sqlite.prepare('SELECT count(*) AS n FROM command_receipts').get()).toEqual({ n: 0 });
    const receiptColumns = (after.sqlite.prepare('PRAGMA table_info(command_receipts)').all() as { name: string; pk: number }[]).map(
      (column) => [column.name, column.pk],
    );
    expect(receiptColumns).toContainEqual(['id', 1]);
    after.close();
  });
});
