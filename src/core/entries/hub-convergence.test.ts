import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFailed, vi } from 'vitest';
import type { ConsoleAsk, ConsoleChildConfig, ConsoleReply, ConsoleRequest } from '../../../test/support/hub-console-child';
import { startHubProcess, type HubProcess, type HubSeatCredentials } from '../../../test/support/hub-process';
import { ADMIN } from '../../../test/support/people';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, BackendLink, Envelope, Incident, Monitor, OutboxList, Site } from '../../shared/contract';
import { DATABASE_FILE_NAME } from '../app';
import { openDatabase } from '../db';
import { REPLICATED_TABLES, tableChecksums } from '../replication';

const tempDir = useTempDirs();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SEATS = ['Seat A', 'Seat B', 'Seat C'];
const STEPS = 40;
const HUB_RESTARTS = 2;
const CONSOLE_KILLS = 1;
/** The consoles' app time: a fake clock each, moved by the test (the hub, a real process, runs on the machine's). */
const CONSOLE_EPOCH = Date.UTC(2026, 10, 23, 8, 0, 0);
/** How long the test waits for a condition (a reconnection, convergence) before it fails. */
const BOUND_MS = 20_000;

/** A small seeded generator (mulberry32): the same seed gives the same schedule. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** A console core in a child process on its own replica: it can be killed with SIGKILL and started again on the same files. */
class ConsoleProcess {
  private child: ChildProcess | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(
    readonly name: string,
    private readonly config: ConsoleChildConfig,
    readonly proxy: TcpProxy,
  ) {}

  alive(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const child = fork('test/support/hub-console-child.ts', [JSON.stringify(this.config)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      // What was asked of a killed console has no answer: its outcome is unknown to the person at it.
      for (const [id, waiter] of this.waiting) {
        this.waiting.delete(id);
        waiter.reject(new Error(`${this.name} exited`));
      }
    });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (reply: ConsoleReply) => {
        if (reply.kind === 'ready') return resolve();
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.kind === 'answer') waiter?.resolve(reply.value);
        else waiter?.reject(new Error(reply.message));
      });
      child.once('exit', (code) => reject(new Error(`${this.name} exited with ${code} before it was ready`)));
    });
  }

  private ask<T>(request: ConsoleAsk): Promise<T> {
    const child = this.child;
    if (!child) return Promise.reject(new Error(`${this.name} is not running`));
    const id = (this.nextId += 1);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id } satisfies ConsoleRequest);
    });
  }

  call = (method: string, input?: unknown) => this.ask<Envelope>({ kind: 'call', method, input });
  advance = (ms: number) => this.ask<null>({ kind: 'advance', ms });
  link = () => this.ask<BackendLink>({ kind: 'link' });
  checksums = (now: number) => this.ask<Record<string, string>>({ kind: 'checksums', now });

  async value<T>(method: string, input?: unknown): Promise<T> {
    const envelope = await this.call(method, input);
    if (!envelope.ok) throw new Error(`${this.name} ${method}: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as T;
  }

  /** kill -9: no shutdown at all, as a crash or a pulled plug. */
  kill9(): Promise<void> {
    return this.exit('SIGKILL');
  }

  /** Closes its core and exits. */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.disconnect();
    return exited;
  }

  private exit(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    return exited;
  }
}

/** A command a person gave at a console, and what the console told them. */
interface GivenCommand {
  seat: string;
  method: string;
  /** The unique text it carries (a note, a reason, a name), to find it on the hub; null for a claim. */
  token: string | null;
  /**
   * `applied` when the console answered ok from the hub; `kept` when it answered ok as pending sync
   * (in its outbox: settled as applied or refused once the outbox has drained); `unknown` when the
   * console was killed before it answered.
   */
  outcome: 'pending' | 'applied' | 'kept' | 'refused' | 'unavailable' | 'unknown';
}

/** Runs the schedule of `seed`; `trail` says what happened, with how long each step took, for a failure to show. */
async function runSchedule(seed: number, trail: string[]): Promise<void> {
  const random = seededRandom(seed);
  const hubDir = tempDir();
  const hubKey = randomBytes(32).toString('hex');
  let hub: HubProcess = await startHubProcess({ dataDir: hubDir, dbKeyHex: hubKey, registerSeats: SEATS });
  cleanups.push(() => hub.stop());
  const port = hub.port;
  const credentials = new Map<string, HubSeatCredentials>(hub.seats.map((seat) => [seat.name, seat]));

  const consoles: ConsoleProcess[] = [];
  for (const name of SEATS) {
    const proxy = await startTcpProxy(port);
    cleanups.push(() => proxy.close());
    const seat = credentials.get(name)!;
    const console = new ConsoleProcess(
      name,
      {
        dataDir: tempDir(),
        dbKeyHex: randomBytes(32).toString('hex'),
        address: `https://127.0.0.1:${proxy.port}`,
        fingerprint: hub.fingerprint,
        seatId: seat.seatId,
        credential: seat.credential,
        seatName: name,
        startAt: CONSOLE_EPOCH,
      },
      proxy,
    );
    consoles.push(console);
    cleanups.push(() => console.stop());
  }
  await Promise.all(consoles.map((console) => console.start()));
  trail.push('hub and consoles started');

  /** Waits for the condition, moving every running console's clock a second at each look (its link retries on that clock). */
  const until = (what: string, condition: () => Promise<void>) =>
    vi
      .waitFor(
        async () => {
          await Promise.all(consoles.filter((c) => c.alive()).map((c) => c.advance(1_000)));
          await condition();
        },
        { timeout: BOUND_MS, interval: 100 },
      )
      .catch((error: unknown) => {
        throw new Error(`${what} did not happen within ${BOUND_MS} ms: ${error instanceof Error ? error.message : String(error)}`);
      });
  const connected = (console: ConsoleProcess) =>
    until(`${console.name} connected`, async () => expect((await console.link()).state).toBe('connected'));
  const signIn = async (console: ConsoleProcess) => {
    await connected(console);
    await console.value('auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  };

  // The first admin is made at A; everyone works as her, each at their own seat.
  await Promise.all(consoles.map(connected));
  const [first] = consoles;
  await first!.value('auth.setup', ADMIN);
  for (const console of consoles.slice(1)) await signIn(console);
  const site = await first!.value<Site>('sites.create', { name: 'Harbour depot' });
  const monitors: Monitor[] = [];
  for (let i = 1; i <= 5; i += 1)
    monitors.push(await first!.value<Monitor>('monitors.create', { siteId: site.id, name: `Gate ${i}`, probe: { kind: 'manual' } }));
  const incident = await first!.value<Incident>('incidents.create', { title: 'Harbour gate forced', priority: 'P1', sopSlug: null });
  for (const monitor of monitors) await first!.value('monitors.setManualState', { id: monitor.id, status: 'down', note: 'No signal' });
  trail.push('signed in, site, monitors, incident and alerts made');

  const given: GivenCommand[] = [];
  const inFlight = new Map<ConsoleProcess, GivenCommand[]>(consoles.map((console) => [console, []]));
  let tokens = 0;

  /** What a person at this console does next, on what their replica shows. */
  async function give(console: ConsoleProcess): Promise<void> {
    // A person at a console that is reconnecting waits until it says online; one whose link is cut gives it anyway.
    if (!console.proxy.isCut()) await connected(console);
    const token = `${console.name} #${(tokens += 1)}`;
    const { alerts } = await console.value<{ alerts: Alert[] }>('alerts.snapshot', {});
    const open = alerts.filter((alert) => alert.state !== 'resolved');
    const choices: { method: string; input: unknown; token: string | null }[] = [
      { method: 'incidents.addNote', input: { id: incident.id, note: token }, token },
      {
        method: 'monitors.update',
        input: { id: random.pick(monitors).id, monitor: { siteId: site.id, name: token, probe: { kind: 'manual' } } },
        token,
      },
      {
        method: 'monitors.setManualState',
        input: { id: random.pick(monitors).id, status: random.pick(['up', 'down'] as const), note: token },
        token,
      },
    ];
    if (open.length > 0) {
      const alert = random.pick(open);
      choices.push(
        { method: 'alerts.acknowledge', input: { id: alert.id, reason: 'genuine', note: token }, token },
        { method: 'alerts.claim', input: { id: alert.id }, token: null },
        { method: 'alerts.resolve', input: { id: alert.id, reason: token }, token },
      );
    }
    const { method, input, token: carried } = random.pick(choices);
    const command: GivenCommand = { seat: console.name, method, token: carried, outcome: 'pending' };
    given.push(command);
    inFlight.get(console)!.push(command);
    void console.call(method, input).then(
      (envelope) => {
        const kept = envelope.ok && 'pendingSync' in envelope;
        command.outcome = kept ? 'kept' : envelope.ok ? 'applied' : envelope.error.code === 'unavailable' ? 'unavailable' : 'refused';
      },
      () => {
        command.outcome = 'unknown';
      },
    );
    // Some answers are waited for (a person waits for the click), others overlap what comes next.
    if (random.next() < 0.3) await until(`${token} answered`, () => Promise.resolve(expect(command.outcome).not.toBe('pending')));
  }

  // Not awaited on the promises themselves: the consoles' clocks must keep moving while they wait (their links retry on them).
  const awaitAnswers = async (console: ConsoleProcess) => {
    await until(`${console.name}'s commands answered`, () =>
      Promise.resolve(expect(inFlight.get(console)!.filter((command) => command.outcome === 'pending')).toEqual([])),
    );
    inFlight.set(console, []);
  };

  // Where the hub restarts and a console is killed: a bounded number of each, at steps the seed picks.
  const disruptions = new Map<number, 'restart hub' | 'kill -9 a console'>();
  for (const [what, count] of [['restart hub', HUB_RESTARTS] as const, ['kill -9 a console', CONSOLE_KILLS] as const])
    for (let placed = 0; placed < count;) {
      const step = 5 + random.below(STEPS - 5);
      if (disruptions.has(step)) continue;
      disruptions.set(step, what);
      placed += 1;
    }
  for (let step = 0; step < STEPS; step += 1) {
    await Promise.all(consoles.filter((c) => c.alive()).map((c) => c.advance(1_000)));
    const console = random.pick(consoles);
    const disruption = disruptions.get(step);
    const roll = random.next();
    const stepStarted = performance.now();
    const did = (what: string) => trail.push(`step ${step}: ${console.name}, ${what} (${Math.round(performance.now() - stepStarted)} ms)`);
    if (disruption === 'restart hub') {
      await hub.stop();
      hub = await startHubProcess({ dataDir: hubDir, dbKeyHex: hubKey, port });
      did('hub restarted');
    } else if (disruption === 'kill -9 a console') {
      await console.kill9();
      inFlight.set(console, []);
      // Started again at once on its replica; the person signs in again once it reaches the hub.
      await console.start();
      console.proxy.restore();
      await signIn(console);
      did('killed with SIGKILL, started again and signed in');
    } else if (roll < 0.5) {
      await give(console);
      did(`gave ${given.at(-1)!.method}`);
    } else if (roll < 0.62) {
      // The link drops while the command is on its way or its answer is: the console sends it again under the same id.
      await give(console);
      console.proxy.cut();
      did(`gave ${given.at(-1)!.method}, link cut`);
    } else if (roll < 0.74) {
      const other = random.pick(consoles);
      other.proxy.restore();
      did(`${other.name}'s link restored`);
    } else if (roll < 0.8) {
      console.proxy.cut();
      did('link cut');
    } else if (roll < 0.9) {
      // A person waits for what they gave; the answer comes once the link is back.
      console.proxy.restore();
      await awaitAnswers(console);
      did('link restored, answers waited for');
    } else {
      // A burst: every running console gives a command at once.
      await Promise.all(consoles.map(give));
      did('a burst from every console');
    }
  }

  // The network heals: every answer comes, and every replica converges on the hub.
  for (const console of consoles) console.proxy.restore();
  for (const console of consoles) await awaitAnswers(console);
  expect(given.filter((command) => command.outcome === 'pending')).toEqual([]);
  trail.push('links restored, every answer came');

  // What went into an outbox (a kill -9 included: the outbox is in the replica) is sent once the hub
  // is back; the hub applies it or refuses it, and a refused one stays listed at its console.
  const refusedTokens = new Set<string>();
  for (const console of consoles) {
    await until(`${console.name}'s outbox sent`, async () => {
      const { entries } = await console.value<OutboxList>('outbox.list');
      expect(entries.filter((entry) => entry.state === 'pending')).toEqual([]);
      for (const entry of entries) refusedTokens.add(JSON.stringify(entry.input));
    });
  }
  const keptCount = given.filter((command) => command.outcome === 'kept').length;
  for (const command of given) {
    if (command.outcome !== 'kept') continue;
    const refused = [...refusedTokens].some((input) => command.token !== null && input.includes(JSON.stringify(command.token)));
    command.outcome = command.token === null ? 'unknown' : refused ? 'refused' : 'applied';
  }
  trail.push(`outboxes sent: ${keptCount} kept offline, ${given.filter((command) => command.outcome === 'refused').length} refused in all`);

  const hubPath = join(hubDir, DATABASE_FILE_NAME);
  const hubChecksums = () => {
    const opened = openDatabase(hubPath, Buffer.from(hubKey, 'hex'), { readonly: true });
    try {
      return tableChecksums(opened.sqlite, REPLICATED_TABLES, CONSOLE_EPOCH, true);
    } finally {
      opened.sqlite.close();
    }
  };
  await until('every replica equal to the hub', async () => {
    const expected = hubChecksums();
    for (const console of consoles) expect(await console.checksums(CONSOLE_EPOCH), console.name).toEqual(expected);
  });

  trail.push('replicas equal to the hub');
  // Exactly once: what a console said was applied is on the hub once; nothing else is on it more than once.
  await Promise.all(consoles.map((console) => console.stop()));
  await hub.stop();
  const { sqlite } = openDatabase(hubPath, Buffer.from(hubKey, 'hex'));
  cleanups.push(() => void sqlite.close());
  const audited = sqlite.prepare(
    `SELECT count(*) FROM audit_log WHERE action = ? AND result = 'ok' AND issued_at IS NOT NULL AND (after_json LIKE ? OR detail LIKE ?)`,
  );
  const notes = sqlite.prepare(`SELECT count(*) FROM incident_events WHERE incident_id = ? AND detail = ?`).pluck();
  for (const command of given) {
    if (command.token === null) continue;
    const times = {
      audited: audited.pluck().get(command.method, `%"${command.token}"%`, `%${command.token}%`) as number,
      ...(command.method === 'incidents.addNote' ? { noted: notes.get(incident.id, command.token) as number } : {}),
    };
    const expected = command.outcome === 'applied' ? 1 : command.outcome === 'refused' ? 0 : Math.min(1, times.audited);
    expect(times, `${command.method} "${command.token}" (${command.outcome})`).toEqual(
      command.method === 'incidents.addNote' ? { audited: expected, noted: expected } : { audited: expected },
    );
  }
  // Every command applied has its receipt, and one audit entry per receipt (claims carry no text to find them by).
  const receipts = sqlite.prepare(`SELECT method, count(*) AS n FROM command_receipts WHERE outcome = 'applied' GROUP BY method`).all();
  const forwarded = sqlite
    .prepare(`SELECT action AS method, count(*) AS n FROM audit_log WHERE issued_at IS NOT NULL AND result = 'ok' GROUP BY action`)
    .all();
  expect(forwarded).toEqual(receipts);
  const appliedClaims = given.filter((command) => command.method === 'alerts.claim' && command.outcome === 'applied').length;
  const receiptOf = (method: string) => (receipts as { method: string; n: number }[]).find((row) => row.method === method)?.n ?? 0;
  expect(receiptOf('alerts.claim')).toBeGreaterThanOrEqual(appliedClaims);
  expect(given.filter((command) => command.outcome === 'applied').length).toBeGreaterThan(0);
}

describe('consoles on a real hub process, through cut links, hub restarts and kill -9', () => {
  it('apply every command they said was applied exactly once, and their replicas equal the hub', async () => {
    const seed = Number(process.env.CONVERGENCE_SEED ?? randomInt(2 ** 31));
    const trail: string[] = [];
    // Also on a timeout, which no catch here would see.
    onTestFailed(() => void process.stderr.write(`Replay with CONVERGENCE_SEED=${seed}. What happened:\n${trail.join('\n')}\n`));
    await runSchedule(seed, trail);
  }, 120_000);
});
