import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

function columns(store: ReturnType<typeof openDatabase>, table: string): string[] {
  return (store.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

describe('migration 0000_init', () => {
  it('creates the settings table and the hash-chained audit log with its lookup indexes', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    expect(columns(store, 'settings')).toEqual(['key', 'value_json', 'updated_at']);
    // Later migrations add columns at the end (0005: chain).
    expect(columns(store, 'audit_log').slice(0, 11)).toEqual([
      'seq',
      'at',
      'actor',
      'action',
      'target',
      'before_json',
      'after_json',
      'result',
      'detail',
      'prev_hash',
      'hash',
    ]);
    const indexes = (store.sqlite.prepare(`SELECT name FROM pragma_index_list('audit_log')`).all() as { name: string }[]).map(
      (i) => i.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['audit_log_at', 'audit_log_actor', 'audit_log_action']));
    store.close();
  });

  it('is applied once: reopening does not apply it again', () => {
    const path = join(tempDir(), 'w.db');
    const key = randomBytes(32);
    const first = openDatabase(path, key);
    const version = first.schemaVersion;
    first.close();
    const second = openDatabase(path, key);
    expect(second.schemaVersion).toBe(version);
    second.close();
  });
});
