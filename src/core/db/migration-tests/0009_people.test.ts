import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

const columnsOf = (store: ReturnType<typeof openDatabase>, table: string) =>
  (store.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe('migration 0009_people', () => {
  it('adds users, sessions (a token hash, never a token), failed sign-ins, account locks and hashed recovery codes, all empty', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    expect(columnsOf(store, 'users')).toEqual(expect.arrayContaining(['username', 'role', 'password_hash', 'totp_secret', 'active']));
    expect(columnsOf(store, 'sessions')).toEqual(
      expect.arrayContaining(['token_hash', 'seat', 'address', 'expires_at', 'locked', 'ended_at']),
    );
    expect(columnsOf(store, 'sessions')).not.toContain('token');
    expect(columnsOf(store, 'sign_in_failures')).toEqual(['id', 'at', 'username', 'source']);
    expect(columnsOf(store, 'account_locks')).toEqual(['username', 'locked_until']);
    expect(columnsOf(store, 'recovery_codes')).toEqual(['user_id', 'code_hash', 'used_at']);
    for (const table of ['users', 'sessions', 'sign_in_failures', 'account_locks', 'recovery_codes'])
      expect(store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    // Usernames are unique: the audit log names people by them.
    const insert = store.sqlite.prepare(
      `INSERT INTO users (id, username, display_name, role, active, password_hash, created_at, updated_at) VALUES (?, 'ada', 'Ada', 'admin', 1, 'x', 0, 0)`,
    );
    insert.run('u1');
    expect(() => insert.run('u2')).toThrow(/UNIQUE/);
    store.close();
  });
});
