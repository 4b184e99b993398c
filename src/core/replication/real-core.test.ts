import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { seatAt, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Envelope, Site } from '../../shared/contract';
import type { SnapshotCursor, SnapshotPage } from '../../shared/contract/hub';
import { openDatabase } from '../db';
import { LOCAL_OPERATOR } from '../service';
import { createChangeFeed, createReplica, type ChangeFeed, type Replica } from './index';

const tempDir = useTempDirs();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close();
});

const SECRETS = ['hunter2', 'Bearer cam-token-77', 'sign-with-this-secret', 'api-key-4411', 'T000/B000', 'smtp-Pa55word'];

/** Brings the replica up to date as a console would, every message through JSON; returns what travelled. */
function syncReplica(feed: ChangeFeed, replica: Replica): string {
  const travelled: string[] = [];
  const wire = <T>(message: T): T => {
    const json = JSON.stringify(message);
    travelled.push(json);
    return JSON.parse(json) as T;
  };
  if (replica.hubId() === null || feed.changesSince(replica.appliedSeq(), 1).kind === 'snapshot-needed') {
    const asOfSeq = feed.head();
    replica.beginSnapshot(feed.hubId(), asOfSeq);
    let cursor: SnapshotCursor | null = null;
    do {
      const page: SnapshotPage = wire(feed.snapshotPage(cursor, asOfSeq, 50));
      replica.applySnapshotPage(page);
      cursor = page.next;
    } while (cursor);
    replica.finishSnapshot();
  }
  for (;;) {
    const answer = wire(feed.changesSince(replica.appliedSeq(), 50));
    if (answer.kind !== 'changes') throw new Error('snapshot needed while catching up');
    replica.apply(answer);
    if (!answer.more) return travelled.join('\n');
  }
}

describe('a replica of a real hub core', () => {
  it("answers a console core's own queries exactly as the hub answers them, and signs nobody in by itself", async () => {
    const clock = new FakeClock();
    const hub = await startPeopleCore(tempDir(), { clock });
    closers.push(() => hub.core.close());
    const feed = createChangeFeed(hub.core.store.sqlite, { clock });
    const ada = hub.adminDesk;
    const site = await ada.value<Site>('sites.create', { name: 'Depot North' });
    await ada.value('monitors.create', {
      siteId: site.id,
      name: 'Gate camera',
      probe: { kind: 'http', url: 'https://ops:hunter2@cam.example/health', headers: { Authorization: 'Bearer cam-token-77' } },
      intervalSeconds: 60,
    });
    await ada.value('channels.create', {
      name: 'Night hook',
      config: {
        kind: 'webhook',
        url: 'https://hooks.example/services/T000/B000/XXXX',
        secret: 'sign-with-this-secret',
        headers: { 'X-Api-Key': 'api-key-4411' },
      },
    });
    await ada.value('channels.create', {
      name: 'Night desk',
      config: {
        kind: 'email',
        host: 'smtp.example',
        username: 'watchroom',
        password: 'smtp-Pa55word',
        from: 'watchroom@example.com',
        to: ['desk@example.com'],
      },
    });
    await hub.person('night.op', 'operator', 'Night operator');
    // A refused command rolls back with its feed entries (the triggers write in the dispatcher's transaction); its audit entry stays.
    const before = feed.head();
    expect(await ada.call('sites.delete', { id: site.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const afterRefusal = feed.changesSince(before, 100);
    expect(afterRefusal.kind === 'changes' && afterRefusal.changes.map((change) => change.table)).toEqual(['audit_log']);

    const consoleDir = join(tempDir(), 'console');
    const consoleKey = randomBytes(32);
    mkdirSync(consoleDir);
    // The file a core opens in its data folder (core/app's DATABASE_FILE_NAME, which a foundation may not import).
    const replicaStore = openDatabase(join(consoleDir, 'watchroom.db'), consoleKey);
    const snapshot = syncReplica(feed, createReplica(replicaStore.sqlite, { clock }));
    await ada.value('sites.update', { id: site.id, site: { name: 'Depot North (gate 2)' } });
    const travelled = snapshot + syncReplica(feed, createReplica(replicaStore.sqlite, { clock }));
    expect(travelled).toContain('Night desk');
    expect(travelled).toContain('Depot North (gate 2)');
    replicaStore.close();
    for (const secret of SECRETS) expect(travelled).not.toContain(secret);

    // The console's core reads the replica with the same handlers as any core.
    const onConsole = startTestCore(consoleDir, { key: consoleKey, clock, sopFolder: null });
    closers.push(() => onConsole.core.close());
    for (const [method, input] of [
      ['sites.list', undefined],
      ['channels.list', undefined],
      ['users.list', undefined],
      ['rules.list', undefined],
      ['escalation.list', undefined],
      ['silences.list', undefined],
    ] as const) {
      const onHub = await hub.core.dispatcher.call(method, input, { actor: LOCAL_OPERATOR });
      expect(onHub.ok, method).toBe(true);
      expect(await onConsole.call(method, input), method).toEqual(onHub);
    }
    const board = (await onConsole.call('board.snapshot')) as Envelope<{ monitors: { name: string; probe: { url: string } }[] }>;
    expect(JSON.stringify(board)).toContain('Gate camera');
    for (const secret of SECRETS) expect(JSON.stringify(board)).not.toContain(secret);

    const desk = seatAt(onConsole.core, 'console-desk');
    expect(await desk.signIn('ada', 'ada keeps the keys')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Wrong username or password' },
    });
  });
});

describe('a retired monitor on a console of a hub (issue 15)', () => {
  it('is retired on the console too: off its board, listed under Retired as on the hub, and back when the hub restores it', async () => {
    const clock = new FakeClock();
    const hub = startTestCore(tempDir(), { clock, sopFolder: null });
    closers.push(() => hub.core.close());
    const feed = createChangeFeed(hub.core.store.sqlite, { clock });
    const value = async <T>(core: typeof hub, method: string, input?: unknown): Promise<T> => {
      const envelope = (await core.call(method, input)) as Envelope<T>;
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value;
    };
    const site = await value<Site>(hub, 'sites.create', { name: 'Depot North' });
    const gate = await value<{ id: string }>(hub, 'monitors.create', { siteId: site.id, name: 'Gate', probe: { kind: 'manual' } });
    await value(hub, 'monitors.create', { siteId: site.id, name: 'Barrier', probe: { kind: 'manual' } });
    await value(hub, 'monitors.delete', { id: gate.id });

    const consoleDir = join(tempDir(), 'console');
    const consoleKey = randomBytes(32);
    mkdirSync(consoleDir);
    const replica = () => {
      const store = openDatabase(join(consoleDir, 'watchroom.db'), consoleKey);
      syncReplica(feed, createReplica(store.sqlite, { clock }));
      store.close();
      return startTestCore(consoleDir, { key: consoleKey, clock, sopFolder: null });
    };
    const boardNames = async (core: typeof hub) =>
      (await value<{ monitors: { name: string }[] }>(core, 'board.snapshot')).monitors.map((m) => m.name).sort();

    const onConsole = replica();
    expect(await boardNames(onConsole)).toEqual(['Barrier']);
    const retiredOnHub = await value<unknown[]>(hub, 'monitors.retired');
    expect(retiredOnHub).toMatchObject([{ name: 'Gate', retiredBy: 'Local operator' }]);
    expect(await value(onConsole, 'monitors.retired')).toEqual(retiredOnHub);
    onConsole.core.close();

    await value(hub, 'monitors.restore', { id: gate.id });
    const afterRestore = replica();
    closers.push(() => afterRestore.core.close());
    expect(await boardNames(afterRestore)).toEqual(['Barrier', 'Gate']);
    expect(await value(afterRestore, 'monitors.retired')).toEqual([]);
  });
});

describe('a database that once served as a hub, started as a console', () => {
  it('drops the feed triggers, so its writes no longer grow a feed nobody prunes', async () => {
    const dataDir = tempDir();
    const hub = startTestCore(dataDir);
    createChangeFeed(hub.core.store.sqlite, { clock: hub.clock });
    const feedSize = (sqlite: typeof hub.core.store.sqlite) => sqlite.prepare('SELECT count(*) FROM change_feed').pluck().get() as number;
    await hub.call('sites.create', { name: 'North gate' });
    expect(feedSize(hub.core.store.sqlite)).toBeGreaterThan(0);
    hub.core.close();

    const embedded = startTestCore(dataDir, { key: hub.key });
    closers.push(() => embedded.core.close());
    const before = feedSize(embedded.core.store.sqlite);
    expect((await embedded.call('sites.create', { name: 'South gate' })).ok).toBe(true);
    expect(feedSize(embedded.core.store.sqlite)).toBe(before);
    const triggers = embedded.core.store.sqlite
      .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feed%'`)
      .pluck()
      .get();
    expect(triggers).toBe(0);
  });
});
