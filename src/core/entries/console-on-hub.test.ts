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
import type {
  Alert,
  BackendState,
  BoardSnapshot,
  IncidentDetail,
  Monitor,
  MonitorDetail,
  OutboxChanged,
  OutboxList,
  RegisteredSeat,
  Site,
} from '../../shared/contract';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { createCore, type Core } from '../app';
import { createSilentLogger } from '../logging';
import { createChangeFeed, createReplica } from '../replication';
import { invoke, LOCAL_OPERATOR, type Actor } from '../service';
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
      opsRoute: hub.core.opsRoute,
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

function startConsole(
  dir: string,
  clock: FakeClock,
  hub: { address: string; fingerprint: string },
  seat: RegisteredSeat,
  dbKey = randomBytes(32),
): Core {
  const core = createCore({
    dataDir: dir,
    dbKey,
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

    // The seat stays signed in on what it has: the board and the queue read the replica; a command waits in the outbox.
    expect(await seatA.call('auth.state')).toMatchObject({ ok: true, value: { state: 'signed-in', user: { displayName: 'Ada Admin' } } });
    expect(await seatA.call('alerts.snapshot')).toMatchObject({ ok: true, value: { alerts: [] } });
    expect(await seatA.call('sites.create', { name: 'Depot North' })).toMatchObject({
      ok: true,
      pendingSync: { outboxId: expect.any(String) },
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

describe('a console’s outbox: commands made while the hub cannot be asked', () => {
  const raise = (hub: Awaited<ReturnType<typeof startHub>>, key: string) =>
    hub.core.alerting.engine.reportExternal(
      'disk-full',
      { subject: `hub:${key}`, name: `Disk ${key}`, siteId: null },
      `Disk ${key} is full`,
    );
  const outboxOf = async (seat: ReturnType<typeof seatAt>) => (await seat.value<OutboxList>('outbox.list')).entries;

  it('answers them at once as pending sync, sends them in order once the hub is back, and a refused one never blocks the ones behind it', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const seatA = seatAt(a, 'seat-a');
    await seatA.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
    raise(hub, 'one');
    raise(hub, 'two');
    await vi.waitFor(async () => expect((await seatA.value<{ alerts: Alert[] }>('alerts.snapshot')).alerts).toHaveLength(2), {
      timeout: 10_000,
    });
    const [one, two] = (await seatA.value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.sort((x, y) =>
      x.subject.localeCompare(y.subject),
    );
    const incident = await invoke(
      hub.core.dispatcher,
      'incidents.create',
      { title: 'Disks filling', priority: 'P2', sopSlug: null, claim: false },
      { actor: LOCAL_OPERATOR },
    );
    await vi.waitFor(async () => expect(await seatA.call('incidents.get', { id: incident.id })).toMatchObject({ ok: true }), {
      timeout: 10_000,
    });
    const outboxEvents: OutboxChanged[] = [];
    a.dispatcher.subscribe((message) => {
      if (message.event === 'outbox.changed') outboxEvents.push(message.payload);
    });

    await hub.stop();
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('offline'), { timeout: 5_000 });
    clock.advance(60_000);
    const acknowledgedAt = clock.now();
    const acknowledged = await seatA.call('alerts.acknowledge', { id: one!.id, reason: 'genuine', note: 'on it' });
    expect(acknowledged).toMatchObject({
      ok: true,
      value: { id: one!.id, state: 'acknowledged', ackBy: 'Ada Admin', ackAt: acknowledgedAt, pendingSync: true },
      pendingSync: { outboxId: expect.any(String) },
    });
    // Shown acknowledged, pending sync, over a replica that still holds exactly what the hub has.
    expect((await seatA.value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.find((alert) => alert.id === one!.id)).toMatchObject({
      state: 'acknowledged',
      owner: 'Ada Admin',
      pendingSync: true,
    });
    expect(a.store.sqlite.prepare('SELECT state FROM alerts WHERE id = ?').pluck().get(one!.id)).toBe('firing');
    expect(await seatA.call('incidents.addNote', { id: incident.id, note: 'Clearing the logs' })).toMatchObject({
      ok: true,
      value: { id: incident.id, pendingSync: true },
    });
    const noted = await seatA.value<IncidentDetail>('incidents.get', { id: incident.id });
    expect(noted.timeline.at(-1)).toMatchObject({ kind: 'note', detail: 'Clearing the logs', actor: 'Ada Admin', pendingSync: true });
    clock.advance(60_000);
    expect(await seatA.call('alerts.resolve', { id: two!.id, reason: 'disk cleared' })).toMatchObject({ ok: true });
    expect(await seatA.call('sites.create', { name: 'Depot North' })).toMatchObject({ ok: true });
    // What the console can tell at once, it says at once: a malformed or forbidden command is never kept.
    expect(await seatA.call('sites.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(outboxEvents.at(-1)).toEqual({ pending: 4, refused: 0 });
    expect((await outboxOf(seatA)).map((entry) => [entry.method, entry.state, entry.personName])).toEqual([
      ['alerts.acknowledge', 'pending', 'Ada Admin'],
      ['incidents.addNote', 'pending', 'Ada Admin'],
      ['alerts.resolve', 'pending', 'Ada Admin'],
      ['sites.create', 'pending', 'Ada Admin'],
    ]);

    // Meanwhile somebody resolved alert two on the hub: the offline resolve will be refused, the rest still goes.
    await invoke(hub.core.dispatcher, 'alerts.resolve', { id: two!.id, reason: 'fixed at the hub' }, { actor: LOCAL_OPERATOR });
    await hub.restart();
    await vi.waitFor(async () => expect((await outboxOf(seatA)).map((entry) => entry.state)).toEqual(['refused']), { timeout: 15_000 });
    expect(outboxEvents.at(-1)).toEqual({ pending: 0, refused: 1 });
    const [refused] = await outboxOf(seatA);
    expect(refused).toMatchObject({
      method: 'alerts.resolve',
      error: { code: 'conflict', message: expect.stringContaining('already resolved') },
      refusedAt: expect.any(Number),
    });

    // The hub applied the others as Ada, at this seat, in the order they were made, recording when she gave them.
    const audit = (await invoke(hub.core.dispatcher, 'audit.list', { limit: 100 }, { actor: LOCAL_OPERATOR })).entries;
    const ack = audit.find((entry) => entry.action === 'alerts.acknowledge' && entry.result === 'ok');
    const site = audit.find((entry) => entry.action === 'sites.create' && entry.result === 'ok');
    expect(ack).toMatchObject({ actorName: 'Ada Admin', seat: 'Seat A', issuedAt: acknowledgedAt });
    expect(site!.seq).toBeGreaterThan(ack!.seq);
    expect(await seatA.value<{ name: string }[]>('sites.list')).toMatchObject([{ name: 'Depot North' }]);
    expect(await seatA.value<{ alert: Alert }>('alerts.get', { id: one!.id })).toMatchObject({
      alert: { state: 'acknowledged', ackBy: 'Ada Admin', ackAt: expect.any(Number) },
    });

    const synced = await seatA.value<IncidentDetail>('incidents.get', { id: incident.id });
    expect(synced.timeline.filter((entry) => entry.kind === 'note')).toEqual([
      { at: expect.any(Number), kind: 'note', actor: 'Ada Admin', detail: 'Clearing the logs', stepId: null },
    ]);

    // Redone, it goes to the hub at once as a new command: still refused, it stays in the list.
    expect(await seatA.call('outbox.redo', { id: refused!.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already resolved') },
    });
    expect((await outboxOf(seatA)).map((entry) => entry.id)).toEqual([refused!.id]);

    // Dropped, it is gone (recorded in this console's own log: the hub never applied it).
    expect(await seatA.call('outbox.drop', { id: refused!.id })).toMatchObject({ ok: true, value: { pending: 0, refused: 0 } });
    expect(await outboxOf(seatA)).toEqual([]);
    expect(outboxEvents.at(-1)).toEqual({ pending: 0, refused: 0 });
  }, 60_000);

  it('keeps an offline monitor edit that the hub refuses as stale with both versions; Keep mine gives it again on the hub’s version', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const a = startConsole(tempDir(), clock, hub, hub.seats[0]!);
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('connected'), { timeout: 10_000 });
    const seatA = seatAt(a, 'seat-a');
    await seatA.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
    const site = await seatA.value<Site>('sites.create', { name: 'Depot North' });
    const monitor = await seatA.value<Monitor>('monitors.create', { siteId: site.id, name: 'Recorder', probe: { kind: 'manual' } });
    const spec = { siteId: site.id, name: 'Recorder', probe: { kind: 'manual' } } as const;

    await hub.stop();
    await vi.waitFor(async () => expect((await linkOf(a)).state).toBe('offline'), { timeout: 5_000 });
    expect(
      await seatA.call('monitors.update', { id: monitor.id, monitor: { ...spec, name: 'Gate recorder' }, basedOnVersion: monitor.version }),
    ).toMatchObject({ ok: true, pendingSync: { outboxId: expect.any(String) } });
    // Meanwhile somebody renamed it on the hub.
    await invoke(
      hub.core.dispatcher,
      'monitors.update',
      { id: monitor.id, monitor: { ...spec, name: 'North recorder' }, basedOnVersion: monitor.version },
      { actor: LOCAL_OPERATOR },
    );
    await hub.restart();
    await vi.waitFor(async () => expect((await outboxOf(seatA)).map((entry) => entry.state)).toEqual(['refused']), { timeout: 15_000 });
    const [refused] = await outboxOf(seatA);
    expect(refused!.error).toMatchObject({
      code: 'conflict',
      versions: { basedOn: { version: monitor.version }, current: { version: monitor.version + 1 } },
    });
    expect(JSON.stringify(refused!.error?.versions)).toContain('Gate recorder');
    expect(JSON.stringify(refused!.error?.versions)).toContain('North recorder');

    // Keep mine: the same edit, now based on the hub's version, applied at once.
    expect(await seatA.call('outbox.redo', { id: refused!.id, onCurrentVersion: true })).toMatchObject({
      ok: true,
      value: { applied: true },
    });
    expect(await outboxOf(seatA)).toEqual([]);
    expect((await seatA.value<MonitorDetail>('monitors.get', { id: monitor.id })).monitor).toMatchObject({
      name: 'Gate recorder',
      version: monitor.version + 2,
    });
  }, 60_000);

  it('never applies a command twice when the console was killed after the hub applied it but before it heard so', async () => {
    const clock = new FakeClock();
    const hub = await startHub(clock);
    const dir = tempDir();
    const key = randomBytes(32);
    const first = startConsole(dir, clock, hub, hub.seats[0]!, key);
    await vi.waitFor(async () => expect((await linkOf(first)).state).toBe('connected'), { timeout: 10_000 });
    const seat = seatAt(first, 'seat-a');
    await seat.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
    await hub.stop();
    await vi.waitFor(async () => expect((await linkOf(first)).state).toBe('offline'), { timeout: 5_000 });
    expect(await seat.call('sites.create', { name: 'Depot North' })).toMatchObject({ ok: true });
    const [entry] = await outboxOf(seat);
    // The hub got it and applied it, and the answer never came back: the console died first.
    const applied = await hub.core.dispatcher.callOnce(entry!.method, entry!.input, {
      actor: hub.core.people.vouchedActor(entry!.personId, 'Seat A') as Actor,
      forwarded: { id: entry!.id, seatId: hub.seats[0]!.seatId, issuedAt: entry!.issuedAt, changeSeq: () => hub.feed.head() },
    });
    expect(applied).toMatchObject({ kind: 'receipt', receipt: { outcome: 'applied' } });
    first.close();
    cleanups.splice(cleanups.length - 1, 1);

    await hub.restart();
    const again = startConsole(dir, clock, hub, hub.seats[0]!, key);
    const reader = { actor: { ...LOCAL_OPERATOR, access: 'signed-in' as const, sessionId: 's' } };
    await vi.waitFor(
      async () => expect(await again.dispatcher.call('outbox.list', undefined, reader)).toEqual({ ok: true, value: { entries: [] } }),
      {
        timeout: 15_000,
      },
    );
    expect(await invoke(hub.core.dispatcher, 'sites.list', undefined, { actor: LOCAL_OPERATOR })).toMatchObject([{ name: 'Depot North' }]);
    expect(await again.dispatcher.call('sites.list', undefined, reader)).toMatchObject({ ok: true, value: [{ name: 'Depot North' }] });
  }, 60_000);
});
