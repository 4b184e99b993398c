import {
  DEFAULT_SETTINGS,
  type AppHealth,
  type AppInfo,
  type AuthState,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type Role,
  type Session,
  type Settings,
  type User,
  type WhoAmI,
} from '../../shared/contract';
import { ConnectionStateHolder } from '../transport/connection-state';
import { TransportError, type ConnectionState, type Transport } from '../transport/transport';

type Handler<M extends MethodName> = (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type FakeHandlers = { [M in MethodName]?: Handler<M> };

export const TEST_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  consoleName: 'Test room',
  timeZone: 'utc',
  uiScale: 'normal',
  healthRefreshSeconds: 5,
};

export const TEST_INFO: AppInfo = {
  name: 'Watchroom',
  version: '9.8.7',
  contractVersion: 1,
  mode: 'serve',
  database: { encrypted: true, cipher: 'sqlcipher', schemaVersion: 1 },
  startedAt: Date.UTC(2026, 10, 23, 8, 0, 0),
  notices: [],
};

export function testHealth(overrides: Partial<AppHealth> = {}): AppHealth {
  return {
    at: Date.UTC(2026, 10, 23, 9, 0, 0),
    uptimeMs: (3 * 60 + 12) * 60_000,
    dbLatencyMs: 0.42,
    memory: { rssBytes: 120 * 1024 * 1024, heapUsedBytes: 40 * 1024 * 1024, heapTotalBytes: 64 * 1024 * 1024 },
    eventLoopDelayP99Ms: 12.3,
    dbSizeBytes: 2.5 * 1024 * 1024,
    checks: [],
    ...overrides,
  };
}

/** Core's own local operator (an admin of every site), as the desktop and serve mode act today. */
export const LOCAL_WHOAMI: WhoAmI = { id: 'local-operator', displayName: 'Local operator', role: 'admin', sites: null };

/** A signed-in person of a role, for tests of what the console disables: "Ann Example is an operator". */
export function personWhoAmI(role: Role, sites: string[] | null = null): WhoAmI {
  return { id: `user-${role}`, displayName: 'Ann Example', role, sites };
}

export const TEST_USER: User = {
  id: 'user-ada',
  username: 'ada',
  displayName: 'Ada Admin',
  role: 'admin',
  sites: null,
  active: true,
  totpEnabled: false,
  lastSignInAt: Date.UTC(2026, 10, 23, 7, 55, 0),
  lockedUntil: null,
  createdAt: Date.UTC(2026, 10, 1, 8, 0, 0),
  updatedAt: Date.UTC(2026, 10, 1, 8, 0, 0),
};

export const TEST_SESSION: Session = {
  id: 'session-1',
  userId: TEST_USER.id,
  userDisplayName: TEST_USER.displayName,
  kind: 'person',
  seat: 'desk-1',
  address: null,
  startedAt: Date.UTC(2026, 10, 23, 7, 55, 0),
  lastActiveAt: Date.UTC(2026, 10, 23, 8, 55, 0),
  expiresAt: Date.UTC(2026, 10, 24, 7, 55, 0),
  locked: false,
};

/** An admin signed in at the seat: what most component tests start from. */
export const SIGNED_IN: AuthState = {
  state: 'signed-in',
  user: TEST_USER,
  session: TEST_SESSION,
  idleLockMinutes: 30,
  mustEnrolTwoFactor: false,
};

/**
 * An in-memory core for component tests: answers from per-method handlers, records every call,
 * and lets a test push events and change the connection state as a real transport would.
 */
export class FakeTransport implements Transport {
  readonly calls: { method: MethodName; input: unknown }[] = [];
  private readonly handlers: FakeHandlers;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly connection = new ConnectionStateHolder({ state: 'connected', detail: null });

  constructor(handlers: FakeHandlers = {}) {
    this.handlers = {
      'auth.state': () => SIGNED_IN,
      'auth.activity': () => SIGNED_IN,
      'app.info': () => TEST_INFO,
      'settings.get': () => TEST_SETTINGS,
      'app.health': () => testHealth(),
      'app.healthHistory': () => ({ sampleEveryMs: 10_000, samples: [] }),
      'app.whoami': () => LOCAL_WHOAMI,
      'audit.list': () => ({ entries: [], nextBeforeSeq: null }),
      'audit.verify': () => ({
        ok: true,
        checked: 0,
        head: null,
        problemCount: 0,
        problems: [],
        newestAnchor: null,
        anchorsChecked: 0,
        notes: [],
      }),
      'board.snapshot': () => ({ at: TEST_INFO.startedAt, sites: [], total: 0, monitors: [] }),
      'sites.list': () => [],
      'backend.state': () => ({
        running: { kind: 'embedded' },
        choice: { kind: 'embedded' },
        restartNeeded: false,
        link: { state: 'embedded' },
      }),
      'seats.list': () => [],
      'outbox.list': () => ({ entries: [] }),
      'presence.list': () => ({ people: [] }),
      'presence.view': () => ({ people: [] }),
      // The header says who is on call.
      'oncall.now': () => [],
      'oncall.onShift': () => ({ people: [], because: 'nobody', boundaryAt: null }),
      ...handlers,
    };
  }

  /** Replaces how one method answers from now on. */
  respond<M extends MethodName>(method: M, handler: Handler<M>): void {
    (this.handlers as Record<string, unknown>)[method] = handler;
  }

  callsOf<M extends MethodName>(method: M): MethodInput<M>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.input as MethodInput<M>);
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (handler === undefined) throw new TransportError('unknown_method', `The fake transport has no answer for ${method}`);
    return handler(input);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Whether anything listens to `event` now. */
  listensTo(event: EventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  /** The events the console said it shows nothing of (skipUnlistened), as long as it says so. */
  readonly unshown = new Set<EventName>();

  skipUnlistened(events: readonly EventName[]): () => void {
    for (const event of events) this.unshown.add(event);
    return () => {
      for (const event of events) this.unshown.delete(event);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
  }

  setConnection(state: ConnectionState, detail: string | null = null): void {
    this.connection.set({ state, detail });
  }

  getConnection = this.connection.get;
  onConnectionChange = this.connection.subscribe;
  close(): void {}
}
