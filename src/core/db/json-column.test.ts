import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from './index';
import { jsonColumn, StoredValueError } from './json-column';
import { prepareUpsert } from './upsert';
import { prepareSelectAll } from './select';

const tempDir = useTempDirs();

function storeWithChannel() {
  const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
  const repos = createRepositories(store);
  repos.alerts.insertChannel({
    id: 'c1',
    name: 'Duty phone',
    enabled: true,
    config: { kind: 'webhook', url: 'https://hooks.example/duty', secret: 'hunter2-very-secret', timeoutSeconds: 10, headers: {} },
    ratePerMinute: 10,
    createdAt: 0,
    updatedAt: 0,
  });
  return { store, repos };
}

describe('a JSON column', () => {
  it('reads back the contract value it was given, parsed, with no JSON handling at the read site', () => {
    const { store, repos } = storeWithChannel();
    expect(repos.alerts.getChannel('c1')?.config).toEqual({
      kind: 'webhook',
      url: 'https://hooks.example/duty',
      secret: 'hunter2-very-secret',
      timeoutSeconds: 10,
      headers: {},
    });
    // Stored as plain JSON text, as before: no migration and the same bytes on disk.
    expect(store.sqlite.prepare("SELECT config_json AS v FROM channels WHERE id = 'c1'").get()).toEqual({
      v: '{"kind":"webhook","url":"https://hooks.example/duty","secret":"hunter2-very-secret","timeoutSeconds":10,"headers":{}}',
    });
    store.close();
  });

  it('refuses a stored value that does not match its schema, naming table, column and field but never the value', () => {
    const { store, repos } = storeWithChannel();
    store.sqlite
      .prepare("UPDATE channels SET config_json = ? WHERE id = 'c1'")
      .run('{"kind":"webhook","url":"https://hooks.example/duty","secret":"hunter2-very-secret","timeoutSeconds":"ten","headers":{}}');
    let thrown: unknown;
    try {
      repos.alerts.listChannels();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoredValueError);
    expect(thrown).toMatchObject({ table: 'channels', column: 'config_json' });
    expect((thrown as Error).message).toMatch(/^channels\.config_json holds a value that does not match its schema at timeoutSeconds/);
    expect((thrown as Error).message).not.toContain('hunter2');
    store.close();
  });

  it('refuses stored text that is not JSON at all', () => {
    const { store, repos } = storeWithChannel();
    repos.monitoring.insertSite({ id: 's', name: 'Site', address: null, tags: ['north'], maintenance: false, createdAt: 0, updatedAt: 0 });
    store.sqlite.prepare("UPDATE sites SET tags_json = 'north' WHERE id = 's'").run();
    expect(() => repos.monitoring.listSites()).toThrow('sites.tags_json holds a value that is not JSON');
    store.close();
  });
});

describe('a corrupt row in a running core', () => {
  it('fails only the reads that meet it, as an internal error, and core keeps answering', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    const created = await call('sites.create', { name: 'North gate', address: null, tags: ['gate'] });
    expect(created.ok).toBe(true);
    core.store.sqlite.prepare("UPDATE sites SET tags_json = '{broken' WHERE name = 'North gate'").run();

    expect(await call('sites.list')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await call('settings.get')).toMatchObject({ ok: true });
    expect(await call('audit.list', {})).toMatchObject({ ok: true });

    core.store.sqlite.prepare("UPDATE sites SET tags_json = '[\"gate\"]' WHERE name = 'North gate'").run();
    expect(await call('sites.list')).toMatchObject({ ok: true, value: [{ name: 'North gate', tags: ['gate'] }] });
    core.close();
  });
});

describe('an upsert prepared from a table', () => {
  it('writes every column the table declares, encoded as drizzle encodes it, and overwrites them on conflict', () => {
    const things = sqliteTable('things', {
      id: text('id').primaryKey(),
      label: text('label').notNull(),
      on: integer('on', { mode: 'boolean' }).notNull(),
      shape: jsonColumn('things', 'shape_json', z.object({ sides: z.number() })),
    });
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE things (id TEXT PRIMARY KEY, label TEXT NOT NULL, "on" INTEGER NOT NULL, shape_json TEXT)');
    const db = drizzle({ client: sqlite });
    const upsert = prepareUpsert(sqlite, things, things.id);

    upsert({ id: 'a', label: 'first', on: true, shape: { sides: 3 } });
    upsert({ id: 'b', label: 'plain', on: false, shape: null });
    upsert({ id: 'a', label: 'again', on: false, shape: { sides: 4 } });

    expect(db.select().from(things).orderBy(things.id).all()).toEqual([
      { id: 'a', label: 'again', on: false, shape: { sides: 4 } },
      { id: 'b', label: 'plain', on: false, shape: null },
    ]);
    expect(sqlite.prepare('SELECT "on" AS o, shape_json AS s FROM things WHERE id = \'a\'').get()).toEqual({ o: 0, s: '{"sides":4}' });
    sqlite.close();
  });
});

describe('a whole-table read prepared from a table', () => {
  it('gives the same typed rows as drizzle, in the same order, and still refuses a bad stored value', () => {
    const sqlite = new Database(':memory:');
    const things = sqliteTable('things', {
      id: text('id').primaryKey(),
      rank: integer('rank').notNull(),
      on: integer('on', { mode: 'boolean' }).notNull(),
      shape: jsonColumn('things', 'shape_json', z.object({ sides: z.number() }).strict()),
    });
    sqlite.exec('CREATE TABLE things (id TEXT PRIMARY KEY, rank INTEGER NOT NULL, "on" INTEGER NOT NULL, shape_json TEXT)');
    const db = drizzle({ client: sqlite });
    prepareUpsert(sqlite, things, things.id)({ id: 'a', rank: 2, on: true, shape: { sides: 3 } });
    prepareUpsert(sqlite, things, things.id)({ id: 'b', rank: 1, on: false, shape: null });
    const selectAll = prepareSelectAll(sqlite, things, things.rank);

    expect(selectAll()).toEqual([
      { id: 'b', rank: 1, on: false, shape: null },
      { id: 'a', rank: 2, on: true, shape: { sides: 3 } },
    ]);
    expect(selectAll()).toEqual(db.select().from(things).orderBy(things.rank).all());

    sqlite.exec(`UPDATE things SET shape_json = '{"sides":"three"}' WHERE id = 'a'`);
    expect(() => selectAll()).toThrow(StoredValueError);
    sqlite.close();
  });
});
