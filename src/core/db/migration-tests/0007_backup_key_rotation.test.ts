import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0007_backup_key_rotation', () => {
  it('gives every backup job a list of retired keys, empty for the jobs that existed', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const columns = (
      store.sqlite.prepare(`PRAGMA table_info(backup_jobs)`).all() as { name: string; dflt_value: string | null; notnull: number }[]
    ).find((c) => c.name === 'retired_keys_json');
    expect(columns).toMatchObject({ dflt_value: `'[]'`, notnull: 1 });
    store.close();
  });
});
