import { createHmac, randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../../test/support/core';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { deriveChainKey } from '../../audit';
import { LOCAL_OPERATOR, type Actor } from '../../service';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0007. */
function migrationsBeforePeople(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0008');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0008_audit_people.sql'));
  return folder;
}

/** Entries as the previous release wrote them: HMAC-SHA-256 over the typed values of the columns it had (written out here, not taken from the code under test). */
function writeKeyedEntriesWithoutPeople(store: ReturnType<typeof openDatabase>, key: Buffer, count: number): void {
  const chainKey = deriveChainKey(key);
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= count; seq += 1) {
    const at = Date.UTC(2026, 10, 1) + seq;
    const values = [seq, at, 'local-operator', 'settings.set', `settings:item${seq}`, null, `{"v":${seq}}`, 'ok', null] as const;
    const typed = (value: string | number | null) => (value === null ? null : typeof value === 'number' ? `i:${value}` : `t:${value}`);
    const material = JSON.stringify(['hmac-sha256', typed(prev), ...values.map(typed)]);
    const hash = createHmac('sha256', chainKey).update(material).digest('hex');
    store.sqlite
      .prepare(
        `INSERT INTO audit_log (seq, at, actor, action, target, before_json, after_json, result, detail, prev_hash, hash, chain)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'hmac-sha256')`,
      )
      .run(...values, prev, hash);
    prev = hash;
  }
}

describe('migration 0008_audit_people', () => {
  it('adds the people columns; entries written before verify as they were, and entries after them name the person, the seat and a step-up’s authorizer', async () => {
    const dataDir = tempDir();
    const key = randomBytes(32);
    const before = openDatabase(join(dataDir, 'watchroom.db'), key, { migrationsFolder: migrationsBeforePeople() });
    writeKeyedEntriesWithoutPeople(before, key, 3);
    before.close();

    const { core, call } = startTestCore(dataDir, { key, sopFolder: null });
    const ann: Actor = {
      ...LOCAL_OPERATOR,
      id: 'user-ann',
      displayName: 'Ann Example',
      role: 'operator',
      seat: 'Desk 2',
      access: 'signed-in',
      authorizedBy: { id: 'user-sam', displayName: 'Sam Super' },
    };
    // A step-up: Ann's seat, Sam's authority (the step-up gives the call Sam's role).
    expect(await call('settings.set', { consoleName: 'Night desk' }, { ...ann, role: 'admin' })).toMatchObject({ ok: true });
    expect(await call('settings.set', { consoleName: 'Day desk' }, { ...ann, authorizedBy: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const rows = core.store.sqlite.prepare('SELECT seq, chain, actor_name, seat, authorized_by_name FROM audit_log ORDER BY seq').all();
    expect(rows).toEqual([
      ...[1, 2, 3].map((seq) => ({ seq, chain: 'hmac-sha256', actor_name: null, seat: null, authorized_by_name: null })),
      { seq: 4, chain: 'hmac-sha256-v2', actor_name: 'Ann Example', seat: 'Desk 2', authorized_by_name: 'Sam Super' },
      { seq: 5, chain: 'hmac-sha256-v2', actor_name: 'Ann Example', seat: 'Desk 2', authorized_by_name: null },
    ]);
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true, checked: 5, problemCount: 0 } });
    expect(await call('audit.list', { limit: 3 })).toMatchObject({
      ok: true,
      value: {
        entries: [
          { seq: 5, actor: 'user-ann', actorName: 'Ann Example', seat: 'Desk 2', authorizedBy: null, result: 'error' },
          {
            seq: 4,
            actor: 'user-ann',
            actorName: 'Ann Example',
            seat: 'Desk 2',
            authorizedBy: { id: 'user-sam', displayName: 'Sam Super' },
          },
          { seq: 3, actor: 'local-operator', actorName: null, seat: null, authorizedBy: null },
        ],
      },
    });

    // Names written into an old entry afterwards are not covered by its hash: verification says so.
    core.store.sqlite.prepare(`UPDATE audit_log SET actor_name = 'Sam Super' WHERE seq = 2`).run();
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: false, problems: [{ seq: 2, kind: 'changed' }] } });
    core.close();
  });
});
