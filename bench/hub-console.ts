// hub-console: what a console connected to a hub costs, seen from the console. In one process, on
// loopback with TLS: a hub core with the change feed and the real hub server, and console cores
// made by createCore({ hub }). (1) A fresh console joining a hub that holds 2,000 sites (a snapshot
// then a catch-up) until it is connected and caught up; its replica's size. (2) A command at
// console A (sites.update), answered only once A's replica holds it: round trip p50/p95. (3) The
// same change reaching console B: from A sending it to B relaying the hub's event, which B does only
// once its replica holds the change.
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { generate } from 'selfsigned';
import { createCore, type Core } from '../src/core/app';
import { createSilentLogger } from '../src/core/logging';
import { createChangeFeed } from '../src/core/replication';
import { invoke, LOCAL_OPERATOR } from '../src/core/service';
import { createHubPresence, createHubServer } from '../src/core/transport';
import type { BackendState, RegisteredSeat, Site } from '../src/shared/contract';
import { systemClock, systemTimers } from '../src/shared/domain/clock';
import { seatAt } from '../test/support/people';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report } from './support/report';

const SITES = 2_000;
const COMMANDS = 300;
const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-'));
  dirs.push(dir);
  return dir;
};
const common = {
  mode: 'serve' as const,
  version: 'bench',
  clock: systemClock,
  timers: systemTimers,
  logger: createSilentLogger(),
  sopFolder: null,
};

const hub = createCore({ ...common, dataDir: newDir(), dbKey: randomBytes(32) });
const feed = createChangeFeed(hub.store.sqlite, { clock: systemClock });
const asHub = { actor: LOCAL_OPERATOR };
for (let i = 0; i < SITES; i += 1) await invoke(hub.dispatcher, 'sites.create', { name: `Site ${String(i).padStart(4, '0')}` }, asHub);
const seats: RegisteredSeat[] = [];
for (const name of ['A', 'B', 'Joining']) seats.push(await invoke(hub.dispatcher, 'seats.register', { name }, asHub));
const pems = await generate([{ name: 'commonName', value: 'bench hub' }], { keySize: 2048 });
const server = createHubServer({
  dispatcher: hub.dispatcher,
  heartbeatRoute: hub.monitoring.heartbeatRoute,
  opsRoute: hub.opsRoute,
  seats: hub.seats,
  feed,
  actorFor: hub.people.actorFor,
  vouchedActorFor: hub.people.vouchedActor,
  recordAudit: (entry) => hub.recordAudit(entry),
  presence: createHubPresence(),
  tls: { key: pems.private, cert: pems.cert },
  clock: systemClock,
  timers: systemTimers,
  logger: createSilentLogger(),
});
await new Promise<void>((resolve) => server.https.listen(0, '127.0.0.1', resolve));
const address = `https://127.0.0.1:${(server.https.address() as AddressInfo).port}`;
const fingerprint = new X509Certificate(pems.cert).fingerprint256;

function startConsole(seat: RegisteredSeat): { core: Core; dataDir: string } {
  const dataDir = newDir();
  const core = createCore({
    ...common,
    dataDir,
    dbKey: randomBytes(32),
    hub: { address, fingerprint, seatId: seat.seatId, credential: seat.credential },
  });
  core.start();
  return { core, dataDir };
}

/** Resolves when the console's link says connected with its replica at the hub's head. */
function caughtUp(core: Core): Promise<void> {
  return new Promise((resolve) => {
    const check = (state: BackendState) => {
      if (state.link.state === 'connected' && state.link.appliedSeq >= feed.head()) resolve();
    };
    core.dispatcher.subscribe((message) => {
      if (message.event === 'backend.changed') check(message.payload);
    });
  });
}

// (1) Joining: snapshot of everything, then the catch-up.
const joinStart = performance.now();
const joining = startConsole(seats[2]!);
await caughtUp(joining.core);
const joinMs = performance.now() - joinStart;
joining.core.close();
const replicaBytes = ['replica.db', 'replica.db-wal'].reduce((sum, name) => {
  try {
    return sum + statSync(join(joining.dataDir, name)).size;
  } catch {
    return sum;
  }
}, 0);

// (2) and (3): A commands, B follows.
const a = startConsole(seats[0]!);
const b = startConsole(seats[1]!);
await Promise.all([caughtUp(a.core), caughtUp(b.core)]);
const seatA = seatAt(a.core, 'A');
const seatB = seatAt(b.core, 'B');
const setup = await seatA.call('auth.setup', { username: 'ben', displayName: 'Ben Bench', password: 'a bench passphrase of length' });
if (!setup.ok) throw new Error(`set-up: ${setup.error.message}`);
await seatB.signIn('ben', 'a bench passphrase of length');
const site = (await seatA.value<Site[]>('sites.list'))[0]!;
const roundTrips: number[] = [];
const deliveries: number[] = [];
let sentAt = 0;
let delivered: (() => void) | null = null;
b.core.dispatcher.subscribe((message) => {
  if (message.event === 'monitors.changed' && delivered) {
    deliveries.push(performance.now() - sentAt);
    delivered();
  }
});
for (let i = 0; i < COMMANDS; i += 1) {
  const atB = new Promise<void>((resolve) => (delivered = resolve));
  sentAt = performance.now();
  const answer = await seatA.call('sites.update', { id: site.id, site: { name: `Renamed ${i}` } });
  roundTrips.push(performance.now() - sentAt);
  if (!answer.ok) throw new Error(`sites.update: ${answer.error.message}`);
  await atB;
  delivered = null;
}
a.core.close();
b.core.close();
await server.close();
hub.close();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

report('hub-console', {
  join_2000_sites_ms: { value: joinMs, unit: 'ms' },
  replica_bytes: { value: replicaBytes, unit: 'bytes' },
  command_roundtrip_p50: { value: percentile(roundTrips, 50), unit: 'ms' },
  command_roundtrip_p95: { value: percentile(roundTrips, 95), unit: 'ms' },
  delivery_to_other_console_p50: { value: percentile(deliveries, 50), unit: 'ms' },
  delivery_to_other_console_p99: {
    value: percentile(deliveries, 99),
    unit: 'ms',
    target: '<= 1000 (an alarm reaches every seat within a second)',
  },
  reference: referenceFigure(measureReferenceMs()),
});
process.exit(0);
