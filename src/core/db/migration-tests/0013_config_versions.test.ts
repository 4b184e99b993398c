import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0012. */
function migrationsBeforeConfigVersions(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0013');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0013_config_versions.sql'));
  return folder;
}

describe('migration 0013_config_versions', () => {
  it('gives every monitor and alert rule made before it version 1, the version an edit from then on is based on', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeConfigVersions() });
    before.sqlite.prepare(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s1', 'Depot', 1, 1)`).run();
    before.sqlite
      .prepare(
        `INSERT INTO monitors (id, site_id, name, kind, probe_json, interval_seconds, timeout_seconds, failures_to_down, successes_to_up,
           warn_latency_ms, crit_latency_ms, created_at, updated_at) VALUES ('m1', 's1', 'Recorder', 'tcp', '{}', 30, 10, 2, 1, 500, 2000, 1, 1)`,
      )
      .run();
    before.sqlite
      .prepare(
        `INSERT INTO alert_rules (id, name, enabled, built_in, scope_json, condition_json, pending_minutes, recovery_json, severity,
           channel_ids_json, max_open_alerts, created_at, updated_at)
         VALUES ('r1', 'Night', 1, 0, '{}', '{}', 0, '{}', 'high', '[]', 10, 1, 1)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare(`SELECT version FROM monitors WHERE id = 'm1'`).get()).toEqual({ version: 1 });
    expect(after.sqlite.prepare(`SELECT version FROM alert_rules WHERE id = 'r1'`).get()).toEqual({ version: 1 });
    after.close();
  });
});
