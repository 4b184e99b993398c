import { X509Certificate } from 'node:crypto';
import { createServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { seatAt, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import { HUB_MESSAGES, HUB_NAMESPACE, HubCall, HubCommand, HubHandshake, type Alert, type BackendState } from '../../shared/contract';
import { createCore, type Core } from '../app';
import { createSilentLogger } from '../logging';
import { createChangeFeed, createReplica } from '../replication';

const tempDir = useTempDirs();
const CREDENTIAL = 'seat credential of the test';
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A hub as small as the protocol allows: a real core with the real change feed, behind TLS with a
 * self-signed certificate, answering hub.hello, feed.changes, feed.snapshot, hub.call and
 * hub.command, and pushing changes and events after every commit.
 */
async function startMiniHub(clock: FakeClock) {
  const hub = startTestCore(tempDir(), { clock, sopFolder: null, passwordParameters: TEST_PASSWORD_PARAMETERS });
  const feed = createChangeFeed(hub.core.store.sqlite, { clock });
  hub.core.start();
  const pems = await generate([{ name: 'commonName', value: 'mini hub' }], { keySize: 2048 });
  const https: HttpsServer = createServer({ key: pems.private, cert: pems.cert });
  const io = new Server(https, { pingInterval: 1000, pingTimeout: 1000 });
  const handshakes: unknown[] = [];
  const nsp = io.of(HUB_NAMESPACE);
  nsp.use((socket, next) => {
    handshakes.push(socket.handshake.auth);
    const seat = HubHandshake.safeParse(socket.handshake.auth);
    next(seat.success && seat.data.credential === CREDENTIAL ? undefined : new Error('This seat is not registered with the hub'));
  });
  const sent = new Map<string, number>();
  nsp.on('connection', (socket) => {
    const { seatId } = socket.handshake.auth as HubHandshake;
    sent.set(socket.id, Number.MAX_SAFE_INTEGER);
    const run = async (call: HubCall) => {
      let bound: string | null = null;
      const actor = hub.core.people.actorFor(call.sessionToken, seatId, null);
      const envelope = await hub.core.dispatcher.call(call.method, call.input, {
        actor,
        connection: { seat: seatId, address: null, bind: (token) => (bound = token) },
      });
      return { envelope, sessionToken: bound };
    };
    socket.on(HUB_MESSAGES.hello, (_input: unknown, ack: (answer: unknown) => void) => {
      sent.set(socket.id, feed.head());
      ack({ hubId: 'mini-hub', head: feed.head(), oldest: feed.oldest(), serverTime: clock.now(), seatName: `Seat ${seatId}` });
    });
    socket.on(HUB_MESSAGES.changes, (input: { afterSeq: number; limit: number }, ack: (answer: unknown) => void) => {
      const answer = feed.changesSince(input.afterSeq, input.limit);
      if (answer.kind === 'changes') sent.set(socket.id, answer.toSeq);
      ack(answer);
    });
    socket.on(HUB_MESSAGES.snapshot, (input: { cursor: null; asOfSeq: number | null }, ack: (answer: unknown) => void) =>
      ack(feed.snapshotPage(input.cursor, input.asOfSeq ?? feed.head(), 500)),
    );
    socket.on(HUB_MESSAGES.call, (raw: unknown, ack: (answer: unknown) => void) => void run(HubCall.parse(raw)).then(ack));
    socket.on(HUB_MESSAGES.command, (raw: unknown, ack: (answer: unknown) => void) => {
      const command = HubCommand.parse(raw);
      void run(command).then(({ envelope }) =>
        ack({
          kind: 'receipt',
          receipt: envelope.ok
            ? { id: command.id, outcome: 'applied', seq: feed.head(), appliedAt: clock.now(), value: envelope.value }
            : { id: command.id, outcome: 'rejected', appliedAt: clock.now(), error: envelope.error },
        }),
      );
    });
    socket.on('disconnect', () => sent.delete(socket.id));
  });
  // After every commit each console gets the event, then the changes after the last seq it was sent: the event
  // comes first on purpose (a hub batching its pushes sends them later), so a console must hold it until it applied atSeq.
  hub.core.dispatcher.subscribe((message) => {
    for (const socket of nsp.sockets.values()) {
      socket.emit(HUB_MESSAGES.event, { atSeq: feed.head(), event: message.event, payload: message.payload });
      const after = sent.get(socket.id) ?? Number.MAX_SAFE_INTEGER;
      if (after < feed.head()) {
        const changes = feed.changesSince(after, 5000);
        if (changes.kind === 'changes') {
          socket.emit(HUB_MESSAGES.push, changes);
          sent.set(socket.id, changes.toSeq);
        }
      }
    }
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const address = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  const stop = async () => {
    await io.close();
    https.closeAllConnections();
  };
  cleanups.push(async () => {
    await stop();
    hub.core.close();
  });
  return { ...hub, feed, address, fingerprint: new X509Certificate(pems.cert).fingerprint256, handshakes, stop };
}

function startConsole(dir: string, clock: FakeClock, hub: { address: string; fingerprint: string }, seatId: string): Core {
  const core = createCore({
    dataDir: dir,
    dbKey: Buffer.alloc(32, seatId.length),
    mode: 'serve',
    version: '0.0.0-test',
    clock,
    timers: clock,
    logger: createSilentLogger(),
    sopFolder: null,
    hub: { address: hub.address, fingerprint: hub.fingerprint, seatId, credential: CREDENTIAL },
  });
  core.start();
  cleanups.push(() => core.close());
  return core;
}

async function linkOf(core: Core): Promise<BackendState['link']> {
  const answer = await core.dispatcher.call('backend.state', undefined, { actor: core.people.actorFor(null, 'test', null) });
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as BackendState).link;
}

const replicaChecksums = (core: Core) => createReplica(core.store.sqlite, { clock: new FakeClock() }).tableChecksums();

describe('two consoles on one hub', () => {
  it('see the alert the hub raised; one acknowledges it, the other shows it acknowledged, replicas equal to the hub', async () => {
    const clock = new FakeClock();
    const hub = await startMiniHub(clock);
    const a = startConsole(tempDir(), clock, hub, 'seat-a');
    const b = startConsole(tempDir(), clock, hub, 'seat-b');
    await vi.waitFor(async () => expect(await linkOf(a)).toMatchObject({ state: 'connected', seatName: 'Seat seat-a' }), {
      timeout: 10_000,
    });
    await vi.waitFor(async () => expect((await linkOf(b)).state).toBe('connected'), { timeout: 10_000 });

    // The first admin is made through console A: sign-in goes to the hub, its session stays in A's core.
    const seatA = seatAt(a, 'seat-a');
    expect(await seatA.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' })).toMatchObject({
      ok: true,
      value: { state: 'signed-in' },
    });
    expect(seatA.token()).not.toBeNull();
    expect(seatA.actor()).toMatchObject({ displayName: 'Ada Admin', role: 'admin', access: 'signed-in' });
    const seatB = seatAt(b, 'seat-b');
    expect(await seatB.signIn('ada', 'ada keeps the keys')).toMatchObject({ ok: true });

    hub.core.alerting.engine.reportExternal(
      'disk-full',
      { subject: 'hub:disk', name: 'The hub disk', siteId: null },
      'The hub disk is full',
    );
    expect(hub.core.alerting.engine.status()).toBe('critical');
    const alertsAt = async (seat: typeof seatA) => (await seat.value<{ alerts: Alert[] }>('alerts.snapshot')).alerts;
    await vi.waitFor(async () => expect(await alertsAt(seatA)).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await alertsAt(seatB)).toHaveLength(1), { timeout: 10_000 });
    const [alert] = await alertsAt(seatA);

    // B's renderer hears of the acknowledgement only once B's replica holds it: a refetch on the event sees the row.
    const storedOnEvent: unknown[] = [];
    const storedState = b.store.sqlite.prepare('SELECT state FROM alerts WHERE id = ?').pluck();
    b.dispatcher.subscribe((message) => {
      if (message.event === 'alerts.changed' && message.payload.alerts.some((changed) => changed.state === 'acknowledged'))
        storedOnEvent.push(storedState.get(alert!.id));
    });

    // A acknowledges: the hub applies it, and A's answer waits until A's own replica holds it.
    const acknowledged = await seatA.call('alerts.acknowledge', { id: alert!.id, reason: 'genuine', note: 'on it' });
    expect(acknowledged).toMatchObject({ ok: true, value: { state: 'acknowledged' } });
    expect((await alertsAt(seatA))[0]).toMatchObject({ state: 'acknowledged' });
    await vi.waitFor(async () => expect((await alertsAt(seatB))[0]).toMatchObject({ state: 'acknowledged', owner: 'Ada Admin' }), {
      timeout: 10_000,
    });

    await vi.waitFor(() => expect(storedOnEvent.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(storedOnEvent).toEqual(storedOnEvent.map(() => 'acknowledged'));

    const hubSums = hub.feed.tableChecksums();
    await vi.waitFor(() => expect(replicaChecksums(a)).toEqual(hubSums), { timeout: 10_000 });
    await vi.waitFor(() => expect(replicaChecksums(b)).toEqual(hubSums), { timeout: 10_000 });
  }, 60_000);

  it('says offline within 5 seconds of losing the hub, with since when and how old its data is', async () => {
    const clock = new FakeClock();
    const hub = await startMiniHub(clock);
    const a = startConsole(tempDir(), clock, hub, 'seat-a');
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const seatA = seatAt(a, 'seat-a');
    await seatA.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
    const changes: BackendState[] = [];
    a.dispatcher.subscribe((message) => {
      if (message.event === 'backend.changed') changes.push(message.payload);
    });
    clock.advance(60_000);
    const lostAt = clock.now();
    await hub.stop();
    await vi.waitFor(() => expect(changes.at(-1)?.link).toMatchObject({ state: 'offline', since: lostAt }), { timeout: 5_000 });

    // The seat stays signed in on what it has: the board and the queue read the replica; a command says nothing was sent.
    expect(await seatA.call('auth.state')).toMatchObject({ ok: true, value: { state: 'signed-in', user: { displayName: 'Ada Admin' } } });
    expect(await seatA.call('alerts.snapshot')).toMatchObject({ ok: true, value: { alerts: [] } });
    expect(await seatA.call('sites.create', { name: 'Depot North' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('nothing was sent') },
    });
  }, 30_000);

  it('never sends its seat credential to a hub that presents another certificate, and says why it is offline', async () => {
    const clock = new FakeClock();
    const hub = await startMiniHub(clock);
    const other = await startMiniHub(clock);
    const a = startConsole(tempDir(), clock, { address: other.address, fingerprint: hub.fingerprint }, 'seat-a');
    await vi.waitFor(
      async () =>
        expect(await linkOf(a)).toMatchObject({
          state: 'offline',
          reason: expect.stringContaining(`The hub's certificate changed: expected ${hub.fingerprint}, got ${other.fingerprint}`),
        }),
      { timeout: 10_000 },
    );
    expect(other.handshakes).toEqual([]);
  }, 30_000);
});
