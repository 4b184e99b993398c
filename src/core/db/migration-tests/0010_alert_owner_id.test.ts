import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0009. */
function migrationsBeforeOwnerIds(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0010');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0010_alert_owner_id.sql'));
  return folder;
}

describe('migration 0010_alert_owner_id', () => {
  it("adds the owner's user id beside the owner's name; an alert owned before keeps its name and has no id (nobody is guessed from a name)", () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeOwnerIds() });
    before.sqlite
      .prepare(
        `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, severity, state, summary,
           first_seen_at, last_seen_at, count, escalation_level, owner, flapping, notified)
         VALUES ('a1', 'r|monitor:m1', 'r', 'Monitor down', 'monitor:m1', 'NVR 2', 'high', 'acknowledged', 'NVR 2 is down',
           1, 2, 1, 0, 'Local operator', 0, 1)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    const columns = after.sqlite.prepare(`PRAGMA table_info(alerts)`).all() as { name: string; notnull: number; dflt_value: unknown }[];
    expect(columns.find((c) => c.name === 'owner_id')).toMatchObject({ notnull: 0, dflt_value: null });
    expect(after.sqlite.prepare(`SELECT owner, owner_id AS ownerId FROM alerts WHERE id = 'a1'`).get()).toEqual({
      owner: 'Local operator',
      ownerId: null,
    });
    after.close();
  });
});
