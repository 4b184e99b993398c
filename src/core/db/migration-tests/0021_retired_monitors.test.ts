import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { createRepositories, openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0020. */
function migrationsBeforeRetiredMonitors(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0021');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0021_retired_monitors.sql'));
  return folder;
}

describe('migration 0021_retired_monitors', () => {
  it('keeps every monitor made before it in service, none retired', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeRetiredMonitors() });
    before.sqlite.prepare(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s1', 'Depot', 1, 1)`).run();
    before.sqlite
      .prepare(
        `INSERT INTO monitors (id, site_id, name, kind, probe_json, interval_seconds, timeout_seconds, failures_to_down, successes_to_up,
           warn_latency_ms, crit_latency_ms, created_at, updated_at) VALUES ('m1', 's1', 'Recorder', 'tcp', '{"kind":"tcp","host":"10.0.0.5","port":554}', 30, 10, 2, 1, 500, 2000, 1, 1)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    expect(after.sqlite.prepare(`SELECT retired_at, retired_by FROM monitors WHERE id = 'm1'`).get()).toEqual({
      retired_at: null,
      retired_by: null,
    });
    const repos = createRepositories(after);
    expect(repos.monitoring.listMonitors().map((m) => m.id)).toEqual(['m1']);
    expect(repos.monitoring.listRetiredMonitors()).toEqual([]);
    after.close();
  });
});
