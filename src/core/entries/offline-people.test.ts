import { randomBytes, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, seatAt, TEST_PASSWORD_PARAMETERS, type Seat } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, AuthState, BackendState, Presence, RegisteredSeat, User } from '../../shared/contract';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { createCore, type Core } from '../app';
import { createSilentLogger } from '../logging';
import { OFFLINE_REFUSALS } from '../people';
import { createChangeFeed } from '../replication';
import { invoke, LOCAL_OPERATOR } from '../service';
import { createHubPresence, createHubServer, type HubServer } from '../transport';

const tempDir = useTempDirs();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ADA = { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' };

/** A real hub server over a real core, on loopback with a self-signed certificate, seats A and B registered; stop and restart keep its data. */
async function startHub(clock: FakeClock) {
  const hub = startTestCore(tempDir(), { clock, sopFolder: null, passwordParameters: TEST_PASSWORD_PARAMETERS });
  hub.core.start();
  const seats: RegisteredSeat[] = [];
  for (const name of ['Seat A', 'Seat B'])
    seats.push(await invoke(hub.core.dispatcher, 'seats.register', { name }, { actor: LOCAL_OPERATOR }));
  const feed = createChangeFeed(hub.core.store.sqlite, { clock });
  const pems = await generate([{ name: 'commonName', value: 'test hub' }], { keySize: 2048 });
  const serve = async (port: number) => {
    const server = createHubServer({
      dispatcher: hub.core.dispatcher,
      heartbeatRoute: hub.core.monitoring.heartbeatRoute,
      opsRoute: hub.core.opsRoute,
      seats: hub.core.seats,
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
  const stop = async () => {
    await server?.close();
    server = null;
  };
  const restart = async () => {
    server = await serve(port);
  };
  cleanups.push(async () => {
    await stop();
    hub.core.close();
  });
  return {
    ...hub,
    feed,
    seats,
    address: `https://127.0.0.1:${port}`,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
    stop,
    restart,
  };
}
type Hub = Awaited<ReturnType<typeof startHub>>;

function startConsole(clock: FakeClock, hub: Hub, seat: RegisteredSeat): Core {
  const core = createCore({
    dataDir: tempDir(),
    dbKey: randomBytes(32),
    mode: 'serve',
    version: '0.0.0-test',
    clock,
    timers: clock,
    logger: createSilentLogger(),
    sopFolder: null,
    passwordParameters: TEST_PASSWORD_PARAMETERS,
    hub: { address: hub.address, fingerprint: hub.fingerprint, seatId: seat.seatId, credential: seat.credential },
  });
  core.start();
  let closed = false;
  // A console closed by the test (its seat drops) is not closed again.
  const close = () => {
    if (closed) return;
    closed = true;
    core.close();
  };
  cleanups.push(close);
  return { ...core, close };
}

async function linkState(core: Core): Promise<BackendState['link']['state']> {
  const answer = await core.dispatcher.call('backend.state', undefined, { actor: core.people.actorFor(null, 'test', null) });
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as BackendState).link.state;
}

const until = (check: () => unknown | Promise<unknown>) => vi.waitFor(check, { timeout: 10_000 });

/** Seat A of a hub, online, with Ada (admin, signed in there) and Olga (operator) who has signed in at seat A online once. */
async function seatAWithOlga(clock: FakeClock) {
  const hub = await startHub(clock);
  const a = startConsole(clock, hub, hub.seats[0]!);
  await until(async () => expect(await linkState(a)).toBe('connected'));
  const desk = seatAt(a, 'desk');
  await desk.value('auth.setup', ADA);
  const olga = await desk.value<User>('users.create', {
    username: 'olga',
    displayName: 'Olga Operator',
    role: 'operator',
    password: passwordOf('olga'),
  });
  const olgaSeat = seatAt(a, 'desk-2');
  expect(await olgaSeat.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true, value: { state: 'signed-in' } });
  await olgaSeat.call('auth.signOut');
  return { hub, a, desk, olga, olgaSeat };
}

async function hubGone(hub: Hub, core: Core) {
  await hub.stop();
  await until(async () => expect(await linkState(core)).toBe('offline'));
}

describe('offline sign-in at a console whose hub cannot be reached', () => {
  it('signs in someone who signed in online at this seat, as the person the hub has, until they sign in online again', async () => {
    const clock = new FakeClock();
    const { hub, a, olga, olgaSeat } = await seatAWithOlga(clock);
    await hubGone(hub, a);

    const signedIn = await olgaSeat.signIn('olga', passwordOf('olga'));
    expect(signedIn).toMatchObject({
      ok: true,
      value: { state: 'signed-in', user: { id: olga.id, role: 'operator' }, session: { offline: true } },
    });
    // Fixed point 2: the hub's user id, role and sites from the replica, a local session, and no hub token.
    expect(olgaSeat.actor()).toMatchObject({
      id: olga.id,
      role: 'operator',
      access: 'signed-in',
      sessionId: expect.stringMatching(/^offline-/),
    });
    expect(await olgaSeat.call('auth.state')).toEqual(signedIn);
    expect(await olgaSeat.call('alerts.snapshot')).toMatchObject({ ok: true });

    // Anyone else gets a sentence saying why not.
    expect(await seatAt(a, 'desk-3').signIn('ben', 'any password at all')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: OFFLINE_REFUSALS.notHere },
    });
    expect(await seatAt(a, 'desk-3').signIn('olga', 'not her password')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Wrong username or password' },
    });

    // The hub is back: the offline session stays the console's own until Olga signs in again, then it is the hub's.
    await hub.restart();
    await until(async () => expect(await linkState(a)).toBe('connected'));
    expect(await olgaSeat.call('auth.state')).toMatchObject({ ok: true, value: { session: { offline: true } } });
    const online = (await olgaSeat.signIn('olga', passwordOf('olga'))) as { ok: true; value: AuthState & { state: 'signed-in' } };
    expect(online).toMatchObject({ ok: true, value: { state: 'signed-in', user: { id: olga.id } } });
    expect(online.value.session.offline).toBeUndefined();
    expect(olgaSeat.actor().sessionId).not.toMatch(/^offline-/);
  }, 60_000);

  it('refuses a person the hub disabled (the replica received it), and every verifier once the hub revoked the seat', async () => {
    const clock = new FakeClock();
    const { hub, a, desk, olga, olgaSeat } = await seatAWithOlga(clock);
    await desk.value('users.deactivate', { id: olga.id });
    const activeInReplica = a.store.sqlite.prepare('SELECT active FROM users WHERE id = ?').pluck();
    await until(() => expect(activeInReplica.get(olga.id)).toBe(0));
    await hubGone(hub, a);
    expect(await olgaSeat.signIn('olga', passwordOf('olga'))).toEqual({
      ok: false,
      error: { code: 'forbidden', message: OFFLINE_REFUSALS.disabled },
    });
    // Ada could sign in offline here, until the hub revokes the seat.
    expect(await seatAt(a, 'desk-4').signIn('ada', ADA.password)).toMatchObject({ ok: true, value: { session: { offline: true } } });
    await hub.restart();
    await until(async () => expect(await linkState(a)).toBe('connected'));
    await invoke(hub.core.dispatcher, 'seats.revoke', { seatId: hub.seats[0]!.seatId }, { actor: LOCAL_OPERATOR });
    await until(async () => expect(await linkState(a)).toBe('offline'));
    clock.advance(5_000);
    await until(async () =>
      expect(await seatAt(a, 'desk-5').signIn('ada', ADA.password)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: OFFLINE_REFUSALS.notHere },
      }),
    );
  }, 60_000);
});

describe('presence: who is signed in at which seat, live', () => {
  const peopleAt = async (seat: Seat) =>
    (await seat.value<Presence>('presence.list')).people.map(({ displayName, seat: at, viewing }) => ({ displayName, seat: at, viewing }));

  it('shows every console who is where and which incident they view, and forgets a seat that drops', async () => {
    const clock = new FakeClock();
    const { hub, a, desk } = await seatAWithOlga(clock);
    const b = startConsole(clock, hub, hub.seats[1]!);
    await until(async () => expect(await linkState(b)).toBe('connected'));
    const olgaAtB = seatAt(b, 'desk');
    await olgaAtB.signIn('olga', passwordOf('olga'));

    await until(async () =>
      expect(await peopleAt(olgaAtB)).toEqual(
        expect.arrayContaining([
          { displayName: 'Ada Admin', seat: 'Seat A', viewing: null },
          { displayName: 'Olga Operator', seat: 'Seat B', viewing: null },
        ]),
      ),
    );
    // Ada opens an incident at seat A: B shows her viewing it, and stops when she leaves it.
    await desk.value('presence.view', { incidentId: 'inc-7' });
    await until(async () => expect(await peopleAt(olgaAtB)).toContainEqual({ displayName: 'Ada Admin', seat: 'Seat A', viewing: 'inc-7' }));
    await desk.value('presence.view', { incidentId: null });
    await until(async () => expect(await peopleAt(olgaAtB)).toContainEqual({ displayName: 'Ada Admin', seat: 'Seat A', viewing: null }));
    await desk.value('presence.view', { incidentId: 'inc-7' });
    await until(async () => expect(await peopleAt(olgaAtB)).toContainEqual({ displayName: 'Ada Admin', seat: 'Seat A', viewing: 'inc-7' }));

    // Ada claims an alert at seat A: B shows who owns it, and at which seat.
    hub.core.alerting.engine.reportExternal(
      'disk-full',
      { subject: 'hub:disk', name: 'The hub disk', siteId: null },
      'The hub disk is full',
    );
    const alertsAt = async (seat: Seat) => (await seat.value<{ alerts: Alert[] }>('alerts.snapshot')).alerts;
    await until(async () => expect(await alertsAt(desk)).toHaveLength(1));
    const [alert] = await alertsAt(desk);
    expect(await desk.call('alerts.claim', { id: alert!.id })).toMatchObject({
      ok: true,
      value: { owner: 'Ada Admin', ownerSeat: 'Seat A' },
    });
    await until(async () => expect((await alertsAt(olgaAtB))[0]).toMatchObject({ owner: 'Ada Admin', ownerSeat: 'Seat A' }));

    // Seat A drops off the hub: its people go from B's presence; A, offline, shows just itself.
    a.close();
    await until(async () => expect(await peopleAt(olgaAtB)).toEqual([{ displayName: 'Olga Operator', seat: 'Seat B', viewing: null }]));
  }, 60_000);

  it('on a console with no hub is just this console: its own signed-in seats', async () => {
    const clock = new FakeClock();
    const embedded = startTestCore(tempDir(), { clock, sopFolder: null, passwordParameters: TEST_PASSWORD_PARAMETERS });
    cleanups.push(() => embedded.core.close());
    const desk = seatAt(embedded.core, 'Front desk');
    await desk.value('auth.setup', ADA);
    const heard: Presence[] = [];
    embedded.core.dispatcher.subscribe((message) => {
      if (message.event === 'presence.changed') heard.push(message.payload);
    });
    await desk.value('presence.view', { incidentId: 'inc-1' });
    expect(await peopleAt(desk)).toEqual([{ displayName: 'Ada Admin', seat: 'Front desk', viewing: 'inc-1' }]);
    expect(heard.at(-1)?.people).toMatchObject([{ displayName: 'Ada Admin', viewing: 'inc-1' }]);
    await desk.call('auth.signOut');
    const other = seatAt(embedded.core, 'Back office');
    await other.signIn('ada', ADA.password);
    expect(await peopleAt(other)).toEqual([{ displayName: 'Ada Admin', seat: 'Back office', viewing: null }]);
  });
});
