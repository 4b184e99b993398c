import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { FeedChange, FeedChanges, SnapshotCursor } from '../../shared/contract/hub';
import { openDatabase, type OpenedDatabase } from '../db';
import {
  CHECK_FIELDS_FEED_DELAY_MS,
  createChangeFeed,
  createReplica,
  HUB_ONLY_TABLES,
  removeChangeFeedTriggers,
  REPLICATED_TABLES,
  ROLLUP_FEED_DELAY_MS,
  type ChangeFeed,
  type Replica,
  type ReplicatedTableSpec,
} from './index';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const tempDir = useTempDirs();
const opened: OpenedDatabase[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function freshDatabase(): Database.Database {
  const store = openDatabase(join(tempDir(), 'watchroom.db'), randomBytes(32));
  opened.push(store);
  return store.sqlite;
}

interface ColumnInfo {
  name: string;
  type: string;
}

/** Every column of a table with its declared type. */
function columnsOf(sqlite: Database.Database, table: string): ColumnInfo[] {
  return sqlite.prepare(`SELECT name, lower(type) AS type FROM pragma_table_info(?)`).all(table) as ColumnInfo[];
}

/** JSON a column's reader (or the hub's masking) understands; the other JSON columns only need to be JSON. */
const JSON_VALUES: Record<string, (seed: number) => string> = {
  'monitors.probe_json': (seed) =>
    JSON.stringify({
      kind: 'http',
      url: `https://ops:hunter${seed}@cam${seed}.example/health`,
      headers: { Authorization: `Bearer tok${seed}` },
    }),
  'channels.config_json': (seed) =>
    JSON.stringify({
      kind: 'webhook',
      url: `https://hooks.example/T0${seed}/B0${seed}/xoxb${seed}secretpath`,
      secret: `webhook-signing-secret-${seed}`,
      timeoutSeconds: 5,
      headers: { 'X-Api-Key': `key-${seed}` },
    }),
};

/**
 * A row of `table` made from `seed`: every text `v<seed>` (so a monitor's site_id names the site
 * of the same seed), every integer a time a little before now (inside every window), JSON where
 * a column holds JSON, bytes in blobs.
 */
function rowFor(sqlite: Database.Database, table: string, seed: number, now: number): Record<string, unknown> {
  return Object.fromEntries(
    columnsOf(sqlite, table).map(({ name, type }) => {
      if (JSON_VALUES[`${table}.${name}`]) return [name, JSON_VALUES[`${table}.${name}`]?.(seed)];
      if (name.endsWith('_json')) return [name, JSON.stringify({ n: seed })];
      if (type === 'integer') return [name, now - seed * 1000];
      if (type === 'real') return [name, seed + 0.25];
      if (type === 'blob') return [name, Buffer.from([seed, 0, 255, seed * 7])];
      return [name, `v${seed}`];
    }),
  );
}

function insertRow(sqlite: Database.Database, table: string, row: Record<string, unknown>): void {
  const names = Object.keys(row);
  sqlite.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
}

function keyWhere(spec: ReplicatedTableSpec): string {
  return spec.keyColumns.map((column) => `${column} = @${column}`).join(' AND ');
}

function keyOf(spec: ReplicatedTableSpec, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(spec.keyColumns.map((column) => [column, row[column]]));
}

/** A travelling column that is neither key nor foreign key nor unique, to update. */
function editableColumn(sqlite: Database.Database, spec: ReplicatedTableSpec): ColumnInfo {
  const column = columnsOf(sqlite, spec.table).find(
    (c) => spec.columns.includes(c.name) && !spec.keyColumns.includes(c.name) && !c.name.endsWith('_id') && c.name !== spec.window?.column,
  );
  if (!column) throw new Error(`no editable column in ${spec.table}`);
  return column;
}

function editRow(sqlite: Database.Database, spec: ReplicatedTableSpec, row: Record<string, unknown>, step: number): void {
  const column = editableColumn(sqlite, spec);
  const value =
    column.name.endsWith('_json') && !JSON_VALUES[`${spec.table}.${column.name}`]
      ? JSON.stringify({ edited: step })
      : column.type === 'integer' || column.type === 'real'
        ? step
        : column.type === 'blob'
          ? Buffer.from([step % 256])
          : column.name.endsWith('_json')
            ? row[column.name]
            : `edited ${step}`;
  sqlite.prepare(`UPDATE ${spec.table} SET ${column.name} = @value WHERE ${keyWhere(spec)}`).run({ ...keyOf(spec, row), value });
}

/** What waits longest before it enters the feed (roll-ups): after this, every change made before is in it. */
const LONGEST_FEED_DELAY_MS = Math.max(...REPLICATED_TABLES.map((spec) => spec.deferred?.ms ?? 0));

/**
 * Catches a replica up in pages of `limit`, as a console would, once the changes made so far that
 * wait before entering the feed are in it (the clock moved past their delay); returns how many pages it took.
 */
function catchUp(clock: FakeClock, feed: ChangeFeed, replica: Replica, limit = 1000): number {
  clock.advance(LONGEST_FEED_DELAY_MS);
  feed.releaseDeferred();
  let pages = 0;
  for (;;) {
    const answer = feed.changesSince(replica.appliedSeq(), limit);
    if (answer.kind === 'snapshot-needed') throw new Error('snapshot needed');
    const outcome = replica.apply(answer);
    expect(outcome.kind === 'applied' || outcome.kind === 'already-applied').toBe(true);
    pages += 1;
    if (!answer.more) return pages;
  }
}

/** A whole snapshot, page by page, with `between` run on the hub between pages (writes that go on meanwhile). */
function takeSnapshot(feed: ChangeFeed, replica: Replica, hubId: string, pageRows = 500, between: () => void = () => {}): void {
  const asOfSeq = feed.head();
  replica.beginSnapshot(hubId, asOfSeq);
  let cursor: SnapshotCursor | null = null;
  do {
    const page = feed.snapshotPage(cursor, asOfSeq, pageRows);
    replica.applySnapshotPage(page);
    cursor = page.next;
    between();
  } while (cursor);
  replica.finishSnapshot();
}

function setUp(options: { tombstoneRetentionMs?: number } = {}) {
  const clock = new FakeClock();
  const hub = freshDatabase();
  const feed = createChangeFeed(hub, { clock, ...options });
  const replicaDb = freshDatabase();
  const replica = createReplica(replicaDb, { clock });
  takeSnapshot(feed, replica, 'hub-1');
  return { clock, hub, feed, replicaDb, replica };
}

function insertEverywhere(hub: Database.Database, seeds: readonly number[], now: number): void {
  for (const seed of seeds) for (const spec of REPLICATED_TABLES) insertRow(hub, spec.table, rowFor(hub, spec.table, seed, now));
}

/** Compacted, the feed holds one entry per row, and change_feed_keys names exactly those entries. */
function expectCompacted(hub: Database.Database): void {
  const through = Number(
    (hub.prepare(`SELECT value FROM meta WHERE key = 'change_feed_compacted_through'`).get() as { value: string }).value,
  );
  const entries = hub.prepare(`SELECT table_name, row_key, seq FROM change_feed WHERE seq <= ? ORDER BY seq`).all(through) as {
    table_name: string;
    row_key: string;
  }[];
  expect(hub.prepare(`SELECT table_name, row_key, seq FROM change_feed_keys WHERE seq <= ? ORDER BY seq`).all(through)).toEqual(entries);
  expect(new Set(entries.map((entry) => `${entry.table_name} ${entry.row_key}`)).size).toBe(entries.length);
}

function countRows(sqlite: Database.Database, table: string): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('change feed and replica', () => {
  it('decides for every table of the schema whether it travels: a new table is never replicated by default', () => {
    const sqlite = freshDatabase();
    const tables = sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'`,
      )
      .pluck()
      .all() as string[];
    const unclassified = tables.filter(
      (table) => !REPLICATED_TABLES.some((spec) => spec.table === table) && !Object.hasOwn(HUB_ONLY_TABLES, table),
    );
    expect(unclassified, 'classify these in core/replication/tables.ts: REPLICATED_TABLES or HUB_ONLY_TABLES').toEqual([]);
    for (const spec of REPLICATED_TABLES) expect(Object.hasOwn(HUB_ONLY_TABLES, spec.table), spec.table).toBe(false);
  });

  it('refuses a row that does not have exactly the columns that travel, or holds something no column can', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertRow(hub, 'sites', rowFor(hub, 'sites', 1, clock.now()));
    const good = feed.changesSince(replica.appliedSeq(), 10) as FeedChanges;
    const site = good.changes[0]?.row as Record<string, unknown>;
    const { name: _name, ...withoutName } = site;
    for (const row of [withoutName, { ...site, extra: 1 }, { ...site, name: { nested: true } }, { ...site, maintenance: true }]) {
      expect(() => replica.apply({ ...good, changes: [{ ...(good.changes[0] as FeedChange), row }] })).toThrow(/A replicated sites row/);
    }
    expect(countRows(replicaDb, 'sites')).toBe(0);
    expect(
      replica.apply({ ...good, changes: [...good.changes, { seq: good.toSeq, table: 'from_a_newer_hub', key: '[1]', row: { a: 1 } }] }),
    ).toMatchObject({
      kind: 'applied',
    });
    expect(countRows(replicaDb, 'sites')).toBe(1);
  });

  it("brings every replicated table's inserts, updates and deletes to a replica, whose checksums then equal the hub's", () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    const insertedAt = clock.now();
    insertEverywhere(hub, [1, 2, 3], insertedAt);
    catchUp(clock, feed, replica, 7);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
    for (const spec of REPLICATED_TABLES) expect(countRows(replicaDb, spec.table), spec.table).toBe(3);

    for (const spec of REPLICATED_TABLES) editRow(hub, spec, rowFor(hub, spec.table, 1, insertedAt), 42);
    clock.advance(LONGEST_FEED_DELAY_MS);
    feed.releaseDeferred();
    const afterEdits = feed.changesSince(replica.appliedSeq(), 1000);
    expect(afterEdits.kind === 'changes' && afterEdits.changes.map((c) => c.table).sort()).toEqual(
      REPLICATED_TABLES.map((spec) => spec.table).sort(),
    );
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());

    for (const spec of [...REPLICATED_TABLES].reverse())
      hub.prepare(`DELETE FROM ${spec.table} WHERE ${keyWhere(spec)}`).run(keyOf(spec, rowFor(hub, spec.table, 2, insertedAt)));
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
    for (const spec of REPLICATED_TABLES) expect(countRows(replicaDb, spec.table), spec.table).toBe(2);
  });

  it('records nothing for an update that changes no travelling column, and a tombstone for the old key when a key changes', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    const head = feed.head();
    hub.prepare(`UPDATE users SET password_hash = 'argon2id-new', totp_last_step = 9 WHERE id = 'v1'`).run();
    hub.prepare(`UPDATE sites SET name = name WHERE id = 'v1'`).run();
    expect(feed.head()).toBe(head);

    hub.prepare(`UPDATE sop_templates SET version = version + 1 WHERE slug = 'v1'`).run();
    const answer = feed.changesSince(head, 100) as FeedChanges;
    expect(answer.changes.map((c) => c.row === null)).toEqual([true, false]);
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('never lets a secret leave the hub: password hashes, TOTP secrets, backup keys, channel and monitor credentials', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    const secrets = [
      'argon2id$SECRET-HASH',
      'TOTPSECRETBASE32',
      'PENDINGTOTPSECRET',
      'KEYHEX-SECRET',
      'KDF-SECRET-SALT',
      'RETIRED-KEY-SECRET',
    ];
    hub
      .prepare(`UPDATE users SET password_hash = ?, totp_secret = ?, totp_pending_secret = ? WHERE id = 'v1'`)
      .run(secrets[0], secrets[1], secrets[2]);
    hub
      .prepare(`UPDATE backup_jobs SET key_hex = ?, kdf_json = ?, retired_keys_json = ? WHERE id = 'v1'`)
      .run(secrets[3], JSON.stringify({ salt: secrets[4] }), JSON.stringify([{ keyHex: secrets[5] }]));
    const alsoSecret = ['hunter1', 'Bearer tok1', 'webhook-signing-secret-1', 'key-1', 'xoxb1secretpath'];

    const travelled = JSON.stringify([
      feed.changesSince(replica.appliedSeq(), 5000),
      feed.snapshotPage({ table: 'users', afterKey: null }, feed.head(), 100),
    ]);
    for (const secret of [...secrets, ...alsoSecret]) expect(travelled).not.toContain(secret);
    catchUp(clock, feed, replica);
    const user = replicaDb.prepare(`SELECT password_hash, totp_secret, totp_pending_secret FROM users WHERE id = 'v1'`).get();
    // Whether a person has two-factor sign-in travels; the secret does not, and nothing here ever verifies.
    expect(user).toEqual({ password_hash: '!replica', totp_secret: '!replica', totp_pending_secret: null });
    const channel = JSON.parse(
      (replicaDb.prepare(`SELECT config_json FROM channels WHERE id = 'v1'`).get() as { config_json: string }).config_json,
    );
    expect(channel).toMatchObject({ kind: 'webhook', secret: '\u2022'.repeat(16), headers: { 'X-Api-Key': '\u2022'.repeat(16) } });
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it("masks the newer channel kinds' keys and webhook addresses before they travel", () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    const configs = [
      { kind: 'slack', url: 'https://hooks.slack.com/services/T0SLACK/B0SLACK/SLACKSECRET', consoleUrl: null, timeoutSeconds: 5 },
      {
        kind: 'pagerduty',
        routingKey: 'PDROUTINGKEY',
        eventsUrl: 'https://events.pagerduty.com/v2/enqueue',
        consoleUrl: null,
        timeoutSeconds: 5,
      },
      { kind: 'opsgenie', apiKey: 'OGAPIKEY', apiUrl: 'https://api.opsgenie.com', timeoutSeconds: 5 },
      {
        kind: 'sms',
        url: 'https://sms.example/send?api_key=SMSKEY',
        method: 'POST',
        contentType: 'text/plain',
        bodyTemplate: '{{to}} {{text}}',
        recipients: ['+4915112345678'],
        headers: { Authorization: 'Basic SMSAUTH' },
        timeoutSeconds: 5,
      },
    ];
    for (const config of configs) {
      hub.prepare(`UPDATE channels SET config_json = ? WHERE id = 'v1'`).run(JSON.stringify(config));
      const travelled = JSON.stringify(feed.changesSince(replica.appliedSeq(), 5000));
      for (const secret of ['SLACKSECRET', 'B0SLACK', 'PDROUTINGKEY', 'OGAPIKEY', 'SMSKEY', 'SMSAUTH'])
        expect(travelled).not.toContain(secret);
      catchUp(clock, feed, replica);
      const channel = JSON.parse(
        (replicaDb.prepare(`SELECT config_json FROM channels WHERE id = 'v1'`).get() as { config_json: string }).config_json,
      ) as Record<string, unknown>;
      expect(channel.kind).toBe(config.kind);
    }
  });

  it('carries a roll-up histogram (a blob) through JSON unchanged', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    const hist = randomBytes(300);
    hub.prepare(`UPDATE rollup_hour SET hist = ? WHERE monitor_id = 'v1'`).run(hist);
    clock.advance(ROLLUP_FEED_DELAY_MS);
    feed.releaseDeferred();
    const answer = JSON.parse(JSON.stringify(feed.changesSince(replica.appliedSeq(), 5000))) as FeedChanges;
    expect(replica.apply(answer).kind).toBe('applied');
    expect((replicaDb.prepare(`SELECT hist FROM rollup_hour WHERE monitor_id = 'v1'`).get() as { hist: Buffer }).hist.equals(hist)).toBe(
      true,
    );
  });

  it('refuses a gap, writes nothing for a repeated page, and applies an overlapping one', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    const first = feed.changesSince(replica.appliedSeq(), 3) as FeedChanges;
    const second = feed.changesSince(first.toSeq, 3) as FeedChanges;
    expect(replica.apply(second)).toEqual({ kind: 'gap', appliedSeq: first.fromSeq, fromSeq: first.toSeq });
    expect(countRows(replicaDb, 'sites') + countRows(replicaDb, 'monitors') + countRows(replicaDb, 'monitor_state')).toBe(0);
    expect(replica.apply(first)).toMatchObject({ kind: 'applied', appliedSeq: first.toSeq });
    expect(replica.apply(first)).toEqual({ kind: 'already-applied', appliedSeq: first.toSeq });
    expect(replica.apply(second)).toMatchObject({ kind: 'applied', appliedSeq: second.toSeq });
    const overlapping = feed.changesSince(first.fromSeq, 9) as FeedChanges;
    expect(overlapping.toSeq).toBeGreaterThan(second.toSeq);
    expect(replica.apply(overlapping)).toMatchObject({ kind: 'applied', appliedSeq: overlapping.toSeq });
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('keeps nothing of an apply that fails part-way: its seq stays where it was, as the replica says and as a restart reads it', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertRow(hub, 'sites', rowFor(hub, 'sites', 1, clock.now()));
    const first = feed.changesSince(replica.appliedSeq(), 10) as FeedChanges;
    expect(replica.apply(first)).toMatchObject({ kind: 'applied', appliedSeq: first.toSeq });
    insertRow(hub, 'sites', rowFor(hub, 'sites', 2, clock.now()));
    insertRow(hub, 'sites', rowFor(hub, 'sites', 3, clock.now()));
    const second = feed.changesSince(first.toSeq, 10) as FeedChanges;
    const [good, damaged] = second.changes as [FeedChange, FeedChange];
    expect(() => replica.apply({ ...second, changes: [good, { ...damaged, row: { ...damaged.row, extra: 1 } }] })).toThrow(
      /A replicated sites row/,
    );
    expect(replica.appliedSeq()).toBe(first.toSeq);
    expect(createReplica(replicaDb, { clock }).appliedSeq()).toBe(first.toSeq);
    expect(countRows(replicaDb, 'sites')).toBe(1);
    expect(replica.apply(second)).toMatchObject({ kind: 'applied', appliedSeq: second.toSeq });
    expect(replica.appliedSeq()).toBe(second.toSeq);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it("rewrites a monitor whole without losing its state, and takes a site's monitors before the site", () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    hub.prepare(`UPDATE monitors SET name = 'Gate, renamed' WHERE id = 'v1'`).run();
    // A site changed again after its monitor was made: compacted, the site's entry comes after the monitor's.
    insertRow(hub, 'sites', rowFor(hub, 'sites', 2, clock.now()));
    insertRow(hub, 'monitors', rowFor(hub, 'monitors', 2, clock.now()));
    hub.prepare(`UPDATE sites SET name = 'Depot, renamed' WHERE id = 'v2'`).run();
    feed.prune();
    const page = feed.changesSince(replica.appliedSeq(), 100) as FeedChanges;
    expect(page.changes.map((change) => change.table).filter((table) => table !== 'monitor_state')).toEqual([
      'monitors',
      'monitors',
      'sites',
    ]);
    catchUp(clock, feed, replica);
    expect(replicaDb.prepare(`SELECT name FROM monitors WHERE id = 'v1'`).pluck().get()).toBe('Gate, renamed');
    expect(replicaDb.prepare(`SELECT count(*) FROM monitor_state WHERE monitor_id = 'v1'`).pluck().get()).toBe(1);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('tells a replica away longer than the tombstones are kept to take a snapshot, after which it converges', () => {
    const { clock, hub, feed, replica } = setUp({ tombstoneRetentionMs: HOUR });
    insertEverywhere(hub, [1, 2], clock.now());
    catchUp(clock, feed, replica);
    const away = replica.appliedSeq();
    const floor = feed.oldest();
    hub.prepare(`DELETE FROM alerts WHERE id = 'v1'`).run();
    hub.prepare(`UPDATE sites SET name = 'after the delete' WHERE id = 'v2'`).run();
    feed.prune();
    clock.advance(30 * 60 * 1000);
    feed.prune();
    expect(feed.oldest()).toBe(floor);
    expect(feed.changesSince(away, 100).kind).toBe('changes');

    clock.advance(31 * 60 * 1000);
    feed.prune();
    expect(feed.oldest()).toBeGreaterThan(away);
    expect(feed.changesSince(away, 100)).toEqual({ kind: 'snapshot-needed', oldest: feed.oldest(), head: feed.head() });
    takeSnapshot(feed, replica, 'hub-1', 3);
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('converges after a snapshot taken while the hub keeps writing, inserting, editing and deleting', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1, 2, 3, 4], clock.now());
    const replicaDb = freshDatabase();
    const late = createReplica(replicaDb, { clock });
    let step = 0;
    takeSnapshot(feed, late, 'hub-1', 2, () => {
      step += 1;
      const spec = REPLICATED_TABLES[step % REPLICATED_TABLES.length] as ReplicatedTableSpec;
      editRow(hub, spec, rowFor(hub, spec.table, 1 + (step % 4), clock.now()), step);
      if (step === 5) hub.prepare(`DELETE FROM incidents WHERE id = 'v2'`).run();
      if (step === 9) insertRow(hub, 'sites', rowFor(hub, 'sites', 99, clock.now()));
    });
    expect(late.tableChecksums()).not.toEqual(feed.tableChecksums());
    catchUp(clock, feed, late);
    catchUp(clock, feed, replica);
    expect(late.tableChecksums()).toEqual(feed.tableChecksums());
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('holds the last 7 days of the audit log and 30 days of roll-ups: older rows are neither sent nor kept', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    insertRow(hub, 'audit_log', { ...rowFor(hub, 'audit_log', 2, clock.now()), seq: 2, at: clock.now() - 8 * DAY });
    catchUp(clock, feed, replica);
    expect(countRows(replicaDb, 'audit_log')).toBe(1);
    clock.advance(7 * DAY);
    hub.prepare(`UPDATE sites SET name = 'later' WHERE id = 'v1'`).run();
    catchUp(clock, feed, replica);
    expect(countRows(replicaDb, 'audit_log')).toBe(0);
    expect(countRows(replicaDb, 'rollup_day')).toBe(1);
    clock.advance(24 * DAY);
    takeSnapshot(feed, replica, 'hub-1');
    expect(countRows(replicaDb, 'rollup_day')).toBe(0);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('drops the entries of rows that left their window, oldest first, without sending any replica to a snapshot', () => {
    const { clock, hub, feed, replica } = setUp();
    const auditEntry = (seq: number, at: number) => insertRow(hub, 'audit_log', { ...rowFor(hub, 'audit_log', seq, clock.now()), seq, at });
    auditEntry(1, clock.now() - 8 * DAY);
    auditEntry(2, clock.now() - 6 * DAY);
    auditEntry(3, clock.now());
    catchUp(clock, feed, replica);
    const auditEntries = () => hub.prepare(`SELECT row_key FROM change_feed WHERE table_name = 'audit_log' ORDER BY seq`).pluck().all();
    const floor = feed.oldest();
    feed.prune();
    expect(auditEntries()).toEqual(['[2]', '[3]']);
    clock.advance(2 * DAY);
    feed.prune();
    expect(auditEntries()).toEqual(['[3]']);
    expect(feed.oldest()).toBe(floor);
    expectCompacted(hub);
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('keeps the highest entry even when its row is past the window: the next seq is allocated after it', () => {
    const { clock, hub, feed } = setUp();
    insertRow(hub, 'audit_log', { ...rowFor(hub, 'audit_log', 1, clock.now()), seq: 1, at: clock.now() - 30 * DAY });
    const head = feed.head();
    feed.prune();
    expect(feed.head()).toBe(head);
  });

  it('keeps the highest entry even when it is a tombstone older than the retention', () => {
    const { clock, hub, feed } = setUp({ tombstoneRetentionMs: HOUR });
    insertRow(hub, 'sites', rowFor(hub, 'sites', 1, clock.now()));
    hub.prepare(`DELETE FROM sites WHERE id = 'v1'`).run();
    const head = feed.head();
    feed.prune();
    clock.advance(2 * HOUR);
    feed.prune();
    expect(feed.head()).toBe(head);
  });

  it('follows one hub only: a new snapshot replaces everything, and an unfinished one leaves the replica following none', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    expect(replica.hubId()).toBe('hub-1');
    replica.beginSnapshot('hub-2', 0);
    expect(replica.hubId()).toBeNull();
    expect(replica.appliedSeq()).toBe(0);
    expect(countRows(replicaDb, 'sites')).toBe(0);
    expect(replica.apply(feed.changesSince(feed.oldest(), 10) as FeedChanges)).toEqual({ kind: 'no-hub' });
    expect(() => replica.applySnapshotPage({ asOfSeq: 5, table: 'sites', rows: [], next: null })).toThrow(/as of seq 5/);
  });

  it('keeps a replica readable while it takes a new snapshot of the same hub, and drops what the hub no longer has', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1, 2, 3, 4, 5], clock.now());
    catchUp(clock, feed, replica);
    insertRow(hub, 'sites', rowFor(hub, 'sites', 9, clock.now()));
    hub.prepare(`DELETE FROM silences WHERE id IN ('v2', 'v5')`).run();
    hub.prepare(`DELETE FROM alert_events`).run();

    const asOfSeq = feed.head();
    replica.beginSnapshot('hub-1', asOfSeq);
    expect(countRows(replicaDb, 'silences')).toBe(5);
    const first = feed.snapshotPage(null, asOfSeq, 2);
    expect(() => replica.applySnapshotPage(feed.snapshotPage({ table: 'monitors', afterKey: null }, asOfSeq, 2))).toThrow(/out of order/);
    replica.applySnapshotPage(first);
    expect(() => replica.finishSnapshot()).toThrow(/not complete/);
    let cursor = first.next;
    while (cursor) {
      const page = feed.snapshotPage(cursor, asOfSeq, 2);
      replica.applySnapshotPage(page);
      cursor = page.next;
      // Never emptier than before: every site it held stays readable at every page (v9 joins when its page comes).
      expect(countRows(replicaDb, 'sites')).toBeGreaterThanOrEqual(5);
    }
    replica.finishSnapshot();
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
    expect(countRows(replicaDb, 'sites')).toBe(6);
    expect(countRows(replicaDb, 'silences')).toBe(3);
    expect(countRows(replicaDb, 'alert_events')).toBe(0);
  });

  it('ends a page early when its rows are large, so no message grows much past 1 MiB', () => {
    const { clock, hub, feed, replica } = setUp();
    for (let seed = 1; seed <= 8; seed += 1)
      insertRow(hub, 'sites', { ...rowFor(hub, 'sites', seed, clock.now()), address: 'x'.repeat(300_000) });
    const late = createReplica(freshDatabase(), { clock });
    const sizes: number[] = [];
    const asOfSeq = feed.head();
    late.beginSnapshot('hub-1', asOfSeq);
    let cursor: SnapshotCursor | null = null;
    do {
      const page = feed.snapshotPage(cursor, asOfSeq, 5000);
      if (page.table === 'sites') sizes.push(JSON.stringify(page).length);
      late.applySnapshotPage(page);
      cursor = page.next;
    } while (cursor);
    late.finishSnapshot();
    const pages = catchUp(clock, feed, replica, 5000);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeLessThan(1.5 * 1024 * 1024);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
    expect(late.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('starts a snapshot over after a restart in the middle of one, and converges', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1, 2, 3], clock.now());
    catchUp(clock, feed, replica);
    hub.prepare(`DELETE FROM alert_rules WHERE id = 'v3'`).run();
    const asOfSeq = feed.head();
    replica.beginSnapshot('hub-1', asOfSeq);
    let cursor: SnapshotCursor | null = null;
    for (let page = 0; page < 5; page += 1) {
      const answer = feed.snapshotPage(cursor, asOfSeq, 2);
      replica.applySnapshotPage(answer);
      cursor = answer.next;
    }
    // The console restarts: its replica follows no hub, so it begins again; what it held stays readable.
    const restarted = createReplica(replicaDb, { clock });
    expect(restarted.hubId()).toBeNull();
    insertRow(hub, 'sites', rowFor(hub, 'sites', 7, clock.now()));
    takeSnapshot(feed, restarted, 'hub-1', 2);
    catchUp(clock, feed, restarted);
    expect(restarted.tableChecksums()).toEqual(feed.tableChecksums());
    expect(countRows(replicaDb, 'alert_rules')).toBe(2);
  });

  it('compacts the feed to one entry per row, and a replica part-way through still converges', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1, 2], clock.now());
    catchUp(clock, feed, replica, 5);
    const midway = createReplica(freshDatabase(), { clock });
    takeSnapshot(feed, midway, 'hub-1');
    for (let step = 1; step <= 30; step += 1) {
      const spec = REPLICATED_TABLES[step % 3] as ReplicatedTableSpec;
      editRow(hub, spec, rowFor(hub, spec.table, 1 + (step % 2), clock.now()), step);
    }
    hub.prepare(`DELETE FROM silences WHERE id = 'v1'`).run();
    const page = feed.changesSince(midway.appliedSeq(), 20) as FeedChanges;
    expect(midway.apply(page).kind).toBe('applied');
    const entries = () => (hub.prepare(`SELECT count(*) AS n FROM change_feed`).get() as { n: number }).n;
    const before = entries();
    feed.prune();
    // Sites, monitors and states of seeds 1 and 2 had many entries each; now one, and every other row (the gone silence too) keeps its one.
    expect(entries()).toBeLessThan(before - 20);
    expectCompacted(hub);
    catchUp(clock, feed, midway, 4);
    catchUp(clock, feed, replica, 4);
    expect(midway.tableChecksums()).toEqual(feed.tableChecksums());
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it("feeds a monitor's check time and latency at most a minute late, once however often they changed, and at once with its status", () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    const head = feed.head();
    const check = hub.prepare(
      `UPDATE monitor_state SET last_check_at = ?, last_latency_ms = ?, consecutive_successes = ? WHERE monitor_id = 'v1'`,
    );
    const onReplica = () => replicaDb.prepare(`SELECT status, last_check_at AS at, last_latency_ms AS ms FROM monitor_state`).get();
    for (let step = 1; step <= 4; step += 1) {
      check.run(clock.now(), 10 * step, step);
      clock.advance(10_000);
      expect(feed.releaseDeferred()).toBe(0);
    }
    expect(feed.head()).toBe(head);
    clock.advance(CHECK_FIELDS_FEED_DELAY_MS - 40_000);
    expect(feed.releaseDeferred()).toBe(1);
    const answer = feed.changesSince(head, 100) as FeedChanges;
    expect(answer.changes.map((change) => change.table)).toEqual(['monitor_state']);
    replica.apply(answer);
    expect(onReplica()).toMatchObject({ at: clock.now() - CHECK_FIELDS_FEED_DELAY_MS + 30_000, ms: 40 });

    // A status change goes at once, with the check that came with it; nothing of it is left waiting.
    check.run(clock.now(), 99, 5);
    hub
      .prepare(`UPDATE monitor_state SET status = 'down', last_check_at = ?, last_latency_ms = NULL WHERE monitor_id = 'v1'`)
      .run(clock.now() + 1);
    replica.apply(feed.changesSince(replica.appliedSeq(), 100) as FeedChanges);
    expect(onReplica()).toEqual({ status: 'down', at: clock.now() + 1, ms: null });
    clock.advance(CHECK_FIELDS_FEED_DELAY_MS);
    expect(feed.releaseDeferred()).toBe(0);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
  });

  it('feeds a roll-up rewritten at every flush at most once in five minutes, as it is then, and its deletion at once', () => {
    const { clock, hub, feed, replicaDb, replica } = setUp();
    const write = hub.prepare(
      `INSERT OR REPLACE INTO rollup_hour (monitor_id, bucket, count, up_count, latency_count, latency_sum) VALUES ('m1', ?, ?, ?, 0, 0)`,
    );
    const bucket = clock.now() - (clock.now() % HOUR);
    const head = feed.head();
    for (let flush = 1; flush <= 59; flush += 1) {
      write.run(bucket, flush, flush);
      clock.advance(5_000);
      expect(feed.releaseDeferred(), `flush ${flush}`).toBe(0);
    }
    write.run(bucket, 60, 59);
    clock.advance(5_000);
    // The first rewrite was noted five minutes ago: one entry, the row as the sixtieth flush left it.
    expect(feed.releaseDeferred()).toBe(1);
    const answer = feed.changesSince(head, 100) as FeedChanges;
    expect(answer.changes).toMatchObject([{ table: 'rollup_hour', row: { count: 60, up_count: 59 } }]);
    replica.apply(answer);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());

    write.run(bucket, 61, 60);
    hub.prepare(`DELETE FROM rollup_hour WHERE monitor_id = 'm1'`).run();
    replica.apply(feed.changesSince(replica.appliedSeq(), 100) as FeedChanges);
    expect(countRows(replicaDb, 'rollup_hour')).toBe(0);
    clock.advance(ROLLUP_FEED_DELAY_MS);
    expect(feed.releaseDeferred()).toBe(0);
  });

  it('keeps what waits to enter the feed across a hub restart, and releases it when due', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    hub.prepare(`UPDATE monitor_state SET last_latency_ms = 7 WHERE monitor_id = 'v1'`).run();
    clock.advance(CHECK_FIELDS_FEED_DELAY_MS / 2);
    const restarted = createChangeFeed(hub, { clock });
    expect(restarted.releaseDeferred()).toBe(0);
    clock.advance(CHECK_FIELDS_FEED_DELAY_MS / 2);
    expect(restarted.releaseDeferred()).toBe(1);
    catchUp(clock, restarted, replica);
    expect(replica.tableChecksums()).toEqual(restarted.tableChecksums());
  });

  it('sends a row changed many times within one page once, as it is now', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    for (let step = 1; step <= 5; step += 1) hub.prepare(`UPDATE sites SET name = ? WHERE id = 'v1'`).run(`name ${step}`);
    const answer = feed.changesSince(replica.appliedSeq(), 100) as FeedChanges;
    expect(answer.changes).toEqual([{ seq: feed.head(), table: 'sites', key: '["v1"]', row: expect.objectContaining({ name: 'name 5' }) }]);
    expect(answer.toSeq).toBe(feed.head());
  });

  it('starts a feed on a database that already holds rows so that a replica must begin with a snapshot', () => {
    const clock = new FakeClock();
    const hub = freshDatabase();
    insertEverywhere(hub, [1], clock.now());
    const feed = createChangeFeed(hub, { clock });
    expect(feed.changesSince(0, 100)).toEqual({ kind: 'snapshot-needed', oldest: 1, head: 1 });
    const replica = createReplica(freshDatabase(), { clock });
    takeSnapshot(feed, replica, 'hub-1');
    catchUp(clock, feed, replica);
    expect(replica.tableChecksums()).toEqual(feed.tableChecksums());
    expect(replica.tableChecksums().sites).toMatch(/^1:/);
  });

  it('sends every replica to a snapshot when the hub ran without its triggers, so none catches up across unrecorded writes', () => {
    const { clock, hub, feed, replica } = setUp();
    insertEverywhere(hub, [1], clock.now());
    catchUp(clock, feed, replica);
    // A hub database run embedded for a while (a table rebuilt by a migration loses its triggers alike).
    removeChangeFeedTriggers(hub);
    hub.prepare(`UPDATE sites SET name = 'renamed while nobody recorded it' WHERE id = 'v1'`).run();
    const restarted = createChangeFeed(hub, { clock });
    expect(restarted.changesSince(replica.appliedSeq(), 100)).toMatchObject({ kind: 'snapshot-needed' });
    takeSnapshot(restarted, replica, restarted.hubId());
    expect(replica.tableChecksums()).toEqual(restarted.tableChecksums());
  });

  it('installs its triggers once however often a hub starts, and keeps its hub id', () => {
    const clock = new FakeClock();
    const hub = freshDatabase();
    const first = createChangeFeed(hub, { clock });
    const head = first.head();
    expect(createChangeFeed(hub, { clock }).hubId()).toBe(first.hubId());
    // Nothing went unrecorded between the two starts: no new epoch, replicas keep catching up.
    expect(first.head()).toBe(head);
    expect(createChangeFeed(freshDatabase(), { clock }).hubId()).not.toBe(first.hubId());
    const triggers = hub.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feed%'`).get() as {
      n: number;
    };
    // Insert, update and delete, and for a table that defers some changes a second update trigger.
    expect(triggers.n).toBe(REPLICATED_TABLES.length * 3 + REPLICATED_TABLES.filter((spec) => spec.deferred).length);
  });

  /** A small seeded generator (mulberry32): the same seed, the same run. */
  function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it.each([11, 2026, 90210])(
    'converges through random writes, partial catch-ups, refused gaps, replays, pruning and snapshots (seed %i)',
    (seed) => {
      const random = seeded(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const { clock, hub, feed, replica } = setUp({ tombstoneRetentionMs: HOUR });
      const replicas = [replica, createReplica(freshDatabase(), { clock })];
      takeSnapshot(feed, replicas[1] as Replica, 'hub-1');
      const seen: FeedChanges[] = [];
      let nextSeed = 1;
      let edits = 0;
      insertEverywhere(hub, [nextSeed++, nextSeed++], clock.now());

      const randomRow = (spec: ReplicatedTableSpec): Record<string, unknown> | undefined => {
        const count = countRows(hub, spec.table);
        if (count === 0) return undefined;
        return hub
          .prepare(`SELECT * FROM ${spec.table} ORDER BY ${spec.keyColumns.join(', ')} LIMIT 1 OFFSET ?`)
          .get(Math.floor(random() * count)) as Record<string, unknown>;
      };

      for (let step = 1; step <= 250; step += 1) {
        const roll = random();
        const spec = pick(REPLICATED_TABLES);
        const target = pick(replicas);
        if (roll < 0.35) {
          const row = randomRow(spec);
          if (row) editRow(hub, spec, row, (edits += 1));
        } else if (roll < 0.45) {
          const row = randomRow(spec);
          // A site with monitors cannot go (restrict); a monitor takes its state with it (cascade, recorded by the state's own trigger).
          if (row && !(spec.table === 'sites' && countRows(hub, 'monitors') > 0))
            hub.prepare(`DELETE FROM ${spec.table} WHERE ${keyWhere(spec)}`).run(keyOf(spec, row));
        } else if (roll < 0.5) {
          insertEverywhere(hub, [nextSeed++], clock.now());
        } else if (roll < 0.53) {
          const row = randomRow(REPLICATED_TABLES.find((t) => t.table === 'sop_templates') as ReplicatedTableSpec);
          if (row)
            hub.prepare(`UPDATE sop_templates SET version = version + 1000 WHERE slug = ? AND version = ?`).run(row.slug, row.version);
        } else if (roll < 0.75) {
          const answer = feed.changesSince(target.appliedSeq(), 1 + Math.floor(random() * 8));
          if (answer.kind === 'snapshot-needed') takeSnapshot(feed, target, 'hub-1', 1 + Math.floor(random() * 5));
          else {
            expect(target.apply(answer).kind).toBe(answer.toSeq > answer.fromSeq ? 'applied' : 'already-applied');
            seen.push(answer);
          }
        } else if (roll < 0.82) {
          const old = seen.length > 0 ? pick(seen) : undefined;
          const applied = target.appliedSeq();
          // An old page is either in already, or (overlapping what was applied) safe to apply again; a gap only when it is one.
          if (old)
            expect(target.apply(old).kind).toBe(old.fromSeq > applied ? 'gap' : old.toSeq <= applied ? 'already-applied' : 'applied');
        } else if (roll < 0.87) {
          const ahead = feed.changesSince(Math.min(feed.head(), target.appliedSeq() + 1), 5);
          if (ahead.kind === 'changes' && ahead.fromSeq > target.appliedSeq()) expect(target.apply(ahead).kind).toBe('gap');
        } else if (roll < 0.95) {
          clock.advance(Math.floor(random() * 20 * 60 * 1000));
          feed.releaseDeferred();
          feed.prune();
        } else {
          takeSnapshot(feed, target, 'hub-1', 1 + Math.floor(random() * 6), () => {
            const row = randomRow(spec);
            if (row) editRow(hub, spec, row, (edits += 1));
          });
        }
      }
      feed.prune();
      expectCompacted(hub);
      for (const each of replicas) {
        if (feed.changesSince(each.appliedSeq(), 1).kind === 'snapshot-needed') takeSnapshot(feed, each, 'hub-1');
        catchUp(clock, feed, each, 7);
        expect(each.tableChecksums()).toEqual(feed.tableChecksums());
      }
    },
  );
});
