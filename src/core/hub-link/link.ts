import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type CommandReceipt,
  FeedChangesAnswer,
  HUB_MESSAGES,
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  HubCallAnswer,
  HubCommandAnswer,
  HubEvents,
  type HubEvent,
  HubHello,
  HubRefusal,
  FeedPush,
  Presence,
  SnapshotPage,
  type PresenceReport,
  type BackendLink,
  type Envelope,
  type FeedChanges,
  type HubCall,
  type HubCommand,
  type HubHandshake,
  type SnapshotCursor,
} from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { Logger } from '../logging';
import { mergePushes } from './merge-pushes';
import { type CertificateChangedError, PinnedAgent } from './pinned-tls';

/** What the link needs of the replica (the feed's `Replica` is one). */
export interface ReplicaPort {
  appliedSeq(): number;
  hubId(): string | null;
  /** `applied` or `already-applied`; anything else (a gap, no hub yet) means the replica needs a catch-up or a snapshot. */
  apply(changes: FeedChanges): { kind: string };
  beginSnapshot(hubId: string, asOfSeq: number): void;
  applySnapshotPage(page: SnapshotPage): void;
  finishSnapshot(): void;
}

export interface HubLinkOptions {
  address: string;
  fingerprint: string;
  seatId: string;
  credential: string;
  replica: ReplicaPort;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The replica applied changes to these tables (every table after a snapshot): in-memory views follow. */
  onApplied(tables: ReadonlySet<string>): void;
  /** A hub event, once the replica holds what it is about: the console's renderer is told. */
  onEvent(event: string, payload: unknown): void;
  /** The hub refused this seat's handshake (a revoked or unknown seat): why, for programs, and in the hub's words. */
  onSeatRefused?(refusal: HubRefusal['reason'] | null, message: string): void;
  /** The link's state changed (or, at most once a second, how fresh the replica is). */
  onState(link: BackendLink): void;
  /** How long a request waits for the hub's answer before it is given up (or, for a command, sent again). */
  requestTimeoutMs?: number;
  /** The replica caught up after a (re)connect: what waited for the hub (the outbox) may go now. */
  onSynchronized?(): void;
}

export interface HubLink {
  start(): void;
  stop(): void;
  state(): BackendLink;
  /** Runs a contract method on the hub as the person the token signs in; `unavailable` while offline. */
  call(method: string, input: unknown, sessionToken: string | null): Promise<HubCallAnswer>;
  /**
   * Sends a command under a fresh id (resent under the same id if an answer is lost) and answers
   * once the replica has applied the receipt's seq, so a read right after sees the change.
   */
  command(method: string, input: unknown, sessionToken: string | null): Promise<Envelope>;
  /** True once the replica caught up after connecting, until the connection is lost. */
  online(): boolean;
  /**
   * Sends one command as it is (an outbox entry, under its own id) and answers the hub's answer,
   * or null when it went unanswered (offline, the connection lost, no answer in time): send it again.
   */
  send(command: HubCommand): Promise<HubCommandAnswer | null>;
  /** Resolves true once the replica holds the hub's change `seq` (fetched now), false if it did not within the request timeout. */
  holds(seq: number): Promise<boolean>;
  /** Tells the hub who is signed in here and what they view; answers everyone's presence, or null while the hub cannot be asked. */
  presence(report: PresenceReport): Promise<Presence | null>;
}

const PAGE_CHANGES = 2_000;
const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a command keeps trying (the same id, so never applied twice) before it says the hub did not answer. */
const COMMAND_PATIENCE_MS = 20_000;
const FRESHNESS_EVERY_MS = 1_000;
const RETRY_AFTER_REFUSAL_MS = 5_000;

const unreachable = (address: string): Envelope => ({
  ok: false,
  error: {
    code: 'unavailable',
    message: `The hub at ${address} cannot be reached; nothing was sent. Try again when the console is back online.`,
  },
});

export function createHubLink(options: HubLinkOptions): HubLink {
  const { address, replica, clock, timers, logger } = options;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  let refusal: CertificateChangedError | null = null;
  const agent = new PinnedAgent({
    fingerprint: options.fingerprint,
    onRefused: (error) => {
      refusal = error;
    },
  });
  let socket: Socket | null = null;
  let connected = false;
  let seatName = '';
  let head = 0;
  let latencyMs: number | null = null;
  /** When the replica was last known to hold everything the hub had (caught up, then every packet heard). */
  let dataAsOf: number | null = null;
  let caughtUp = false;
  /** Caught up since the last connect: commands made now see what the hub has. */
  let synchronized = false;
  let offlineSince: number | null = null;
  let offlineReason = 'Not connected yet';
  let current: BackendLink = { state: 'connecting', address, appliedSeq: replica.appliedSeq(), dataAsOf: null };
  let freshnessTimer: TimerHandle | null = null;
  let retryTimer: TimerHandle | null = null;
  let freshnessDue = false;
  /** Everything that touches the replica runs in this order: catch-up, pushes, snapshot pages. */
  let syncing: Promise<void> = Promise.resolve();
  const seqWaiters: { seq: number; resolve: () => void }[] = [];
  const heldEvents: HubEvent[] = [];

  function describe(): BackendLink {
    const appliedSeq = replica.appliedSeq();
    if (connected && seatName !== '') return { state: 'connected', address, seatName, latencyMs, appliedSeq, head, dataAsOf };
    if (offlineSince !== null) return { state: 'offline', address, since: offlineSince, reason: offlineReason, appliedSeq, dataAsOf };
    return { state: 'connecting', address, appliedSeq, dataAsOf };
  }

  /** A change of state is told at once; a fresher seq or time at most once a second. */
  function publish(): void {
    const next = describe();
    const stateChanged = next.state !== current.state;
    current = next;
    if (stateChanged) {
      options.onState(next);
      return;
    }
    freshnessDue = true;
    freshnessTimer ??= timers.after(FRESHNESS_EVERY_MS, () => {
      freshnessTimer = null;
      if (!freshnessDue) return;
      freshnessDue = false;
      current = describe();
      options.onState(current);
    });
  }

  function heard(): void {
    if (caughtUp) dataAsOf = clock.now();
  }

  function applied(tables: ReadonlySet<string>): void {
    const seq = replica.appliedSeq();
    for (let i = seqWaiters.length - 1; i >= 0; i -= 1) {
      const waiter = seqWaiters[i]!;
      if (waiter.seq <= seq) {
        seqWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    if (tables.size > 0) options.onApplied(tables);
    while (heldEvents.length > 0 && heldEvents[0]!.atSeq <= seq) {
      const held = heldEvents.shift()!;
      options.onEvent(held.event, held.payload);
    }
    caughtUp = seq >= head;
    heard();
    publish();
  }

  async function request<T>(event: string, payload: unknown, parse: (answer: unknown) => T): Promise<T> {
    if (!socket || !connected) throw new Error('not connected');
    const sentAt = performance.now();
    const answer: unknown = await socket.timeout(timeoutMs).emitWithAck(event, payload);
    latencyMs = Math.round(performance.now() - sentAt);
    return parse(answer);
  }

  function applyChanges(changes: FeedChanges): void {
    head = Math.max(head, changes.head);
    const seq = replica.appliedSeq();
    if (changes.toSeq <= seq) return;
    const fresh = changes.fromSeq === seq ? changes : { ...changes, fromSeq: seq, changes: changes.changes.filter((c) => c.seq > seq) };
    const outcome = replica.apply(fresh);
    // Out of step: the error restarts the sync from hub.hello, which catches up or takes a snapshot.
    if (outcome.kind !== 'applied' && outcome.kind !== 'already-applied') throw new Error(`the replica refused changes (${outcome.kind})`);
    applied(new Set(fresh.changes.map((change) => change.table)));
  }

  /**
   * Pushes received and not yet applied. They are applied at the end of the event loop's turn, so
   * every push read from the socket in that turn (and any that queued while the replica was busy)
   * goes in one transaction: a console that falls behind in a storm pays for fewer, larger commits
   * instead of falling further behind one small commit per push.
   */
  let waitingPushes: FeedChanges[] = [];
  const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  function applyWaitingPushes(): Promise<void> | void {
    const runs = mergePushes(waitingPushes);
    waitingPushes = [];
    for (const run of runs) {
      // A push past a gap is not applied: the catch-up fetches what lies between.
      if (run.fromSeq > replica.appliedSeq()) return catchUp(replica.hubId() ?? '');
      applyChanges(run);
    }
  }

  async function snapshot(hubId: string): Promise<void> {
    let cursor: SnapshotCursor | null = null;
    let asOfSeq: number | null = null;
    const tables = new Set<string>();
    do {
      const page: SnapshotPage = await request(HUB_MESSAGES.snapshot, { cursor, asOfSeq }, (answer) => SnapshotPage.parse(answer));
      if (asOfSeq === null) {
        asOfSeq = page.asOfSeq;
        replica.beginSnapshot(hubId, asOfSeq);
      }
      replica.applySnapshotPage(page);
      tables.add(page.table);
      cursor = page.next;
    } while (cursor !== null);
    replica.finishSnapshot();
    logger.info({ address, asOfSeq }, 'replica snapshot taken');
    applied(tables);
  }

  async function catchUp(hubId: string): Promise<void> {
    for (;;) {
      const answer = await request(HUB_MESSAGES.changes, { afterSeq: replica.appliedSeq(), limit: PAGE_CHANGES }, (raw) =>
        FeedChangesAnswer.parse(raw),
      );
      if (answer.kind === 'snapshot-needed') {
        head = answer.head;
        await snapshot(hubId);
        continue;
      }
      applyChanges(answer);
      if (!answer.more) return;
    }
  }

  async function synchronize(): Promise<void> {
    const hello = await request(HUB_MESSAGES.hello, {}, (answer) => HubHello.parse(answer));
    head = hello.head;
    seatName = hello.seatName;
    // A replica of another hub (or none yet) is replaced whole, never mixed.
    if (replica.hubId() !== hello.hubId || replica.appliedSeq() < hello.oldest) await snapshot(hello.hubId);
    await catchUp(hello.hubId);
    caughtUp = replica.appliedSeq() >= head;
    heard();
    offlineSince = null;
    synchronized = true;
    publish();
    options.onSynchronized?.();
  }

  function enqueue(work: () => Promise<void> | void, what: string): void {
    syncing = syncing.then(work).catch((error: unknown) => {
      logger.warn({ err: error instanceof Error ? error.message : String(error), address }, `hub ${what} failed`);
      // A replica out of step with the feed is brought back by a fresh catch-up.
      socket?.disconnect().connect();
    });
  }

  /** True when the promise settled in time. */
  function within(promise: Promise<void>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = timers.after(ms, () => resolve(false));
      void promise.then(() => {
        timer.cancel();
        resolve(true);
      });
    });
  }

  /** Fetched now rather than at the hub's next batched push: a seat reads its own writes. */
  async function holds(seq: number): Promise<boolean> {
    if (replica.appliedSeq() >= seq) return true;
    const hubId = replica.hubId();
    if (hubId !== null) enqueue(() => (replica.appliedSeq() < seq ? catchUp(hubId) : undefined), 'catch-up after a command');
    return within(new Promise<void>((resolve) => seqWaiters.push({ seq, resolve })), timeoutMs);
  }

  function untilConnectedOr(ms: number): Promise<boolean> {
    return within(new Promise<void>((resolve) => socket?.once('connect', () => resolve())), Math.max(0, ms));
  }

  /**
   * socket.io reconnects by itself after a network loss, but not after the hub closed the
   * connection (a seat revoked, a console too far behind to be pushed) or refused the handshake:
   * the link tries again, slowly, so a console whose seat is back (or that needs a snapshot) recovers.
   */
  function retryUnlessActive(): void {
    if (!socket || socket.active || retryTimer) return;
    retryTimer = timers.after(RETRY_AFTER_REFUSAL_MS, () => {
      retryTimer = null;
      if (socket && !socket.connected) socket.connect();
    });
  }

  function wentOffline(reason: string): void {
    connected = false;
    synchronized = false;
    caughtUp = false;
    offlineSince ??= clock.now();
    offlineReason = refusal?.message ?? reason;
    publish();
  }

  return {
    start() {
      const handshake: HubHandshake = { protocol: HUB_PROTOCOL_VERSION, seatId: options.seatId, credential: options.credential };
      // Typed for browsers (agent: string | boolean); under Node engine.io-client hands the agent to ws as it is.
      const nodeOptions = { agent } as unknown as { agent: string };
      socket = io(`${address}${HUB_NAMESPACE}`, {
        transports: ['websocket'],
        ...nodeOptions,
        auth: handshake,
        reconnectionDelay: 500,
        reconnectionDelayMax: 2_000,
        timeout: timeoutMs,
      });
      socket.on('connect', () => {
        connected = true;
        refusal = null;
        logger.info({ address }, 'connected to the hub');
        enqueue(synchronize, 'synchronization');
      });
      socket.on('connect_error', (error: Error) => {
        // A refusal by the hub itself (an unknown or revoked seat) says so in words; a network error is "cannot be reached".
        wentOffline(
          socket?.active ? `The hub at ${address} cannot be reached: ${error.message}` : `The hub refused this seat: ${error.message}`,
        );
        if (socket && !socket.active) {
          const refusal = HubRefusal.safeParse((error as Error & { data?: unknown }).data);
          options.onSeatRefused?.(refusal.success ? refusal.data.reason : null, error.message);
        }
        retryUnlessActive();
      });
      socket.on('disconnect', (reason: string) => {
        logger.warn({ address, reason }, 'hub connection lost');
        wentOffline(`The connection to the hub was lost (${reason})`);
        retryUnlessActive();
      });
      socket.io.on('ping', heard);
      socket.on(HUB_MESSAGES.push, (raw: unknown) => {
        const push = FeedPush.safeParse(raw);
        if (!push.success) return logger.warn({ address }, 'a malformed feed push was ignored');
        waitingPushes.push(push.data);
        if (waitingPushes.length === 1) enqueue(() => endOfTurn().then(applyWaitingPushes), 'push');
      });
      socket.on(HUB_MESSAGES.events, (raw: unknown) => {
        const message = HubEvents.safeParse(raw);
        if (!message.success) return logger.warn({ address }, 'a malformed batch of hub events was ignored');
        for (const event of message.data) {
          if (event.atSeq <= replica.appliedSeq() && heldEvents.length === 0) options.onEvent(event.event, event.payload);
          else heldEvents.push(event);
        }
      });
    },
    stop() {
      freshnessTimer?.cancel();
      retryTimer?.cancel();
      socket?.disconnect();
      socket = null;
      connected = false;
      agent.destroy();
    },
    state: () => current,
    async call(method, input, sessionToken) {
      if (!connected) return { envelope: unreachable(address), sessionToken: null };
      // JSON has no undefined, and the key must be there: "no input" travels as null.
      const message: HubCall = { method, input: input ?? null, sessionToken };
      try {
        return await request(HUB_MESSAGES.call, message, (answer) => HubCallAnswer.parse(answer));
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error), method }, 'hub call failed');
        return { envelope: unreachable(address), sessionToken: null };
      }
    },
    async presence(report) {
      if (!connected) return null;
      try {
        return await request(HUB_MESSAGES.presence, report, (answer) => Presence.parse(answer));
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'presence report unanswered');
        return null;
      }
    },
    async command(method, input, sessionToken) {
      if (!connected) return unreachable(address);
      const message: HubCommand = { id: randomUUID(), method, input: input ?? null, sessionToken, asPerson: null, issuedAt: clock.now() };
      const giveUpAt = performance.now() + COMMAND_PATIENCE_MS;
      let receipt: CommandReceipt | null = null;
      while (receipt === null) {
        try {
          const answer = await request(HUB_MESSAGES.command, message, (raw) => HubCommandAnswer.parse(raw));
          if (answer.kind === 'receipt') receipt = answer.receipt;
          else logger.info({ method, reason: answer.reason }, 'hub asked to send the command again');
        } catch (error) {
          logger.warn({ err: error instanceof Error ? error.message : String(error), method }, 'hub command unanswered; sending it again');
        }
        if (receipt === null && performance.now() >= giveUpAt) {
          return {
            ok: false,
            error: {
              code: 'unavailable',
              message: `The hub did not answer. The command may have reached it: check before giving it again (it is sent under the same id, so it can never apply twice).`,
            },
          };
        }
        if (receipt === null && !connected) await untilConnectedOr(giveUpAt - performance.now());
      }
      if (receipt.outcome === 'rejected') return { ok: false, error: receipt.error };
      const { seq, value } = receipt;
      // Read your own writes: the answer waits until the replica holds the change.
      if (!(await holds(seq))) logger.warn({ method, seq }, 'the replica had not applied a command of this seat when it was answered');
      return { ok: true, value };
    },
    online: () => connected && synchronized,
    async send(command) {
      if (!connected) return null;
      try {
        return await request(HUB_MESSAGES.command, command, (raw) => HubCommandAnswer.parse(raw));
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error), method: command.method }, 'hub command unanswered');
        return null;
      }
    },
    holds,
  };
}
