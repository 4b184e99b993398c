import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0023_fanout_deferred', () => {
  it('adds an empty change_feed_deferred: one row per waiting row of a table, found by table and time', () => {
    const db = openDatabase(join(tempDir(), 'watchroom.db'), randomBytes(32));
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM change_feed_deferred').get()).toEqual({ n: 0 });
    const note = db.sqlite.prepare(`INSERT INTO change_feed_deferred (table_name, row_key, noted_at) VALUES ('rollup_hour', ?, 1000)`);
    note.run('["m1",0]');
    note.run('["m2",0]');
    expect(() => note.run('["m1",0]')).toThrow(/UNIQUE|PRIMARY/);
    const plan = db.sqlite
      .prepare(`EXPLAIN QUERY PLAN SELECT row_key FROM change_feed_deferred WHERE table_name = 'rollup_hour' AND noted_at <= 2000`)
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toContain('change_feed_deferred_due');
    db.close();
  });
});
