import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0004_backups', () => {
  it('creates backup jobs and the backups they made', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const names = (store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(names).toEqual(expect.arrayContaining(['backup_jobs', 'backups']));
    const columns = (store.sqlite.prepare(`PRAGMA table_info(backup_jobs)`).all() as { name: string }[]).map((c) => c.name);
    // The key derived from the passphrase is kept; the passphrase itself has no column.
    expect(columns).toEqual(expect.arrayContaining(['key_hex', 'kdf_json', 'key_id', 'last_slot_at']));
    expect(columns.some((c) => c.includes('passphrase'))).toBe(false);
    store.close();
  });
});
