import { randomBytes, randomUUID } from 'node:crypto';
import {
  AuthState,
  invalidInput,
  isMethodName,
  methods,
  PresenceViewInput,
  SignInInput,
  type Envelope,
  type EventMessage,
  type MethodName,
  type AlertDetail,
  type EventPayload,
  type IncidentDetail,
  type OutboxRedone,
  type PendingSync,
  type Presence,
  type PresenceReport,
} from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import type { UserRow } from '../db';
import { createOutboxSender, type HubLink } from '../hub-link';
import type { Logger } from '../logging';
import {
  offlineActor,
  offlineAuthState,
  OFFLINE_SESSION_LIFETIME_MS,
  signedOutActor,
  type OfflineSession,
  type OfflineSignIn,
} from '../people';
import type { OutboxStore, StoredOutboxEntry } from '../replication';
import { authorize, type Actor, type CallContext, type Dispatcher } from '../service';
import { OVERLAID_READS, overlayAlert, overlayRead, readAfter } from './pending-overlay';

/**
 * Queries the replica cannot answer: who is signed in (sessions live on the hub), what only the
 * hub's files or network can tell, and reads the hub audits (reading the audit log is itself audited).
 */
const HUB_QUERIES: ReadonlySet<MethodName> = new Set<MethodName>([
  'auth.state',
  'auth.activity',
  'sessions.list',
  'audit.list',
  'audit.verify',
  'security.summary',
  // Issue 15: an export is checked against the hub's log, which is the one the seats append to.
  'audit.checkExport',
  'channels.test',
  'silences.preview',
  'backups.files',
  'backups.retentionPreview',
  // Issue 16: the hub reads the folder, as it verifies and restores from it (commands go to the hub), and audits the opening.
  'backups.openFolder',
  // Reports read months back: a replica keeps 30 days of roll-ups, and the review verifies the hub's audit chain.
  'reports.availability',
  'reports.operationsReview',
  // Issue 16: the hub calls the heartbeat and sends the alive summary; a console shows the hub's.
  'watcher.status',
  'watcher.settings',
  // Issue 16: who is on shift is the hub's answer, as the hub escalates (and knows who is signed in at every seat).
  'oncall.onShift',
]);

/** Commands that sign a seat in or out: the hub answers them with a session token, so they go as calls, not receipts. */
const SESSION_COMMANDS: ReadonlySet<MethodName> = new Set<MethodName>([
  'auth.setup',
  'auth.signIn',
  'auth.signOut',
  'auth.lock',
  'auth.changePassword',
]);

export type Route = 'local' | 'workstation' | 'hub-call' | 'hub-command' | 'outbox-redo' | 'presence';

/** Where a call of a console connected to a hub is answered. */
export function routeOf(method: unknown): Route {
  if (!isMethodName(method)) return 'local';
  // Giving a refused command again is a command of its own, to the hub or back into the outbox.
  if (method === 'outbox.redo') return 'outbox-redo';
  // The backend choice, the console's display settings (name, time zone, text size) and its outbox are this workstation's own.
  if (method.startsWith('backend.') || method.startsWith('settings.') || method.startsWith('outbox.')) return 'workstation';
  // Who is where: the console's own sessions, told to the hub, and what the hub says of everyone.
  if (method.startsWith('presence.')) return 'presence';
  if (methods[method].kind === 'query') return HUB_QUERIES.has(method) ? 'hub-call' : 'local';
  return SESSION_COMMANDS.has(method) ? 'hub-call' : 'hub-command';
}

/** The person the hub says a session is: reads on the replica are allowed by this, commands by the hub itself. */
function actorFrom(state: AuthState, seat: string): Actor | null {
  if (state.state !== 'signed-in' && state.state !== 'locked') return null;
  const device = state.session.kind === 'device';
  return {
    id: device ? `device:${state.session.id}` : state.user.id,
    displayName: device ? state.session.seat : state.user.displayName,
    role: device ? 'viewer' : state.user.role,
    seat,
    sites: device ? null : state.user.sites,
    sessionId: state.session.id,
    authorizedBy: null,
    access: state.state === 'locked' ? 'locked' : state.mustEnrolTwoFactor ? 'enrolling' : 'signed-in',
  };
}

interface HubSession {
  /** null for an offline sign-in: the console's own session, unknown to the hub (its commands wait for the hub). */
  hubToken: string | null;
  actor: Actor;
  /** What the hub last said of this seat: while the hub is unreachable the seat keeps showing it (the board stays). */
  state: AuthState;
}

/** Reads of the seat's own state: answered from what the hub last said while it cannot be asked. */
const SEAT_READS: ReadonlySet<unknown> = new Set(['auth.state', 'auth.activity']);

export interface HubConsole {
  dispatcher: Dispatcher;
  /** The replica caught up with the hub: the outbox is sent, in order. */
  synchronized(): void;
  stop(): void;
  /** The transports' actorFor: the console's own token of a hub session, to the person the hub last said it is. */
  actorFor(token: string | null, seat: string, address: string | null): Actor;
  /** A hub event for this console's renderer (auth.changed also updates the sessions held here). */
  relay(event: string, payload: unknown): void;
  /** The link connected or went offline: presence is told to the hub again, or shrinks to this seat. */
  linkChanged(): void;
}

export interface HubConsoleDeps {
  /** Answers from the replica (queries the replica can answer). */
  replica: Dispatcher;
  /** Answers backend.* and settings.* on the workstation's own database, audited there: a replica holds only what the hub wrote. */
  workstation: Dispatcher;
  link: HubLink;
  /** The commands made while the hub could not be asked, in the replica database. */
  outbox: OutboxStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** Offline sign-in at this console's hub seat, against verifiers kept from online sign-ins. */
  offline: {
    seatId: string;
    verifiers: OfflineSignIn;
    /** The replica's users: who an offline session is, read again at every call (a person disabled on the hub is signed out). */
    user(id: string): UserRow | undefined;
  };
}

/** What a command answers when it went into the outbox: success, marked pending sync until the hub applied it. */
export type PendingEnvelope = Envelope & { pendingSync?: PendingSync };

/** Commands the hub must check at the moment they are given: a step-up's password cannot wait in an outbox. */
const NOT_OFFLINE: ReadonlySet<string> = new Set(['auth.stepUp']);

/** Reads and session commands an offline session answers itself: the hub has never heard of it. */
const OFFLINE_SESSION_CALLS: ReadonlySet<unknown> = new Set(['auth.state', 'auth.activity', 'auth.signOut', 'auth.lock']);

/**
 * The dispatcher of a console connected to a hub. The renderer cannot tell: reads come from the
 * replica through the same handlers, commands and sign-in go to the hub, whose envelope is the
 * answer. The hub's session token never leaves core: a transport keeps the console's own token.
 */
export function createHubConsole({ replica, workstation, link, outbox, clock, timers, logger, offline }: HubConsoleDeps): HubConsole {
  const sessions = new Map<string, HubSession>();
  const tokenOfSession = new Map<string, string>();
  const outboxChanged = () => replica.emit({ event: 'outbox.changed', payload: outbox.counts() });
  const sender = createOutboxSender({ store: outbox, link, timers, logger, onChanged: outboxChanged });
  /** The offline sessions' own record (the hub keeps the others'). */
  const offlineSessions = new Map<string, OfflineSession>();
  /** The incident each session here has open, by session id. */
  const viewing = new Map<string, string | null>();
  /** Everyone's presence as the hub last told it; null while the hub cannot be heard. */
  let hubPresence: Presence | null = null;
  let seatName: string | null = null;
  let reportQueued = false;
  let linkState: string | null = null;

  /** The people signed in here, with what they view: all there is to show while the hub cannot be heard. */
  function ownPresence(): Presence {
    const people = [...sessions.values()]
      .filter((held) => held.actor.access !== 'signed-out' && held.actor.sessionId !== null && !held.actor.id.startsWith('device:'))
      .map(({ actor }) => ({
        userId: actor.id,
        displayName: actor.displayName,
        seat: seatName ?? actor.seat,
        viewing: viewing.get(actor.sessionId ?? '') ?? null,
      }));
    return { people };
  }

  const presenceNow = (): Presence => (link.state().state === 'connected' && hubPresence ? hubPresence : ownPresence());

  /** Tells the hub who is here and what they view (once per burst of changes); the renderer hears what the hub answers. */
  function presenceChanged(): void {
    if (reportQueued) return;
    reportQueued = true;
    queueMicrotask(() => {
      reportQueued = false;
      const report: PresenceReport = {
        sessions: [...sessions.values()].flatMap(({ hubToken, actor }) =>
          hubToken === null ? [] : [{ sessionToken: hubToken, viewing: viewing.get(actor.sessionId ?? '') ?? null }],
        ),
      };
      void link.presence(report).then((answer) => {
        if (answer) hubPresence = answer;
        replica.emit({ event: 'presence.changed', payload: presenceNow() });
      });
    });
  }

  function forget(localToken: string): void {
    const held = sessions.get(localToken);
    if (!held) return;
    sessions.delete(localToken);
    if (held.actor.sessionId) {
      tokenOfSession.delete(held.actor.sessionId);
      offlineSessions.delete(held.actor.sessionId);
      viewing.delete(held.actor.sessionId);
    }
    presenceChanged();
  }

  function heldOf(actor: Actor): { local: string; held: HubSession } | null {
    const local = actor.sessionId ? tokenOfSession.get(actor.sessionId) : undefined;
    const held = local ? sessions.get(local) : undefined;
    return local && held ? { local, held } : null;
  }

  /** Binds a new session to the connection; the one it had before (another person, or an offline one) ends. */
  function hold(held: HubSession, ctx: CallContext): void {
    const previous = heldOf(ctx.actor);
    if (previous) forget(previous.local);
    const local = randomBytes(32).toString('base64url');
    sessions.set(local, held);
    if (held.actor.sessionId) tokenOfSession.set(held.actor.sessionId, local);
    ctx.connection?.bind(local);
    presenceChanged();
  }

  /**
   * An offline session as the replica has its person now: ended when the hub disabled them or its
   * 24 hours ran out (told as any ended session is), else with their current role and sites.
   */
  function refreshOffline(local: string, held: HubSession): HubSession | null {
    const session = held.actor.sessionId ? offlineSessions.get(held.actor.sessionId) : undefined;
    if (!session) return held;
    const user = offline.user(held.actor.id);
    if (!user || !user.active || session.startedAt + OFFLINE_SESSION_LIFETIME_MS <= clock.now()) {
      forget(local);
      replica.emit({ event: 'auth.changed', payload: { sessionId: session.id, reason: 'ended' } });
      return null;
    }
    held.actor = offlineActor(user, session);
    held.state = offlineAuthState(user, session);
    return held;
  }

  /** Sign-in while the hub cannot be asked: against this seat's verifier, as the person the replica has. */
  async function signInOffline(input: unknown, ctx: CallContext): Promise<Envelope> {
    const connection = ctx.connection;
    const parsed = SignInInput.safeParse(input);
    if (!connection || !parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'Type your username and password' } };
    const verdict = await offline.verifiers.signIn(offline.seatId, parsed.data.username, parsed.data.password);
    if (!verdict.ok) return { ok: false, error: { code: verdict.refusal.code, message: verdict.refusal.message } };
    const current = heldOf(ctx.actor);
    const own = current?.held.hubToken === null && current.held.actor.id === verdict.user.id ? current : null;
    const kept = own?.held.actor.sessionId ? offlineSessions.get(own.held.actor.sessionId) : undefined;
    // The same person at their own locked offline session: it goes on. Anyone else starts a new one.
    const session: OfflineSession = kept
      ? { ...kept, locked: false }
      : { id: `offline-${randomBytes(9).toString('base64url')}`, seat: connection.seat, startedAt: clock.now(), locked: false };
    offlineSessions.set(session.id, session);
    const state = offlineAuthState(verdict.user, session);
    const actor = offlineActor(verdict.user, session);
    if (own && kept) {
      own.held.actor = actor;
      own.held.state = state;
      if (kept.locked) replica.emit({ event: 'auth.changed', payload: { sessionId: session.id, reason: 'unlocked' } });
    } else {
      hold({ hubToken: null, actor, state }, ctx);
    }
    logger.info({ seat: connection.seat, userId: verdict.user.id }, 'signed in offline');
    return { ok: true, value: state };
  }

  /** Calls an offline session answers itself. */
  function offlineSessionCall(method: unknown, local: string, held: HubSession, ctx: CallContext): Envelope {
    const session = held.actor.sessionId ? offlineSessions.get(held.actor.sessionId) : undefined;
    if (method === 'auth.signOut' || !session) {
      forget(local);
      ctx.connection?.bind(null);
      if (session) replica.emit({ event: 'auth.changed', payload: { sessionId: session.id, reason: 'ended' } });
      return { ok: true, value: { state: 'signed-out' } };
    }
    if (method === 'auth.lock' && !session.locked) {
      session.locked = true;
      const user = offline.user(held.actor.id);
      if (user) {
        held.actor = offlineActor(user, session);
        held.state = offlineAuthState(user, session);
      }
      replica.emit({ event: 'auth.changed', payload: { sessionId: session.id, reason: 'locked' } });
    }
    return { ok: true, value: held.state };
  }

  /** After an online sign-in: this seat keeps a verifier of the password, so the person can sign in here offline for 7 days. */
  async function rememberVerifier(method: unknown, input: unknown, envelope: Envelope): Promise<void> {
    const state = envelope.ok ? AuthState.safeParse(envelope.value) : null;
    if (!state?.success || state.data.state !== 'signed-in' || state.data.session.kind !== 'person') return;
    const password = typeof input === 'object' && input !== null && 'password' in input ? input.password : undefined;
    if ((method !== 'auth.signIn' && method !== 'auth.setup') || typeof password !== 'string') return;
    await offline.verifiers.remember(offline.seatId, state.data.user, password);
  }

  function hubTokenOf(actor: Actor): string | null {
    const local = actor.sessionId ? tokenOfSession.get(actor.sessionId) : undefined;
    return local ? (sessions.get(local)?.hubToken ?? null) : null;
  }

  const replicaSeq = () => {
    const state = link.state();
    return 'appliedSeq' in state ? state.appliedSeq : 0;
  };

  /** When the person behind an actor signed in online here, as the hub said; null for a sign-in the hub never saw. */
  function signedInAtOf(actor: Actor): number | null {
    const local = actor.sessionId ? tokenOfSession.get(actor.sessionId) : undefined;
    const state = local ? sessions.get(local)?.state : undefined;
    return state && (state.state === 'signed-in' || state.state === 'locked') ? state.session.startedAt : null;
  }

  /**
   * A command while the hub cannot be asked (or by someone without a hub session, or behind
   * commands still waiting): checked here as far as the console can (who may, what is well formed),
   * then kept in the outbox and answered at once as pending sync. The hub has the last word.
   */
  async function keepForLater(method: MethodName, input: unknown, ctx: CallContext): Promise<PendingEnvelope> {
    const { actor } = ctx;
    if (NOT_OFFLINE.has(method))
      return { ok: false, error: { code: 'unavailable', message: 'A step-up is checked by the hub, which cannot be reached now' } };
    const decision = authorize(actor, method, 'command');
    if (!decision.allowed) return { ok: false, error: { code: 'forbidden', message: decision.reason } };
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: invalidInput(parsed.error, { schema: methods[method].input, input }).toContractError() };
    const entry = outbox.add({
      id: randomUUID(),
      method,
      input,
      personId: actor.id,
      personName: actor.displayName,
      signedInAt: signedInAtOf(actor),
      seat: actor.seat,
      issuedAt: clock.now(),
      basedOnSeq: replicaSeq(),
    });
    outboxChanged();
    sender.drain();
    return { ok: true, value: await pendingValue(method, input, ctx), pendingSync: { outboxId: entry.id } };
  }

  /** What a command kept for later answers: what it names (an alert, an incident) as the console now shows it, or null. */
  async function pendingValue(method: MethodName, input: unknown, ctx: CallContext): Promise<unknown> {
    const after = readAfter(method, input);
    if (!after) return null;
    const read = await overlaid(after.method, { id: after.id }, ctx);
    if (!read.ok) return null;
    return after.method === 'alerts.get' ? (read.value as AlertDetail).alert : (read.value as IncidentDetail).incident;
  }

  const pendingEntries = () => outbox.list().filter((entry) => entry.state === 'pending');

  /** A read answered from the replica, with the outbox's pending commands applied on top. */
  async function overlaid(method: MethodName, input: unknown, ctx: CallContext): Promise<Envelope> {
    const answer = await replica.call(method, input, ctx);
    return answer.ok ? { ok: true, value: overlayRead(method, answer.value, pendingEntries()) } : answer;
  }

  /** Online with a hub session and nothing waiting: as before, to the hub at once. Otherwise into the outbox, in order. */
  function command(method: MethodName, input: unknown, ctx: CallContext): Promise<PendingEnvelope> {
    const hubToken = hubTokenOf(ctx.actor);
    if (hubToken !== null && link.online() && outbox.counts().pending === 0) return link.command(method, input, hubToken);
    return keepForLater(method, input, ctx);
  }

  /** "Keep mine": a stale edit's input, based on the version the hub said it has now. */
  function onCurrentVersion(entry: StoredOutboxEntry): unknown {
    const current = entry.error?.versions?.current.version;
    const input = entry.input;
    if (current === undefined || typeof input !== 'object' || input === null || !('basedOnVersion' in input)) return input;
    return { ...input, basedOnVersion: current };
  }

  /** Gives a refused command again as a new one, now, by whoever asks; the refused entry leaves the outbox. */
  async function redo(input: unknown, ctx: CallContext): Promise<Envelope> {
    const parsed = methods['outbox.redo'].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error).toContractError() };
    const entry = outbox.get(parsed.data.id);
    if (entry?.state !== 'refused' || !isMethodName(entry.method))
      return {
        ok: false,
        error: { code: 'not_found', message: 'There is no command the hub refused with this id (synced or dropped since?)' },
      };
    const answer = await command(entry.method, parsed.data.onCurrentVersion ? onCurrentVersion(entry) : entry.input, ctx);
    if (!answer.ok) return answer;
    outbox.remove(entry.id);
    outboxChanged();
    const value: OutboxRedone = { applied: !('pendingSync' in answer) };
    return { ok: true, value };
  }

  /** After a session command or auth.state: keep, update or forget what the hub says of this seat's session. */
  function follow(envelope: Envelope, answerToken: string | null, ctx: CallContext): void {
    const seat = ctx.connection?.seat ?? ctx.actor.seat;
    const state = envelope.ok ? AuthState.safeParse(envelope.value) : null;
    const previous = ctx.actor.sessionId ? tokenOfSession.get(ctx.actor.sessionId) : undefined;
    if (answerToken !== null && state?.success) {
      const actor = actorFrom(state.data, seat);
      if (!actor?.sessionId) return;
      hold({ hubToken: answerToken, actor, state: state.data }, ctx);
      return;
    }
    if (!previous || !state?.success) return;
    const actor = actorFrom(state.data, seat);
    const held = sessions.get(previous);
    if (!actor || !held) {
      forget(previous);
      ctx.connection?.bind(null);
      return;
    }
    held.actor = actor;
    held.state = state.data;
  }

  async function call(method: unknown, input: unknown, ctx: CallContext): Promise<Envelope> {
    switch (routeOf(method)) {
      case 'local':
        return OVERLAID_READS.has(method as MethodName) ? overlaid(method as MethodName, input, ctx) : replica.call(method, input, ctx);
      case 'workstation': {
        const answer = await workstation.call(method, input, ctx);
        // The workstation's dispatcher has no listeners of its own: the console's renderer is told here.
        if (answer.ok && method === 'outbox.drop') outboxChanged();
        return answer;
      }
      case 'hub-call': {
        const own = heldOf(ctx.actor);
        if (own && own.held.hubToken === null && OFFLINE_SESSION_CALLS.has(method))
          return offlineSessionCall(method, own.local, own.held, ctx);
        const answer = await link.call(method as string, input, hubTokenOf(ctx.actor));
        if (method === 'auth.signIn' && !answer.envelope.ok && answer.envelope.error.code === 'unavailable')
          return signInOffline(input, ctx);
        if (!answer.envelope.ok && answer.envelope.error.code === 'unavailable' && SEAT_READS.has(method)) {
          const held = ctx.actor.sessionId ? sessions.get(tokenOfSession.get(ctx.actor.sessionId) ?? '') : undefined;
          return { ok: true, value: held ? held.state : { state: 'signed-out' } };
        }
        if (typeof method === 'string' && method.startsWith('auth.')) follow(answer.envelope, answer.sessionToken, ctx);
        if (answer.sessionToken !== null) await rememberVerifier(method, input, answer.envelope);
        return answer.envelope;
      }
      case 'hub-command':
        return command(method as MethodName, input, ctx);
      case 'outbox-redo':
        return redo(input, ctx);
      case 'presence': {
        if (method === 'presence.view') {
          const parsed = PresenceViewInput.safeParse(input);
          if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'presence.view needs {incidentId}' } };
          const { sessionId } = ctx.actor;
          if (sessionId !== null && (viewing.get(sessionId) ?? null) !== parsed.data.incidentId) {
            viewing.set(sessionId, parsed.data.incidentId);
            presenceChanged();
          }
        }
        return { ok: true, value: presenceNow() };
      }
    }
  }

  return {
    dispatcher: {
      call: (method, input, ctx) =>
        call(method, input, ctx).catch((error: unknown): Envelope => {
          logger.error({ err: error, method }, 'hub console call failed');
          return {
            ok: false,
            error: { code: 'internal', message: 'Core could not complete this request; the details are in the core log.' },
          };
        }),
      // Only a hub applies forwarded commands; a console passing one on would apply it on its replica.
      callOnce: (_method, _input, { forwarded }) =>
        Promise.resolve({
          kind: 'receipt',
          receipt: {
            id: forwarded.id,
            outcome: 'rejected',
            appliedAt: clock.now(),
            error: { code: 'unavailable', message: 'This console is connected to a hub and applies no forwarded commands' },
          },
        }),
      subscribe: (listener) => replica.subscribe(listener),
      emit: (message) => replica.emit(message),
    },
    synchronized: () => sender.drain(),
    stop: () => sender.stop(),
    actorFor(token, seat) {
      const found = token === null ? undefined : sessions.get(token);
      const held = token !== null && found?.hubToken === null ? refreshOffline(token, found) : found;
      return held ? { ...held.actor, seat } : signedOutActor(seat);
    },
    relay(event, payload) {
      if (event === 'auth.changed') {
        const change = payload as { sessionId?: unknown; reason?: unknown };
        const local = typeof change.sessionId === 'string' ? tokenOfSession.get(change.sessionId) : undefined;
        const held = local ? sessions.get(local) : undefined;
        if (local && held) {
          if (change.reason === 'ended') forget(local);
          else if (change.reason === 'locked') held.actor = { ...held.actor, access: 'locked' };
          else if (change.reason === 'unlocked') held.actor = { ...held.actor, access: 'signed-in' };
        }
      }
      // Relayed only once it met the contract (core checks every hub event).
      if (event === 'presence.changed') hubPresence = payload as Presence;
      // An alert the hub changed still shows what this console's pending commands do to it.
      if (event === 'alerts.changed') {
        const changed = payload as EventPayload<'alerts.changed'>;
        const pending = pendingEntries();
        replica.emit({ event, payload: { ...changed, alerts: changed.alerts.map((alert) => overlayAlert(alert, pending)) } });
        return;
      }
      replica.emit({ event, payload } as EventMessage);
    },
    linkChanged() {
      const state = link.state();
      // Told at every change and once a second of freshness: only a change of state matters here.
      if (state.state === linkState) return;
      linkState = state.state;
      if (state.state === 'connected') {
        seatName = state.seatName;
        presenceChanged();
        return;
      }
      if (hubPresence === null) return;
      hubPresence = null;
      replica.emit({ event: 'presence.changed', payload: ownPresence() });
    },
  };
}
