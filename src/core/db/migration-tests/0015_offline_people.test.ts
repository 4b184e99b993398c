import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before offline sign-in shipped them: up to 0014. */
function migrationsBeforeOfflinePeople(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0015');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0015_offline_people.sql'));
  return folder;
}

describe('migration 0015_offline_people', () => {
  it('adds an empty table of offline verifiers, and an owner seat that alerts owned before stay without', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeOfflinePeople() });
    before.sqlite
      .prepare(
        `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, severity, state, summary,
           first_seen_at, last_seen_at, count, escalation_level, owner, owner_id, flapping, notified)
         VALUES ('a1', 'r|monitor:m1', 'r', 'Monitor down', 'monitor:m1', 'NVR 2', 'high', 'acknowledged', 'NVR 2 is down',
           1, 2, 1, 0, 'Anna', 'u-anna', 0, 1)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare('SELECT owner, owner_seat AS ownerSeat FROM alerts').all()).toEqual([{ owner: 'Anna', ownerSeat: null }]);
    expect(after.sqlite.prepare('SELECT count(*) AS n FROM offline_verifiers').get()).toEqual({ n: 0 });
    const columns = (after.sqlite.prepare('PRAGMA table_info(offline_verifiers)').all() as { name: string; pk: number }[]).map((column) => [
      column.name,
      column.pk,
    ]);
    expect(columns).toContainEqual(['user_id', 1]);
    after.close();
  });
});
