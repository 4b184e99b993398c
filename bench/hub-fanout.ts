// hub-fanout: a real hub process (TLS, socket.io) with 2,000 monitors and 20 console links on
// loopback, each with its own encrypted replica (the real link and replica code, in this process,
// without a console's views). The hub probes 1,400 TCP monitors against a listener here (steady
// probe results), and a driver seat makes 20 status changes a second on 100 manual monitors, plus
// an alert storm: 500 manual monitors down at once. Measured: from a commit on the hub (seen by a
// worker polling the hub's change feed, read-only, every millisecond) to the replica of the last of
// the 20 consoles holding it; and the hub process's CPU over the same workload with 20 consoles
// and with none (alternating), per console.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { E2E_ADMIN } from '../e2e/support/serve';
import { HUB_MESSAGES, HUB_NAMESPACE, HUB_PROTOCOL_VERSION, type BoardSnapshot, type HubCallAnswer } from '../src/shared/contract';
import { startHubProcess, type HubSeatCredentials } from '../test/support/hub-process';
import type { FanoutConfig, FanoutReply, FanoutRequest } from './support/fanout-consoles';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report } from './support/report';

const CONSOLES = 20;
const CONSOLES_PER_PROCESS = 5;
const PROBED = 1_400;
const FLIPPERS = 100;
const STORM = 500;
const CHANGES_PER_SECOND = 20;
const PHASE_MS = 8_000;
const STORM_AT_MS = 3_000;
/** Phases with 0 and with 20 consoles, alternating which comes first in each pair. */
const PAIRS = 2;

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-fanout-'));
  dirs.push(dir);
  return dir;
};
const now = () => performance.timeOrigin + performance.now();

// What the hub probes: a listener that accepts and closes (a TCP probe is up when it connects).
const targets = createServer((socket) => socket.destroy());
await new Promise<void>((resolve) => targets.listen(0, '127.0.0.1', resolve));
const targetPort = (targets.address() as AddressInfo).port;

const hubDir = newDir();
const hubKey = randomBytes(32).toString('hex');
const seatNames = ['Driver', ...Array.from({ length: CONSOLES }, (_, i) => `Console ${i + 1}`)];
const hub = await startHubProcess({ dataDir: hubDir, dbKeyHex: hubKey, registerSeats: seatNames });
const seatOf = new Map<string, HubSeatCredentials>(hub.seats.map((seat) => [seat.name, seat]));
// A bench that fails half-way (even before its consoles start) must not leave a hub probing behind it.
process.on('exit', () => hub.kill());

/** The hub process's CPU time so far (user + system), from /proc. */
function hubCpuMs(): number {
  const stat = readFileSync(`/proc/${hub.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

// ---- the driver: a seat signed in as the first admin, giving the hub its work ----
const driver: Socket = io(`${hub.url}${HUB_NAMESPACE}`, {
  auth: { protocol: HUB_PROTOCOL_VERSION, seatId: seatOf.get('Driver')!.seatId, credential: seatOf.get('Driver')!.credential },
  transports: ['websocket'],
  rejectUnauthorized: false,
});
await new Promise<void>((resolve, reject) => {
  driver.once('connect', () => resolve());
  driver.once('connect_error', reject);
});
let sessionToken: string | null = null;
/** A call as the driver's person; sent again after a lost connection (a hub busy importing may miss a heartbeat). */
async function hubCall<T>(method: string, input: unknown): Promise<T> {
  let answer: HubCallAnswer | null = null;
  while (answer === null) {
    if (!driver.connected) await new Promise<void>((resolve) => driver.once('connect', () => resolve()));
    answer = (await driver
      .emitWithAck(HUB_MESSAGES.call, { method, input: input ?? null, sessionToken })
      .catch(() => null)) as HubCallAnswer | null;
  }
  if (!answer.envelope.ok) throw new Error(`${method}: ${answer.envelope.error.message}`);
  sessionToken = answer.sessionToken ?? sessionToken;
  return answer.envelope.value as T;
}
await hubCall('auth.setup', E2E_ADMIN);
const document = {
  format: 'watchroom-config',
  version: 1,
  sites: [{ id: 'depot', name: 'Bench depot' }],
  monitors: [
    ...Array.from({ length: PROBED }, (_, i) => ({
      id: `probed-${i}`,
      siteId: 'depot',
      name: `Camera ${i}`,
      probe: { kind: 'tcp', host: '127.0.0.1', port: targetPort },
      intervalSeconds: 30,
      timeoutSeconds: 5,
    })),
    ...Array.from({ length: FLIPPERS }, (_, i) => ({ id: `flip-${i}`, siteId: 'depot', name: `Gate ${i}`, probe: { kind: 'manual' } })),
    ...Array.from({ length: STORM }, (_, i) => ({ id: `storm-${i}`, siteId: 'depot', name: `Door ${i}`, probe: { kind: 'manual' } })),
  ],
};
// On a loaded machine the import's answer can be lost and the call sent again, which then finds every id taken: the board tells.
const imported = await hubCall('config.import', { text: JSON.stringify(document) }).catch((error: unknown) => error);
const board = await hubCall<BoardSnapshot>('board.snapshot', undefined);
if (imported instanceof Error && board.monitors.length === 0) throw imported;
const idsNamed = (prefix: string) => board.monitors.filter((m) => m.name.startsWith(prefix)).map((m) => m.id);
const flippers = idsNamed('Gate ');
const stormers = idsNamed('Door ');
if (board.monitors.length !== PROBED + FLIPPERS + STORM) throw new Error(`the hub holds ${board.monitors.length} monitors`);
const setState = (id: string, status: 'up' | 'down') => hubCall('monitors.setManualState', { id, status, note: 'bench' });
for (const id of [...flippers, ...stormers]) await setState(id, 'up');

// ---- the commits, as a reader of the hub's database sees them ----
const stop = new Int32Array(new SharedArrayBuffer(4));
const commits: { seq: number; at: number }[] = [];
const poller = new Worker(
  `const { workerData, parentPort } = require('node:worker_threads');
  const Database = require(workerData.driver);
  const db = new Database(workerData.path, { readonly: true });
  db.pragma("cipher='sqlcipher'"); db.pragma('legacy=4'); db.pragma(\`key="x'\${workerData.key}'"\`);
  const head = db.prepare('SELECT max(seq) FROM change_feed').pluck();
  let last = 0;
  while (Atomics.load(workerData.stop, 0) === 0) {
    const seq = head.get() ?? 0;
    if (seq > last) { last = seq; parentPort.postMessage({ seq, at: performance.timeOrigin + performance.now() }); }
    Atomics.wait(workerData.stop, 0, 0, 1);
  }
  db.close();`,
  {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: join(hubDir, 'watchroom.db'), key: hubKey, stop },
  },
);
poller.on('message', (commit: { seq: number; at: number }) => commits.push(commit));

// ---- 20 consoles: the real link, each on its own encrypted replica, five to a process ----
class ConsoleGroup {
  private readonly child: ChildProcess;
  private readonly replies: ((reply: FanoutReply) => void)[] = [];
  readonly ready: Promise<void>;

  constructor(seats: HubSeatCredentials[]) {
    const config: FanoutConfig = { url: hub.url, fingerprint: hub.fingerprint, seats };
    this.child = fork('bench/support/fanout-consoles.ts', [JSON.stringify(config)], { execArgv: ['--import', 'tsx'] });
    this.ready = new Promise((resolve) => this.replies.push(() => resolve()));
    this.child.on('message', (reply: FanoutReply) => this.replies.shift()?.(reply));
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  tell(request: FanoutRequest): void {
    this.child.send(request);
  }

  ask<K extends FanoutReply['kind']>(request: FanoutRequest): Promise<Extract<FanoutReply, { kind: K }>> {
    return new Promise((resolve) => {
      this.replies.push((reply) => resolve(reply as Extract<FanoutReply, { kind: K }>));
      this.child.send(request);
    });
  }
}
const consoleSeats = seatNames.slice(1).map((name) => seatOf.get(name)!);
const groups = Array.from(
  { length: CONSOLES / CONSOLES_PER_PROCESS },
  (_, g) => new ConsoleGroup(consoleSeats.slice(g * CONSOLES_PER_PROCESS, (g + 1) * CONSOLES_PER_PROCESS)),
);
// Nor 20 consoles.
process.on('exit', () => {
  for (const group of groups) group.kill();
});
await Promise.all(groups.map((group) => group.ready));

/** Every console connected, its replica at the newest commit seen. */
async function allCaughtUp(): Promise<void> {
  const target = commits.at(-1)?.seq ?? 0;
  for (;;) {
    const statuses = await Promise.all(groups.map((group) => group.ask<'status'>({ kind: 'status' })));
    if (statuses.every((status) => status.consoles.every((c) => c.connected && c.appliedSeq >= target))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A phase of the workload: 20 status changes a second, and the storm at STORM_AT_MS. Returns the hub's CPU over it. */
async function phase(): Promise<{ cpuMs: number; fromSeq: number; toSeq: number; startedAt: number }> {
  const fromSeq = commits.at(-1)?.seq ?? 0;
  const cpuBefore = hubCpuMs();
  const startedAt = now();
  let flips = 0;
  const given: Promise<unknown>[] = [];
  await new Promise<void>((resolve) => {
    let stormed = false;
    const tick = () => {
      const elapsed = now() - startedAt;
      if (elapsed >= PHASE_MS) return resolve();
      // Catch up on ticks a busy event loop delayed, so the rate holds.
      while (flips < (elapsed / 1000) * CHANGES_PER_SECOND) {
        const id = flippers[flips % flippers.length]!;
        given.push(setState(id, Math.floor(flips / flippers.length) % 2 === 0 ? 'down' : 'up'));
        flips += 1;
      }
      if (!stormed && elapsed >= STORM_AT_MS) {
        stormed = true;
        const storm = stormers.map((id) => setState(id, 'down'));
        given.push(...storm);
        const stormStarted = now();
        void Promise.all(storm).then(() => stormAnswered.push(now() - stormStarted));
      }
      setTimeout(tick, 10);
    };
    tick();
  });
  await Promise.all(given);
  const cpuMs = hubCpuMs() - cpuBefore;
  const toSeq = commits.at(-1)?.seq ?? 0;
  // Back to calm for the next phase, outside what is measured.
  await Promise.all([...stormers.map((id) => setState(id, 'up')), ...flippers.map((id) => setState(id, 'up'))]);
  return { cpuMs, fromSeq, toSeq, startedAt };
}

const cpu = { none: [] as number[], twenty: [] as number[] };
/** How long the hub took to answer the storm's 500 commands, each phase. */
const stormAnswered: number[] = [];
/** This process's own event-loop delay while the consoles are measured: how starved the machine leaves a process. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const deliveries: number[] = [];
/** The same, for commits before the storm, and from the storm on. */
const calm: number[] = [];
const stormAndAfter: number[] = [];
const eventsByName: Record<string, number> = {};
let eventBytes = 0;
/** Rows the consoles' replicas applied over the measured phases (and the catch-up ending each), by table. */
const rowsByTable: Record<string, number> = {};
for (let pair = 0; pair < PAIRS; pair += 1) {
  const order = pair % 2 === 0 ? (['none', 'twenty'] as const) : (['twenty', 'none'] as const);
  for (const which of order) {
    if (which === 'none') {
      cpu.none.push((await phase()).cpuMs);
      continue;
    }
    for (const group of groups) group.tell({ kind: 'connect' });
    await allCaughtUp();
    await Promise.all(groups.map((group) => group.ask<'taken'>({ kind: 'take' })));
    loopDelay.enable();
    const measured = await phase();
    loopDelay.disable();
    await allCaughtUp();
    const taken = await Promise.all(groups.map((group) => group.ask<'taken'>({ kind: 'take' })));
    for (const group of groups) group.tell({ kind: 'disconnect' });
    cpu.twenty.push(measured.cpuMs);
    const applied = taken.flatMap((t) => t.applied);
    for (const t of taken) {
      eventBytes += t.eventBytes;
      for (const [table, count] of Object.entries(t.rowsByTable)) rowsByTable[table] = (rowsByTable[table] ?? 0) + count;
      for (const [name, count] of Object.entries(t.events)) eventsByName[name] = (eventsByName[name] ?? 0) + count;
    }
    // Each commit in the phase: until the last console's replica held it.
    for (const commit of commits) {
      if (commit.seq <= measured.fromSeq || commit.at < measured.startedAt) continue;
      if (commit.seq > measured.toSeq) break;
      const heldAt = applied.map((times) => times.find((a) => a.toSeq >= commit.seq)?.at ?? Number.POSITIVE_INFINITY);
      const delivery = Math.max(...heldAt) - commit.at;
      deliveries.push(delivery);
      (commit.at - measured.startedAt < STORM_AT_MS ? calm : stormAndAfter).push(delivery);
    }
  }
}

Atomics.store(stop, 0, 1);
await poller.terminate();
driver.close();
for (const group of groups) group.tell({ kind: 'exit' });
await hub.stop();
targets.close();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const perConsoleMs = (sum(cpu.twenty) - sum(cpu.none)) / cpu.twenty.length / CONSOLES;
report('hub-fanout', {
  commit_to_last_of_20_consoles_p50: { value: percentile(deliveries, 50), unit: 'ms' },
  commit_to_last_of_20_consoles_p99: { value: percentile(deliveries, 99), unit: 'ms', target: '<= 250' },
  commit_to_last_of_20_consoles_max: { value: Math.max(...deliveries), unit: 'ms' },
  before_storm_p50: { value: percentile(calm, 50), unit: 'ms (20 status changes a second only)' },
  before_storm_p99: { value: percentile(calm, 99), unit: 'ms (20 status changes a second only)' },
  storm_and_after_p50: { value: percentile(stormAndAfter, 50), unit: 'ms' },
  storm_and_after_p99: { value: percentile(stormAndAfter, 99), unit: 'ms' },
  storm_commands_answered_in: {
    value: percentile(stormAnswered, 50),
    unit: 'ms, median over phases (the hub applying 500 manual-state commands, each its own transaction and audit entry)',
  },
  bench_event_loop_delay_p99: {
    value: loopDelay.percentile(99) / 1e6,
    unit: 'ms (the driving process: what the machine leaves a process)',
  },
  commits_measured: { value: deliveries.length, unit: 'commits' },
  hub_cpu_with_20_consoles: { value: (100 * sum(cpu.twenty)) / cpu.twenty.length / PHASE_MS, unit: '% of one core' },
  hub_cpu_with_no_console: { value: (100 * sum(cpu.none)) / cpu.none.length / PHASE_MS, unit: '% of one core' },
  hub_cpu_per_console: { value: (100 * perConsoleMs) / PHASE_MS, unit: '% of one core per connected console' },
  events_per_console_per_s: {
    value: Object.values(eventsByName).reduce((total, n) => total + n, 0) / CONSOLES / ((PHASE_MS / 1000) * PAIRS),
    unit: `events (${Object.entries(eventsByName)
      .map(([name, n]) => `${name} ${Math.round(n / CONSOLES / PAIRS)}`)
      .join(', ')} per console per phase)`,
  },
  replica_rows_per_console_per_phase: {
    value: Object.values(rowsByTable).reduce((total, n) => total + n, 0) / CONSOLES / PAIRS,
    unit: `rows applied (${Object.entries(rowsByTable)
      .sort(([, a], [, b]) => b - a)
      .map(([table, n]) => `${table} ${Math.round(n / CONSOLES / PAIRS)}`)
      .join(', ')})`,
  },
  event_bytes_per_console_per_s: { value: eventBytes / CONSOLES / ((PHASE_MS / 1000) * PAIRS), unit: 'bytes (JSON payloads)' },
  monitors: { value: PROBED + FLIPPERS + STORM, unit: `monitors (${PROBED} probed, ${FLIPPERS + STORM} manual)` },
  status_changes: { value: CHANGES_PER_SECOND, unit: `per s, plus a storm of ${STORM} down at once, over ${PHASE_MS} ms phases` },
  reference: referenceFigure(measureReferenceMs()),
});
process.exit(0);
