import { randomUUID } from 'node:crypto';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startPeopleCore, ADMIN, passwordOf } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import {
  HUB_MESSAGES,
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  type FeedChanges,
  type HubCallAnswer,
  type HubCommandAnswer,
  type HubEvent,
  type HubHello,
  type MethodName,
  type Monitor,
  type RegisteredSeat,
  type Seat,
  type SnapshotPage,
} from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { LOCAL_OPERATOR } from '../service';
import { createChangeFeed } from '../replication';
import { createHubPresence, createHubServer, HUB_PING_INTERVAL_MS, HUB_PING_TIMEOUT_MS } from './hub-server';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One certificate for the whole file: making one is the slow part. */
const tls = generate([{ name: 'commonName', value: 'hub test' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });

/** A real hub on loopback, TLS and all, over a real core on a fake clock (the push timer runs on it too). */
async function startHub(options: { pushIntervalMs?: number } = {}) {
  const presence = createHubPresence();
  const people = await startPeopleCore(tempDir(), { seatPresence: presence });
  const { core, clock } = people;
  const feed = createChangeFeed(core.store.sqlite, { clock });
  const certificate = await tls;
  const hub = createHubServer({
    dispatcher: core.dispatcher,
    seats: core.seats,
    feed,
    actorFor: core.people.actorFor,
    vouchedActorFor: core.people.vouchedActor,
    presence,
    heartbeatRoute: core.monitoring.heartbeatRoute,
    opsRoute: core.opsRoute,
    recordAudit: (entry) => core.recordAudit(entry),
    tls: { key: certificate.private, cert: certificate.cert },
    clock,
    timers: clock,
    logger: createSilentLogger(),
    ...options,
  });
  await new Promise<void>((resolve) => hub.https.listen(0, '127.0.0.1', resolve));
  const port = (hub.https.address() as AddressInfo).port;
  cleanups.push(async () => {
    await hub.close();
    core.close();
  });
  const register = (name: string) => people.adminDesk.value<RegisteredSeat>('seats.register', { name });
  return { ...people, feed, hub, port, register };
}
type Hub = Awaited<ReturnType<typeof startHub>>;

function consoleSocket(hub: Hub, auth: unknown): Socket {
  const socket = connect(`https://127.0.0.1:${hub.port}${HUB_NAMESPACE}`, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    // The console pins the fingerprint instead (part "console"); the hub's side is what is tested here.
    rejectUnauthorized: false,
  });
  cleanups.push(() => void socket.close());
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** The hub's refusal of a handshake: its words, and the reason it gives programs beside them. */
function refusedWith(socket: Socket): Promise<{ message: string; data: unknown }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the hub let the console in')));
    socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ message: error.message, data: error.data }));
  });
}

const refusal = async (socket: Socket): Promise<string> => (await refusedWith(socket)).message;

async function seatSocket(hub: Hub, seat: RegisteredSeat): Promise<Socket> {
  const socket = consoleSocket(hub, { protocol: HUB_PROTOCOL_VERSION, seatId: seat.seatId, credential: seat.credential });
  await connected(socket);
  return socket;
}

const ask = <T>(socket: Socket, message: string, input?: unknown): Promise<T> =>
  (input === undefined ? socket.emitWithAck(message) : socket.emitWithAck(message, input)) as Promise<T>;

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

/**
 * Fetches every change after the feed's oldest seq, as a console that has just taken a snapshot
 * catches up; the hub then pushes it what follows.
 */
async function catchUp(socket: Socket): Promise<FeedChanges> {
  let afterSeq = (await ask<HubHello>(socket, HUB_MESSAGES.hello)).oldest;
  for (;;) {
    const page = await ask<FeedChanges>(socket, HUB_MESSAGES.changes, { afterSeq, limit: 500 });
    if (page.kind !== 'changes') throw new Error('expected changes');
    if (!page.more) return page;
    afterSeq = page.toSeq;
  }
}

describe('the hub server (TLS, socket.io namespace /hub)', () => {
  it('refuses a console without a registered seat, with the wrong credential, of another protocol, or of a revoked seat, saying why', async () => {
    const hub = await startHub();
    const seat = await hub.register('Desk 1');
    expect(await refusal(consoleSocket(hub, { protocol: HUB_PROTOCOL_VERSION, seatId: seat.seatId, credential: 'guess' }))).toMatch(
      /not registered with the hub, or its credential is wrong/,
    );
    expect(
      await refusal(consoleSocket(hub, { protocol: HUB_PROTOCOL_VERSION + 1, seatId: seat.seatId, credential: seat.credential })),
    ).toBe(
      `This hub speaks protocol ${HUB_PROTOCOL_VERSION} and the console protocol ${HUB_PROTOCOL_VERSION + 1}: update the older of the two`,
    );
    expect(await refusal(consoleSocket(hub, {}))).toMatch(/protocol/);
    expect(
      (await refusedWith(consoleSocket(hub, { protocol: HUB_PROTOCOL_VERSION, seatId: seat.seatId, credential: 'guess' }))).data,
    ).toEqual({
      reason: 'unregistered',
    });
    await hub.adminDesk.value('seats.revoke', { seatId: seat.seatId });
    // The words for people, the reason for the console (which forgets what it kept for a revoked seat).
    expect(
      await refusedWith(consoleSocket(hub, { protocol: HUB_PROTOCOL_VERSION, seatId: seat.seatId, credential: seat.credential })),
    ).toEqual({
      message: 'The seat Desk 1 was revoked by an admin: it may no longer connect',
      data: { reason: 'revoked' },
    });
    // Every refusal is on record, like serve mode's refused requests.
    const refused = (await hub.audit()).filter((entry) => entry.action === 'access.refused');
    expect(refused.map((entry) => entry.detail)).toHaveLength(5);
    expect(refused[0]).toMatchObject({ detail: 'The seat Desk 1 was revoked by an admin: it may no longer connect', result: 'error' });
  });

  it('says hello with a stable hub id and its feed; the seat list shows the seat online with who signed in there, then offline', async () => {
    const hub = await startHub();
    const seat = await hub.register('Desk 1');
    const socket = await seatSocket(hub, seat);
    const hello = await ask<HubHello>(socket, HUB_MESSAGES.hello);
    expect(hello).toMatchObject({ head: hub.feed.head(), oldest: hub.feed.oldest(), serverTime: hub.clock.now(), seatName: 'Desk 1' });
    expect((await ask<HubHello>(socket, HUB_MESSAGES.hello)).hubId).toBe(hello.hubId);

    const signIn = await ask<HubCallAnswer>(socket, HUB_MESSAGES.call, {
      method: 'auth.signIn',
      input: { username: ADMIN.username, password: ADMIN.password },
      sessionToken: null,
    });
    expect(signIn).toMatchObject({ envelope: { ok: true, value: { state: 'signed-in' } }, sessionToken: expect.any(String) });
    const seats = await hub.adminDesk.value<Seat[]>('seats.list');
    expect(seats).toEqual([
      expect.objectContaining({ name: 'Desk 1', online: true, signedIn: ['Ada Admin'], lastSeenAt: hub.clock.now() }),
    ]);

    hub.clock.advance(30_000);
    const left = new Promise<void>((resolve) => hub.core.dispatcher.subscribe((m) => m.event === 'seats.changed' && resolve()));
    socket.close();
    await left;
    expect(await hub.adminDesk.value<Seat[]>('seats.list')).toEqual([
      expect.objectContaining({ online: false, signedIn: [], lastSeenAt: hub.clock.now() }),
    ]);
  });

  it('runs hub.call as the person its session token signs in, and as nobody without one', async () => {
    const hub = await startHub();
    const socket = await seatSocket(hub, await hub.register('Desk 1'));
    const signedOut = await ask<HubCallAnswer>(socket, HUB_MESSAGES.call, { method: 'sites.list', input: null, sessionToken: null });
    expect(signedOut).toMatchObject({
      envelope: { ok: false, error: { code: 'forbidden', message: 'Sign in first' } },
      sessionToken: null,
    });

    const { sessionToken } = await ask<HubCallAnswer>(socket, HUB_MESSAGES.call, {
      method: 'auth.signIn',
      input: { username: ADMIN.username, password: ADMIN.password },
      sessionToken: null,
    });
    const whoami = await ask<HubCallAnswer>(socket, HUB_MESSAGES.call, { method: 'app.whoami', input: null, sessionToken });
    expect(whoami.envelope).toMatchObject({ ok: true, value: { displayName: 'Ada Admin' } });
    const audit = await hub.audit();
    expect(audit.find((entry) => entry.action === 'auth.signIn')).toMatchObject({ actorName: 'Ada Admin', seat: 'Desk 1' });
  });

  it('applies hub.command once per id over the wire, records the seat and issue time, and the change reaches the feed at the receipt’s seq', async () => {
    const hub = await startHub();
    const socket = await seatSocket(hub, await hub.register('Desk 1'));
    const { sessionToken } = await ask<HubCallAnswer>(socket, HUB_MESSAGES.call, {
      method: 'auth.signIn',
      input: { username: ADMIN.username, password: ADMIN.password },
      sessionToken: null,
    });
    const issuedAt = hub.clock.now() - 90_000;
    const command = { id: randomUUID(), method: 'sites.create', input: { name: 'Depot' }, sessionToken, asPerson: null, issuedAt };
    const [first, twin] = await Promise.all([
      ask<HubCommandAnswer>(socket, HUB_MESSAGES.command, command),
      ask<HubCommandAnswer>(socket, HUB_MESSAGES.command, command),
    ]);
    const again = await ask<HubCommandAnswer>(socket, HUB_MESSAGES.command, command);
    expect(first).toMatchObject({ kind: 'receipt', receipt: { id: command.id, outcome: 'applied', value: { name: 'Depot' } } });
    expect(twin).toEqual(first);
    expect(again).toEqual(first);
    expect(await hub.adminDesk.value<{ name: string }[]>('sites.list')).toEqual([expect.objectContaining({ name: 'Depot' })]);
    expect((await hub.audit()).find((entry) => entry.action === 'sites.create')).toMatchObject({ seat: 'Desk 1', issuedAt });

    const seq = first.kind === 'receipt' && first.receipt.outcome === 'applied' ? first.receipt.seq : -1;
    const changes = await catchUp(socket);
    expect(changes.toSeq).toBeGreaterThanOrEqual(seq);
    const site = changes.changes.find((change) => change.table === 'sites');
    expect(site).toMatchObject({ row: expect.objectContaining({ name: 'Depot' }) });
    expect(site!.seq).toBeLessThanOrEqual(seq);

    const malformed = await ask<HubCommandAnswer>(socket, HUB_MESSAGES.command, { id: 'not-a-uuid', method: 'sites.create' });
    expect(malformed).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'invalid_input' } } });
  });

  it('applies an outbox command as the person its seat vouches for, with their role on the hub now, only if they signed in online there within 7 days', async () => {
    // Days pass on the fake clock here: the hub polls its feed once an hour instead of every 50 ms.
    const hub = await startHub({ pushIntervalMs: 60 * 60_000 });
    const olga = await hub.person('olga', 'admin', 'Olga Ops');
    const desk = await seatSocket(hub, await hub.register('Desk 1'));
    const other = await seatSocket(hub, await hub.register('Desk 2'));
    const signIn = await ask<HubCallAnswer>(desk, HUB_MESSAGES.call, {
      method: 'auth.signIn',
      input: { username: 'olga', password: passwordOf('olga') },
      sessionToken: null,
    });
    const signedInAt = hub.clock.now();
    // The hub session ends (the link was lost, the console restarted): the seat's word is what is left.
    await ask<HubCallAnswer>(desk, HUB_MESSAGES.call, { method: 'auth.signOut', input: null, sessionToken: signIn.sessionToken });
    hub.clock.advance(60 * 60_000);
    const fromOutbox = (name: string, issuedAt = hub.clock.now() - 30 * 60_000) => ({
      id: randomUUID(),
      method: 'sites.create',
      input: { name },
      sessionToken: null,
      asPerson: { personId: olga.id, signedInAt },
      issuedAt,
    });

    const asAdmin = (method: MethodName, input: unknown) => hub.core.dispatcher.call(method, input, { actor: LOCAL_OPERATOR });

    const depot = fromOutbox('Depot');
    const applied = await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, depot);
    expect(applied).toMatchObject({ kind: 'receipt', receipt: { outcome: 'applied', value: { name: 'Depot' } } });
    const entry = (await hub.audit()).find((e) => e.action === 'sites.create' && e.result === 'ok');
    expect(entry).toMatchObject({ actor: olga.id, actorName: 'Olga Ops', seat: 'Desk 1', issuedAt: depot.issuedAt, at: hub.clock.now() });

    // Desk 2 never saw Olga sign in: it cannot vouch for her.
    const elsewhere = await ask<HubCommandAnswer>(other, HUB_MESSAGES.command, fromOutbox('Yard'));
    expect(elsewhere).toMatchObject({
      kind: 'receipt',
      receipt: {
        outcome: 'rejected',
        error: { code: 'forbidden', message: 'Olga Ops has not signed in online at Desk 2 within the last 7 days' },
      },
    });
    // A seat names a session or a person, never both.
    const both = await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, { ...fromOutbox('Both'), sessionToken: signIn.sessionToken });
    expect(both).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'forbidden' } } });

    // Demoted since: the role on the hub now decides.
    await asAdmin('users.update', { id: olga.id, role: 'operator' });
    const demoted = await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, fromOutbox('Quay'));
    expect(demoted).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'forbidden' } } });
    await asAdmin('users.update', { id: olga.id, role: 'admin' });

    // Deactivated since: refused; the command applied before still answers its first receipt.
    await asAdmin('users.deactivate', { id: olga.id });
    const deactivated = await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, fromOutbox('Pier'));
    expect(deactivated).toMatchObject({
      kind: 'receipt',
      receipt: { outcome: 'rejected', error: { code: 'forbidden', message: 'Olga Ops has been deactivated on the hub' } },
    });
    expect(await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, depot)).toEqual(applied);
    await asAdmin('users.reactivate', { id: olga.id });

    // Seven days after she signed in online at Desk 1, its word is no longer enough.
    // The hub's machine slept through the week (no timer runs: a week of 5-second ticks would take the test a minute).
    hub.clock.setBack(-7 * 24 * 60 * 60_000);
    const stale = await ask<HubCommandAnswer>(desk, HUB_MESSAGES.command, fromOutbox('Dock'));
    expect(stale).toMatchObject({
      kind: 'receipt',
      receipt: {
        outcome: 'rejected',
        error: { code: 'forbidden', message: 'Olga Ops has not signed in online at Desk 1 within the last 7 days' },
      },
    });
    const refusals = (await hub.audit()).filter((e) => e.action === 'sites.create' && e.result === 'error');
    expect(refusals).toHaveLength(5);
    expect(await asAdmin('sites.list', undefined)).toMatchObject({ ok: true, value: [{ name: 'Depot' }] });
  });

  it('pushes a caught-up console what changed after the last seq it was sent, and the event with the seq it came after', async () => {
    const hub = await startHub();
    const socket = await seatSocket(hub, await hub.register('Desk 1'));
    const caughtUp = await catchUp(socket);

    const pushed = next<FeedChanges>(socket, HUB_MESSAGES.push);
    const event = new Promise<HubEvent>((resolve) =>
      socket.on(HUB_MESSAGES.events, (events: HubEvent[]) => {
        const changed = events.find((message) => message.event === 'monitors.changed');
        if (changed) resolve(changed);
      }),
    );
    await hub.adminDesk.value('sites.create', { name: 'Depot' });
    hub.clock.advance(50);
    const push = await pushed;
    expect(push).toMatchObject({ kind: 'changes', fromSeq: caughtUp.toSeq, toSeq: hub.feed.head(), more: false });
    expect(push.changes.find((change) => change.table === 'sites')).toMatchObject({ row: expect.objectContaining({ name: 'Depot' }) });
    expect((await event).atSeq).toBe(push.toSeq);

    // Core's own writes (no command) are found by polling the head.
    const second = next<FeedChanges>(socket, HUB_MESSAGES.push);
    hub.core.store.sqlite.prepare(`UPDATE sites SET name = 'Depot north' WHERE name = 'Depot'`).run();
    hub.clock.advance(50);
    hub.clock.advance(50);
    expect(await second).toMatchObject({
      fromSeq: push.toSeq,
      changes: [expect.objectContaining({ row: expect.objectContaining({ name: 'Depot north' }) })],
    });
  });

  it('pages a snapshot fixed at the head it started from', async () => {
    const hub = await startHub();
    await hub.adminDesk.value('sites.create', { name: 'Depot' });
    const socket = await seatSocket(hub, await hub.register('Desk 1'));
    let page = await ask<SnapshotPage>(socket, HUB_MESSAGES.snapshot, { cursor: null, asOfSeq: null });
    const asOfSeq = page.asOfSeq;
    expect(asOfSeq).toBe(hub.feed.head());
    const rows: Record<string, unknown[]> = {};
    for (;;) {
      rows[page.table] = [...(rows[page.table] ?? []), ...page.rows];
      if (page.next === null) break;
      page = await ask<SnapshotPage>(socket, HUB_MESSAGES.snapshot, { cursor: page.next, asOfSeq });
      expect(page.asOfSeq).toBe(asOfSeq);
    }
    expect(rows.sites).toEqual([expect.objectContaining({ name: 'Depot' })]);
  });

  it('disconnects a revoked seat’s consoles at once', async () => {
    const hub = await startHub();
    const seat = await hub.register('Desk 1');
    const socket = await seatSocket(hub, seat);
    const gone = next<string>(socket, 'disconnect');
    await hub.adminDesk.value('seats.revoke', { seatId: seat.seatId });
    expect(await gone).toBe('io server disconnect');
  });

  it('takes devices’ heartbeats (the hub probes, so devices report to it) and serves nothing else', async () => {
    const hub = await startHub();
    const site = await hub.adminDesk.value<{ id: string }>('sites.create', { name: 'Depot' });
    const monitor = await hub.adminDesk.value<Monitor>('monitors.create', {
      siteId: site.id,
      name: 'Gate box',
      probe: { kind: 'heartbeat' },
    });
    const status = (path: string) =>
      new Promise<number>((resolve, reject) =>
        httpsGet({ host: '127.0.0.1', port: hub.port, path, rejectUnauthorized: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject),
      );
    expect(await status(`/hb/${monitor.heartbeatToken}`)).toBe(204);
    expect(await status('/hb/not-a-token-of-this-hub')).toBe(404);
    expect(await status('/')).toBe(404);
  });

  it('notices a lost console within five seconds (socket.io heartbeat)', () => {
    expect(HUB_PING_INTERVAL_MS + HUB_PING_TIMEOUT_MS).toBeLessThanOrEqual(5000);
  });
});
