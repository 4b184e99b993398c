import { randomBytes, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { seatAt, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, BackendState, BoardSnapshot, RegisteredSeat } from '../../shared/contract';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { createCore, type Core } from '../app';
import { createSilentLogger } from '../logging';
import { createChangeFeed, createReplica } from '../replication';
import { invoke, LOCAL_OPERATOR } from '../service';
import { createHubPresence, createHubServer, type HubServer } from '../transport';

const tempDir = useTempDirs();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real hub server over a real core and its change feed, on loopback with a self-signed certificate, with seats registered. */
async function startHub(clock: FakeClock, tombstoneRetentionMs?: number) {
  const seatNames = ['Seat A', 'Seat B'];
  const hub = startTestCore(tempDir(), { clock, sopFolder: null, passwordParameters: TEST_PASSWORD_PARAMETERS });
  const feed = createChangeFeed(hub.core.store.sqlite, { clock, ...(tombstoneRetentionMs === undefined ? {} : { tombstoneRetentionMs }) });
  hub.core.start();
  const seats: RegisteredSeat[] = [];
  for (const name of seatNames) seats.push(await invoke(hub.core.dispatcher, 'seats.register', { name }, { actor: LOCAL_OPERATOR }));
  const pems = await generate([{ name: 'commonName', value: 'test hub' }], { keySize: 2048 });
  /** Every seat credential the hub was shown, in order. */
  const handshakes: string[] = [];
  const serve = async (port: number) => {
    const server = createHubServer({
      dispatcher: hub.core.dispatcher,
      heartbeatRoute: hub.core.monitoring.heartbeatRoute,
      seats: {
        ...hub.core.seats,
        authenticate: (seatId, credential) => {
          handshakes.push(credential);
          return hub.core.seats.authenticate(seatId, credential);
        },
      },
      feed,
      actorFor: hub.core.people.actorFor,
      vouchedActorFor: hub.core.people.vouchedActor,
      recordAudit: (entry) => hub.core.recordAudit(entry),
      presence: createHubPresence(),
      tls: { key: pems.private, cert: pems.cert },
      // The network's own time: pushes are batched on real timers, whatever the cores' fake clock says.
      clock: systemClock,
      timers: systemTimers,
      logger: createSilentLogger(),
    });
    await new Promise<void>((resolve) => server.https.listen(port, '127.0.0.1', resolve));
    return server;
  };
  let server: HubServer | null = await serve(0);
  const port = (server.https.address() as AddressInfo).port;
  /** The hub process goes away (its core and data stay): consoles lose it. */
  const stop = async () => {
    await server?.close();
    server = null;
  };
  /** The hub comes back on the same address with the same certificate. */
  const restart = async () => {
    server = await serve(port);
  };
  cleanups.push(async () => {
    await stop();
    hub.core.close();
  });
  const address = `https://127.0.0.1:${port}`;
  return { ...hub, feed, seats, address, fingerprint: new X509Certificate(pems.cert).fingerprint256, handshakes, stop, restart };
}

function startConsole(dir: string, clock: FakeClock, hub: { address: string; fingerprint: string }, seat: RegisteredSeat): Core {
  const core = createCore({
    dataDir: dir,
    dbKey: randomBytes(32),
    mode: 'serve',
    version: '0.0.0-test',
    clock,
    timers: clock,
    logger: createSilentLogger(),
    sopFolder: null,
    hub: { address: hub.address, fingerprint: hub.fingerprint, seatId: seat.seatId, credential: seat.credential },
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

describe('console cores connected to a real hub server on loopback', () => {
  it('see the alert the hub raised; one acknowledges it, the other shows it acknowledged, replicas equal to the hub', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    const b = startConsole(tempDir(), clock, hub, hub.seats[1]!);
    await vi.waitFor(async () => expect(await linkOf(a)).toMatchObject({ state: 'connected', seatName: 'Seat A' }), {
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
    // A method without input reaches the hub too ("no input" crosses JSON as null).
    expect(await seatA.call('auth.state')).toMatchObject({ ok: true, value: { state: 'signed-in', user: { displayName: 'Ada Admin' } } });
    const seatB = seatAt(b, 'seat-b');
    expect(await seatB.signIn('ada', 'ada keeps the keys')).toMatchObject({ ok: true });

    // The board of each seat follows the hub's sites, monitors and states (a console probes nothing itself).
    const site = await invoke(hub.core.dispatcher, 'sites.create', { name: 'Harbour Gate' }, { actor: LOCAL_OPERATOR });
    const gate = { siteId: site.id, name: 'Gate barrier', probe: { kind: 'manual' as const } };
    const barrier = await invoke(hub.core.dispatcher, 'monitors.create', gate, { actor: LOCAL_OPERATOR });
    const manual = { id: barrier.id, status: 'up' as const, note: 'checked on site' };
    await invoke(hub.core.dispatcher, 'monitors.setManualState', manual, { actor: LOCAL_OPERATOR });
    // The hub's result writer stores states in batches, on its clock.
    clock.advance(1_000);
    const boardOf = async (seat: typeof seatA) => (await seat.value<BoardSnapshot>('board.snapshot')).monitors;
    await vi.waitFor(async () => expect(await boardOf(seatB)).toMatchObject([{ name: 'Gate barrier', state: { status: 'up' } }]), {
      timeout: 10_000,
    });

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
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
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

  it('catches up with what changed while the hub was away, and its replica equals the hub again', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const states: string[] = [];
    a.dispatcher.subscribe((message) => {
      if (message.event === 'backend.changed') states.push(message.payload.link.state);
    });
    await hub.stop();
    await vi.waitFor(() => expect(states).toContain('offline'), { timeout: 5_000 });
    // Meanwhile on the hub: a site, and an alert raised, acknowledged by nobody yet.
    await invoke(hub.core.dispatcher, 'sites.create', { name: 'Depot North' }, { actor: LOCAL_OPERATOR });
    hub.core.alerting.engine.reportExternal(
      'disk-full',
      { subject: 'hub:disk', name: 'The hub disk', siteId: null },
      'The hub disk is full',
    );
    await hub.restart();
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const hubSums = hub.feed.tableChecksums();
    await vi.waitFor(() => expect(replicaChecksums(a)).toEqual(hubSums), { timeout: 10_000 });
    const reader = { actor: { ...LOCAL_OPERATOR, access: 'signed-in' as const, sessionId: 's' } };
    expect(await a.dispatcher.call('sites.list', undefined, reader)).toMatchObject({ ok: true, value: [{ name: 'Depot North' }] });
    expect(states.slice(states.indexOf('offline'))).toContain('connected');
  }, 30_000);

  it('takes a fresh snapshot when it was away longer than the hub keeps deletions, and converges', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock, 60_000);
    const site = await invoke(hub.core.dispatcher, 'sites.create', { name: 'Depot North' }, { actor: LOCAL_OPERATOR });
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(() => expect(replicaChecksums(a)).toEqual(hub.feed.tableChecksums()), { timeout: 10_000 });
    await hub.stop();
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('offline'), { timeout: 5_000 });
    // While it is away the site is deleted, and the hub forgets the deletion once it is older than the feed keeps.
    await invoke(hub.core.dispatcher, 'sites.delete', { id: site.id }, { actor: LOCAL_OPERATOR });
    hub.feed.prune();
    clock.advance(61_000);
    hub.feed.prune();
    expect(hub.feed.oldest()).toBeGreaterThan(createReplica(a.store.sqlite, { clock }).appliedSeq());
    await hub.restart();
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    await vi.waitFor(() => expect(replicaChecksums(a)).toEqual(hub.feed.tableChecksums()), { timeout: 10_000 });
    const reader = { actor: { ...LOCAL_OPERATOR, access: 'signed-in' as const, sessionId: 's' } };
    expect(await a.dispatcher.call('sites.list', undefined, reader)).toEqual({ ok: true, value: [] });
  }, 30_000);

  it('sets a damaged replica aside, says so, and takes a fresh copy from the hub', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    await invoke(hub.core.dispatcher, 'sites.create', { name: 'Depot North' }, { actor: LOCAL_OPERATOR });
    const dir = tempDir();
    writeFileSync(join(dir, 'replica.db'), randomBytes(8192));
    const a = startConsole(dir, clock, hub, hub.seats[0]!);
    const info = await a.dispatcher.call('app.info', undefined, { actor: LOCAL_OPERATOR });
    expect(info).toMatchObject({ ok: true, value: { notices: [expect.objectContaining({ title: 'Taking a fresh copy of the hub' })] } });
    await vi.waitFor(() => expect(replicaChecksums(a)).toEqual(hub.feed.tableChecksums()), { timeout: 10_000 });
  }, 30_000);

  it('signs a seat out at once when the hub ends its session, and forgets the session on sign-out', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const seatA = seatAt(a, 'seat-a');
    await seatA.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
    const sessionId = seatA.actor().sessionId;
    expect(sessionId).not.toBeNull();

    // An admin ends the session on the hub: the relayed auth.changed signs the seat out here too.
    await invoke(hub.core.dispatcher, 'sessions.end', { id: sessionId! }, { actor: LOCAL_OPERATOR });
    await vi.waitFor(() => expect(seatA.actor().access).toBe('signed-out'), { timeout: 10_000 });
    expect(await seatA.call('board.snapshot')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await seatA.call('sites.create', { name: 'Depot North' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Signed in again, then out: the console's token signs nobody in any more.
    await seatA.signIn('ada', 'ada keeps the keys');
    expect(seatA.actor().access).toBe('signed-in');
    const token = seatA.token();
    await seatA.call('auth.signOut');
    expect(seatA.token()).toBeNull();
    expect(a.people.actorFor(token, 'seat-a', null).access).toBe('signed-out');
  }, 30_000);

  it('says its seat was revoked when the hub drops it and refuses it from then on', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    await invoke(hub.core.dispatcher, 'seats.revoke', { seatId: hub.seats[0]!.seatId }, { actor: LOCAL_OPERATOR });
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('offline'), { timeout: 5_000 });
    // The hub closed the connection itself, so socket.io would not come back by itself: the link tries again, and is told why.
    clock.advance(5_000);
    await vi.waitFor(
      async () => expect(await linkOf(a)).toMatchObject({ state: 'offline', reason: expect.stringContaining('was revoked by an admin') }),
      { timeout: 10_000 },
    );
  }, 30_000);

  it('never sends its seat credential to a hub that presents another certificate, and says why it is offline', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const other = await startHub(clock);
    const a = startConsole(tempDir(), clock, { address: other.address, fingerprint: hub.fingerprint }, other.seats[0]!);
    await vi.waitFor(
      async () =>
        expect(await linkOf(a)).toMatchObject({
          state: 'offline',
          reason: expect.stringContaining(`The hub's certificate changed: expected ${hub.fingerprint}, got ${other.fingerprint}`),
        }),
      { timeout: 10_000 },
    );
    expect(other.handshakes).toEqual([]);
    expect(hub.handshakes).toEqual([]);
  }, 30_000);
});
