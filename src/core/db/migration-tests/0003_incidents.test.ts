import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

const insertTemplate = (slug: string, version: number) =>
  `INSERT INTO sop_templates (slug, version, name, description, steps_json, source, created_at, created_by) VALUES ('${slug}', ${version}, 'N', '', '[]', 'console', 0, 'x')`;

describe('migration 0003_incidents', () => {
  it('creates SOP templates, incidents and their timeline', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const names = (store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(names).toEqual(expect.arrayContaining(['sop_templates', 'incidents', 'incident_events']));
    store.close();
  });

  it('keeps every version of a template and refuses a version written twice', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    store.sqlite.exec(insertTemplate('camera-down', 1));
    store.sqlite.exec(insertTemplate('camera-down', 2));
    expect(() => store.sqlite.exec(insertTemplate('camera-down', 2))).toThrow(/UNIQUE/);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM sop_templates').get()).toEqual({ n: 2 });
    store.close();
  });
});
