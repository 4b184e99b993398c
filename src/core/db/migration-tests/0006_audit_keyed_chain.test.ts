import { createHash, randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../../test/support/core';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0005. */
function migrationsBeforeKeying(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0006');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0006_audit_keyed_chain.sql'));
  return folder;
}

/** Entries as the older release wrote them: plain SHA-256 over the JSON of the values. */
function writeUnkeyedEntries(store: ReturnType<typeof openDatabase>, count: number): void {
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= count; seq += 1) {
    const row = [
      prev,
      seq,
      Date.UTC(2026, 10, 1) + seq,
      'local-operator',
      'settings.set',
      `settings:item${seq}`,
      null,
      `{"v":${seq}}`,
      'ok',
      null,
    ];
    const hash = createHash('sha256').update(JSON.stringify(row)).digest('hex');
    store.sqlite
      .prepare(
        'INSERT INTO audit_log (prev_hash, seq, at, actor, action, target, before_json, after_json, result, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(...row, hash);
    prev = hash;
  }
}

describe('migration 0006_audit_keyed_chain', () => {
  it('records each entry’s hash algorithm; old entries stay plain SHA-256, verify as before, and are sealed under the key at the next start', async () => {
    const dataDir = tempDir();
    const key = randomBytes(32);
    const before = openDatabase(join(dataDir, 'watchroom.db'), key, { migrationsFolder: migrationsBeforeKeying() });
    expect((before.sqlite.prepare('PRAGMA table_info(audit_log)').all() as { name: string }[]).map((c) => c.name)).not.toContain('chain');
    writeUnkeyedEntries(before, 5);
    before.close();

    const { core, call } = startTestCore(dataDir, { key, sopFolder: null });
    const chains = core.store.sqlite.prepare('SELECT seq, chain FROM audit_log ORDER BY seq').all();
    expect(chains).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, chain: 'sha256' })).concat({ seq: 6, chain: 'hmac-sha256-v2' }));
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true, checked: 6, problemCount: 0 } });
    expect(await call('audit.list', { limit: 1 })).toMatchObject({
      ok: true,
      value: { entries: [{ seq: 6, action: 'audit.chain-keyed', actor: 'system' }] },
    });
    core.close();

    // The next start finds a keyed head and adds nothing.
    const again = startTestCore(dataDir, { key, sopFolder: null });
    expect(await again.call('audit.verify')).toMatchObject({ ok: true, value: { checked: 6 } });
    again.core.close();
  });
});
