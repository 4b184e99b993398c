import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0017_handovers', () => {
  it('adds empty handover tables; one handover per shift change, one row per item of it', () => {
    const db = openDatabase(join(tempDir(), 'watchroom.db'), randomBytes(32));
    for (const table of ['shift_plan', 'handovers', 'handover_items'])
      expect(db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    const insert = db.sqlite.prepare(
      `INSERT INTO handovers (id, boundary_at, state, outgoing_id, outgoing, general_note, created_at) VALUES (?, 1000, 'draft', 'u1', 'Anna', '', 1)`,
    );
    insert.run('h1');
    expect(() => insert.run('h2')).toThrow(/UNIQUE/);
    const item = db.sqlite.prepare(
      `INSERT INTO handover_items (handover_id, item_id, position, kind, title, facts_json, note, state) VALUES ('h1', ?, 0, 'nothing-open', 'Nothing open', '[]', '', 'open')`,
    );
    item.run('nothing-open');
    expect(() => item.run('nothing-open')).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
