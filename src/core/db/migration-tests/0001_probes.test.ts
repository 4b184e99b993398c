import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0001_probes', () => {
  it('creates sites, monitors, the latest-state table, raw results, state changes, three roll-ups and meta', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const tables = store.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as {
      name: string;
      sql: string;
    }[];
    const names = tables.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'sites',
        'monitors',
        'monitor_state',
        'probe_results',
        'state_changes',
        'rollup_minute',
        'rollup_hour',
        'rollup_day',
        'meta',
      ]),
    );
    for (const rollup of ['rollup_minute', 'rollup_hour', 'rollup_day']) {
      expect(tables.find((t) => t.name === rollup)?.sql).toMatch(/WITHOUT ROWID$/);
    }
    store.close();
  });

  it("keeps a site with monitors from being deleted, and drops a monitor's state with it", () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const db = store.sqlite;
    db.prepare(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s1', 'Depot', 0, 0)`).run();
    db.prepare(
      `INSERT INTO monitors (id, site_id, name, kind, probe_json, interval_seconds, timeout_seconds, failures_to_down, successes_to_up,
        warn_latency_ms, crit_latency_ms, created_at, updated_at) VALUES ('m1', 's1', 'Recorder', 'tcp', '{}', 30, 10, 2, 1, 500, 2000, 0, 0)`,
    ).run();
    db.prepare(`INSERT INTO monitor_state (monitor_id, status, verdict, cause_json, since) VALUES ('m1', 'up', 'up', '{}', 0)`).run();
    expect(() => db.prepare(`DELETE FROM sites WHERE id = 's1'`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM monitors WHERE id = 'm1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM monitor_state').get()).toEqual({ n: 0 });
    store.close();
  });
});
