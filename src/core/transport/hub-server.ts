import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server as HttpsServer } from 'node:https';
import { performance } from 'node:perf_hooks';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  FeedChangesRequest,
  HUB_MESSAGES,
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  HubCall,
  HubCommand,
  HubHandshake,
  type HubRefusal,
  MAX_PAYLOAD_BYTES,
  PresenceReport,
  SnapshotRequest,
  type Envelope,
  type EventMessage,
  type FeedChanges,
  type FeedChangesAnswer,
  type HubCallAnswer,
  type HubCommandAnswer,
  type HubEvent,
  type HubEvents,
  HUB_EVENTS_PER_MESSAGE,
  type HubHello,
  type Presence,
  type PresentPerson,
  type SnapshotCursor,
  type SnapshotPage,
} from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { AuditAppend } from '../audit';
import type { Logger } from '../logging';
import type { Actor, Connection, Dispatcher, ForwardedCommand } from '../service';
import { refusalOf } from './access-gate';
import { createAuditedRefusalLog } from './refusal-log';
import { rememberedActors, type ActorForSeat } from './seat';

/** What the hub reads of its change feed (core/replication's ChangeFeed). */
export interface HubFeed {
  hubId(): string;
  head(): number;
  oldest(): number;
  changesSince(afterSeq: number, limit: number): FeedChangesAnswer;
  snapshotPage(cursor: SnapshotCursor | null, asOfSeq: number, limitRows: number): SnapshotPage;
}

/** The hub's seats (core/seats), as the transport uses them. */
export interface HubSeats {
  authenticate(
    seatId: string,
    credential: string,
  ): { ok: true; seat: { id: string; name: string } } | { ok: false; reason: string; refusal: HubRefusal['reason'] };
  isActive(seatId: string): boolean;
  noteSeen(seatId: string, change: 'connected' | 'disconnected'): void;
}

export interface HubServerOptions {
  dispatcher: Dispatcher;
  seats: HubSeats;
  feed: HubFeed;
  /** Who a call acts as, from the session token it carries; the seat's name is its seat. */
  actorFor: ActorForSeat;
  /** Who a command from a seat's outbox acts as (people's vouchedActor), or why the hub refuses it. */
  vouchedActorFor(personId: string, seat: string): Actor | { refused: string };
  presence: HubPresence;
  /** Devices' heartbeats (/hb/<token>): the hub probes, so it is where devices report; answers true when it handled the request. */
  heartbeatRoute(request: IncomingMessage, response: ServerResponse): boolean;
  /** `/healthz`, `/readyz`, `/metrics` for the company's monitoring: no sign-in, no names; answers true when it handled the request. */
  opsRoute(request: IncomingMessage, response: ServerResponse): boolean;
  /** Where refused consoles are recorded, as `access.refused` (a few a minute; see refusal-log.ts). */
  recordAudit(entry: AuditAppend): void;
  tls: { key: string; cert: string };
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** At most this often a console is sent what changed (and the feed's head is polled for core's own writes). */
  pushIntervalMs?: number;
}

export interface HubServer {
  https: HttpsServer;
  io: Server;
  close(): Promise<void>;
}

/** socket.io's heartbeat: a console that stops answering is seen as gone within pingInterval + pingTimeout. */
export const HUB_PING_INTERVAL_MS = 2000;
export const HUB_PING_TIMEOUT_MS = 2000;
const PUSH_INTERVAL_MS = 50;
/** How long queued messages may hold the event loop before timers (the push) get a turn. */
const INBOX_SLICE_MS = 10;
/** Changes per push: a console further behind gets several pushes, each one transaction on the hub. */
const PUSH_LIMIT = 1000;
const SNAPSHOT_PAGE_ROWS = 2000;

/** The consoles connected with each seat now, and who is signed in at them: what seats.list and presence.changed show. */
export interface HubPresence {
  of(seatId: string): { online: boolean; signedIn: string[] };
  connected(socketId: string, seatId: string): void;
  signedIn(socketId: string, person: string | null): void;
  /** What a console reported of the people signed in at it (their sessions checked by the hub). */
  reported(socketId: string, people: PresentPerson[]): void;
  /** Everyone a console reported, on every connected console. */
  list(): Presence;
  /** Answers whether the console had reported anyone (then the others are told it left). */
  disconnected(socketId: string): boolean;
}

export function createHubPresence(): HubPresence {
  const sockets = new Map<string, { seatId: string; person: string | null; people: PresentPerson[] }>();
  return {
    of(seatId) {
      const here = [...sockets.values()].filter((entry) => entry.seatId === seatId);
      const people = here.flatMap((entry) => [...(entry.person === null ? [] : [entry.person]), ...entry.people.map((p) => p.displayName)]);
      return { online: here.length > 0, signedIn: [...new Set(people)] };
    },
    connected: (socketId, seatId) => void sockets.set(socketId, { seatId, person: null, people: [] }),
    signedIn(socketId, person) {
      const entry = sockets.get(socketId);
      if (entry) entry.person = person;
    },
    reported(socketId, people) {
      const entry = sockets.get(socketId);
      if (entry) entry.people = people;
    },
    list: () => ({ people: [...sockets.values()].flatMap((entry) => entry.people) }),
    disconnected(socketId) {
      const had = (sockets.get(socketId)?.people.length ?? 0) > 0;
      sockets.delete(socketId);
      return had;
    },
  };
}

interface SeatSocketData {
  seat: { id: string; name: string };
  /** The last seq this console was sent; null until it caught up (then pushes keep it current). */
  sentSeq: number | null;
}
type SeatSocket = Socket & { data: SeatSocketData };

/** JSON has no undefined: a console's "no input" arrives as null. */
const inputOf = (input: unknown) => (input === null ? undefined : input);

const INVALID_REQUEST = (message: string): Envelope => ({ ok: false, error: { code: 'invalid_input', message } });
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Why a handshake is refused, in words a person reading the console's status can act on. */
function handshakeRefusal(
  auth: unknown,
  seats: HubSeats,
): { refused: string; refusal: HubRefusal } | { seat: { id: string; name: string } } {
  const protocol = typeof auth === 'object' && auth !== null && 'protocol' in auth ? auth.protocol : undefined;
  if (protocol !== HUB_PROTOCOL_VERSION)
    return {
      refused: `This hub speaks protocol ${HUB_PROTOCOL_VERSION} and the console protocol ${String(protocol)}: update the older of the two`,
      refusal: { reason: 'protocol' },
    };
  const handshake = HubHandshake.safeParse(auth);
  if (!handshake.success)
    return { refused: 'The console sent no seat id and credential: register this seat with the hub', refusal: { reason: 'unregistered' } };
  const verdict = seats.authenticate(handshake.data.seatId, handshake.data.credential);
  return verdict.ok ? { seat: verdict.seat } : { refused: verdict.reason, refusal: { reason: verdict.refusal } };
}

/**
 * The hub's server for consoles: socket.io over TLS, namespace HUB_NAMESPACE. A console proves its
 * seat in the handshake; every message after that is an acknowledged emit of the hub protocol
 * (shared/contract/hub.ts). Queries and sign-in run as the person whose session token the message
 * carries; commands run once per id (dispatcher.callOnce). Changes are pushed after the seq each
 * console was last sent, at most every PUSH_INTERVAL_MS.
 */
export function createHubServer(options: HubServerOptions): HubServer {
  const { dispatcher, seats, feed, presence, logger } = options;
  const pushInterval = options.pushIntervalMs ?? PUSH_INTERVAL_MS;
  const actorFor = rememberedActors(options.actorFor, dispatcher);
  const https = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    // socket.io answers its own path first; the hub serves no pages.
    if (!options.heartbeatRoute(request, response) && !options.opsRoute(request, response))
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  });
  const io = new Server(https, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES * 2,
    serveClient: false,
    cors: { origin: false },
    pingInterval: HUB_PING_INTERVAL_MS,
    pingTimeout: HUB_PING_TIMEOUT_MS,
  });
  // Consoles speak only the hub namespace; the default one answers nobody.
  io.of('/').use((_socket, next) => next(new Error(`Connect to the hub namespace ${HUB_NAMESPACE}`)));
  const hub: Namespace = io.of(HUB_NAMESPACE);

  const refuse = createAuditedRefusalLog({ clock: options.clock, timers: options.timers, logger, recordAudit: options.recordAudit });
  hub.use((socket, next) => {
    const verdict = handshakeRefusal(socket.handshake.auth, seats);
    if ('refused' in verdict) {
      refuse(refusalOf(socket.request, verdict.refused));
      // socket.io sends `data` to the console with the message: the reason for programs, the words for people.
      next(Object.assign(new Error(verdict.refused), { data: verdict.refusal }));
      return;
    }
    (socket as SeatSocket).data = { seat: verdict.seat, sentSeq: null };
    next();
  });

  function callContext(socket: SeatSocket, sessionToken: string | null, bound: { token?: string | null }) {
    const { seat } = socket.data;
    const address = socket.handshake.address;
    const connection: Connection = { seat: seat.name, address, bind: (token) => (bound.token = token) };
    return { actor: actorFor(sessionToken, seat.name, address), connection };
  }

  /** Who is signed in at this console, for the seat list: the person of its latest call. */
  function notePerson(socket: SeatSocket, sessionToken: string | null): void {
    const actor = actorFor(sessionToken, socket.data.seat.name, socket.handshake.address);
    presence.signedIn(socket.id, actor.access === 'signed-out' ? null : actor.displayName);
  }

  async function answerCall(socket: SeatSocket, raw: unknown): Promise<HubCallAnswer> {
    const parsed = HubCall.safeParse(raw);
    if (!parsed.success) return { envelope: INVALID_REQUEST('hub.call needs {method, input, sessionToken}'), sessionToken: null };
    const { method, input, sessionToken } = parsed.data;
    const bound: { token?: string | null } = {};
    const envelope = await dispatcher.call(method, inputOf(input), callContext(socket, sessionToken, bound));
    notePerson(socket, bound.token === undefined ? sessionToken : bound.token);
    return { envelope, sessionToken: bound.token ?? null };
  }

  async function answerCommand(socket: SeatSocket, raw: unknown): Promise<HubCommandAnswer> {
    const parsed = HubCommand.safeParse(raw);
    if (!parsed.success) {
      const given = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : NO_ID;
      const id = HubCommand.shape.id.safeParse(given).success ? given : NO_ID;
      const error = { code: 'invalid_input' as const, message: 'hub.command needs {id, method, input, sessionToken, asPerson, issuedAt}' };
      return { kind: 'receipt', receipt: { id, outcome: 'rejected', appliedAt: options.clock.now(), error } };
    }
    const { id, method, input, sessionToken, asPerson, issuedAt } = parsed.data;
    const forwarded = { id, seatId: socket.data.seat.id, issuedAt, changeSeq: () => feed.head() };
    if (asPerson !== null) return answerVouched(socket, parsed.data, asPerson.personId, forwarded);
    const bound: { token?: string | null } = {};
    const answer = await dispatcher.callOnce(method, inputOf(input), { ...callContext(socket, sessionToken, bound), forwarded });
    notePerson(socket, bound.token === undefined ? sessionToken : bound.token);
    return answer;
  }

  /**
   * A command from a seat's outbox, made while the hub could not be asked: the seat (authenticated
   * by its credential) vouches for the person. A refused vouch is a refusal like any other (audited,
   * kept as the receipt), so a resend of a command applied before still answers its first receipt.
   */
  function answerVouched(
    socket: SeatSocket,
    command: HubCommand,
    personId: string,
    forwarded: ForwardedCommand,
  ): Promise<HubCommandAnswer> {
    const seat = socket.data.seat.name;
    const vouched =
      command.sessionToken === null
        ? options.vouchedActorFor(personId, seat)
        : { refused: 'A command acts as the person of its session or the one its seat vouches for, not both' };
    const connection: Connection = { seat, address: socket.handshake.address, bind: () => undefined };
    if ('refused' in vouched) {
      const nobody: Actor = {
        id: personId,
        displayName: personId,
        role: 'viewer',
        seat,
        sites: [],
        sessionId: null,
        authorizedBy: null,
        access: 'signed-out',
      };
      return dispatcher.callOnce(command.method, inputOf(command.input), {
        actor: nobody,
        connection,
        forwarded: { ...forwarded, vouchRefused: vouched.refused },
      });
    }
    return dispatcher.callOnce(command.method, inputOf(command.input), { actor: vouched, connection, forwarded });
  }

  /** Tells every console who is where now; after the feed's head, like any hub event. */
  function broadcastPresence(): void {
    queueEvent({ atSeq: feed.head(), event: 'presence.changed', payload: presence.list() });
  }

  /** A console's people, each by a hub session the hub checks: a console cannot put anyone else at its seat. */
  function answerPresence(socket: SeatSocket, raw: unknown): Presence | Envelope {
    const parsed = PresenceReport.safeParse(raw);
    if (!parsed.success) return INVALID_REQUEST('hub.presence needs {sessions: [{sessionToken, viewing}]}');
    const seat = socket.data.seat.name;
    const people = parsed.data.sessions.flatMap(({ sessionToken, viewing }): PresentPerson[] => {
      const actor = actorFor(sessionToken, seat, socket.handshake.address);
      const person = actor.access !== 'signed-out' && actor.sessionId !== null && !actor.id.startsWith('device:');
      return person ? [{ userId: actor.id, displayName: actor.displayName, seat, viewing }] : [];
    });
    presence.reported(socket.id, people);
    broadcastPresence();
    return presence.list();
  }

  function answerChanges(socket: SeatSocket, raw: unknown): FeedChangesAnswer | Envelope {
    const parsed = FeedChangesRequest.safeParse(raw);
    if (!parsed.success) return INVALID_REQUEST('feed.changes needs {afterSeq, limit}');
    const answer = feed.changesSince(parsed.data.afterSeq, parsed.data.limit);
    // Caught up: from now on this console is pushed what changes after what it holds.
    if (answer.kind === 'changes' && !answer.more) socket.data.sentSeq = answer.toSeq;
    return answer;
  }

  function answerSnapshot(raw: unknown): SnapshotPage | Envelope {
    const parsed = SnapshotRequest.safeParse(raw);
    if (!parsed.success) return INVALID_REQUEST('feed.snapshot needs {cursor, asOfSeq}');
    const { cursor, asOfSeq } = parsed.data;
    return feed.snapshotPage(cursor, asOfSeq ?? feed.head(), SNAPSHOT_PAGE_ROWS);
  }

  /**
   * Messages start in arrival order (across consoles too), in slices of at most INBOX_SLICE_MS of the
   * event loop. socket.io hands over every frame of a TCP read at once, so a burst of 500 commands
   * would otherwise run in one turn and hold every console's push until the last was applied.
   */
  const inbox: (() => void)[] = [];
  let closed = false;
  function admit(start: () => void): void {
    inbox.push(start);
    if (inbox.length === 1) setImmediate(startSlice);
  }
  function startSlice(): void {
    if (closed) return;
    const sliceEnds = performance.now() + INBOX_SLICE_MS;
    while (inbox.length > 0 && performance.now() < sliceEnds) inbox.shift()!();
    if (inbox.length > 0) setImmediate(startSlice);
  }

  hub.on('connection', (plain) => {
    const socket = plain as SeatSocket;
    const { seat } = socket.data;
    presence.connected(socket.id, seat.id);
    seats.noteSeen(seat.id, 'connected');
    logger.info({ seat: seat.name, address: socket.handshake.address }, 'console connected to the hub');

    /** An acknowledged message: answered from `answer`; a seat revoked meanwhile (on another hub node) gets nothing more. */
    const on = (message: string, answer: (input: unknown) => unknown) =>
      socket.on(message, (...args: unknown[]) => {
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        if (!seats.isActive(seat.id)) {
          socket.disconnect(true);
          return;
        }
        admit(() =>
          Promise.resolve(answer(args.length > 1 ? args[0] : undefined))
            .then((value) => (ack as (value: unknown) => void)(value))
            .catch((error: unknown) => logger.error({ err: error, message }, 'hub message failed')),
        );
      });
    on(HUB_MESSAGES.hello, (): HubHello => ({
      hubId: feed.hubId(),
      head: feed.head(),
      oldest: feed.oldest(),
      serverTime: options.clock.now(),
      seatName: seat.name,
    }));
    on(HUB_MESSAGES.changes, (input) => answerChanges(socket, input));
    on(HUB_MESSAGES.snapshot, (input) => answerSnapshot(input));
    on(HUB_MESSAGES.call, (input) => answerCall(socket, input));
    on(HUB_MESSAGES.command, (input) => answerCommand(socket, input));
    on(HUB_MESSAGES.presence, (input) => answerPresence(socket, input));
    socket.on('disconnect', (reason) => {
      if (presence.disconnected(socket.id)) broadcastPresence();
      seats.noteSeen(seat.id, 'disconnected');
      logger.info({ seat: seat.name, reason }, 'console left the hub');
    });
  });

  // ---- live push: what changed after the seq each caught-up console was last sent ----
  let lastPushAt = Number.NEGATIVE_INFINITY;
  let pending: TimerHandle | null = null;
  let queuedEvents: HubEvent[] = [];
  let polling: TimerHandle | null = null;

  function push(): void {
    pending = null;
    lastPushAt = options.clock.now();
    const head = feed.head();
    // Consoles at the same seq share one read of the feed and one encoding of the page.
    const behindBySeq = new Map<number, SeatSocket[]>();
    for (const socket of hub.sockets.values() as Iterable<SeatSocket>) {
      const after = socket.data.sentSeq;
      if (after === null || after >= head) continue;
      behindBySeq.set(after, [...(behindBySeq.get(after) ?? []), socket]);
    }
    for (const [after, sockets] of behindBySeq) {
      const page = feed.changesSince(after, PUSH_LIMIT);
      if (page.kind === 'snapshot-needed') {
        // Too far behind to catch up from the feed: it reconnects, and its hello says so.
        for (const socket of sockets) socket.disconnect(true);
        continue;
      }
      hub.to(sockets.map((socket) => socket.id)).emit(HUB_MESSAGES.push, page satisfies FeedChanges);
      for (const socket of sockets) socket.data.sentSeq = page.toSeq;
    }
    // After the pages: a console holds an event back until its replica has the seq the event came after.
    flushEvents();
    // A console still behind (more than one page) gets the next page at the next push.
    if (anyBehind(head)) schedule();
  }

  /** Events wait for the next push tick and go out together: one frame per tick, not one per event. */
  function queueEvent(event: HubEvent): void {
    queuedEvents.push(event);
    schedule();
  }
  function flushEvents(): void {
    const events = queuedEvents;
    queuedEvents = [];
    for (let start = 0; start < events.length; start += HUB_EVENTS_PER_MESSAGE)
      hub.emit(HUB_MESSAGES.events, events.slice(start, start + HUB_EVENTS_PER_MESSAGE) satisfies HubEvents);
  }

  function anyBehind(head: number): boolean {
    return [...hub.sockets.values()].some((socket) => {
      const sent = (socket as SeatSocket).data.sentSeq;
      return sent !== null && sent < head;
    });
  }

  function schedule(): void {
    if (pending || closed) return;
    const wait = Math.max(0, lastPushAt + pushInterval - options.clock.now());
    pending = options.timers.after(wait, push);
  }

  function poll(): void {
    if (closed) return;
    // Core's own writes (probe results, escalations) commit outside any command: the head says so.
    if (anyBehind(feed.head())) schedule();
    polling = options.timers.after(pushInterval, poll);
  }
  polling = options.timers.after(pushInterval, poll);

  const unsubscribe = dispatcher.subscribe((message: EventMessage) => {
    if (message.event === 'seats.changed' && message.payload.reason === 'revoked') {
      for (const socket of hub.sockets.values())
        if ((socket as SeatSocket).data.seat.id === message.payload.seatId) socket.disconnect(true);
    }
    // The event travels with the seq it came after: a console shows it once its replica holds that change.
    queueEvent({ atSeq: feed.head(), event: message.event, payload: message.payload });
  });

  return {
    https,
    io,
    async close() {
      closed = true;
      pending?.cancel();
      polling?.cancel();
      unsubscribe();
      https.closeAllConnections();
      await io.close();
    },
  };
}
