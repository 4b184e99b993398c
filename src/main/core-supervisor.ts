/**
 * Keeps core (the utility process) running and talks to it over its message port: forwards calls,
 * matches answers, passes events on, and restarts core with backoff when it stops. No electron
 * import here: core-process.ts supplies the launcher, so all of this is tested under Node.
 */
import {
  events,
  isEventName,
  methods,
  PortMessageFromCore,
  type ConnectionStatus,
  type CoreInitMessage,
  type Envelope,
  type EventMessage,
  type MethodName,
  type PortRequest,
} from '../shared/contract';
import type { Clock } from '../shared/domain/clock';
import { attemptsAfterExit, nextRestartDelay } from './restart-policy';

/** main's end of the channel whose other end went to core with the init message. */
export interface CorePort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  close(): void;
}

export interface LaunchedCore {
  port: CorePort;
  onExit(listener: (code: number) => void): void;
  /** Messages core sends on its parent port: {type:'fatal', message} before it exits, {type:'waiting', message} while it cannot start yet. */
  onParentMessage(listener: (message: unknown) => void): void;
  kill(): void;
}

export interface CoreSupervisorOptions {
  /** Starts core and hands it init (with the key) and the other end of a new port. */
  launch(init: CoreInitMessage): LaunchedCore;
  init: Omit<CoreInitMessage, 'type'>;
  clock: Clock;
  onStatus(status: ConnectionStatus): void;
  onEvent(message: EventMessage): void;
  log: { warn(message: string): void; error(message: string): void };
  /** A call core has not answered by then fails with 'unavailable' instead of hanging the UI. */
  callTimeoutMs?: number;
}

export interface CoreSupervisor {
  start(): void;
  /** `connection` names the renderer that called (core keeps each one's session token). */
  call(method: MethodName, input: unknown, connection: string): Promise<Envelope>;
  status(): ConnectionStatus;
  /** Stops core for good (at quit): no restart, pending calls fail. */
  stop(): void;
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** A contract event from core, checked against its schema; null for anything else. */
export function parseCoreEvent(event: string, payload: unknown): EventMessage | null {
  if (!isEventName(event)) return null;
  const parsed = events[event].safeParse(payload);
  return parsed.success ? ({ event, payload: parsed.data } as EventMessage) : null;
}

function unavailable(message: string): Envelope {
  return { ok: false, error: { code: 'unavailable', message } };
}

/**
 * What the renderer is told about a call core never answered. A command may have been applied
 * before core stopped, so the operator is told to check rather than blindly repeat it.
 */
export function interruptedCallMessage(method: MethodName, what: string): string {
  const advice =
    methods[method].kind === 'command' ? 'It may or may not have taken effect: check before repeating it.' : 'Try again in a moment.';
  return `${what} (${method}). ${advice}`;
}

interface Running {
  launched: LaunchedCore;
  readyAt: number | null;
}

interface PendingCall {
  method: MethodName;
  resolve(envelope: Envelope): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createCoreSupervisor(options: CoreSupervisorOptions): CoreSupervisor {
  const { clock, log } = options;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const pending = new Map<number, PendingCall>();
  let running: Running | null = null;
  let status: ConnectionStatus = { state: 'connecting' };
  let attempts = 0;
  let nextCallId = 1;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let lastFatal: string | null = null;
  // Sent until core has started once: a restart in the same run reopens the cache it just created.
  let freshCacheReason = options.init.freshCacheReason;

  function setStatus(next: ConnectionStatus): void {
    status = next;
    options.onStatus(next);
  }

  function settle(id: number, envelope: Envelope): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(envelope);
  }

  function failAllPending(what: string): void {
    for (const [id, call] of [...pending]) settle(id, unavailable(interruptedCallMessage(call.method, what)));
  }

  function onPortMessage(owner: Running, data: unknown): void {
    if (running !== owner) return;
    const message = PortMessageFromCore.safeParse(data);
    if (!message.success) {
      log.warn('dropped a malformed message from core');
      return;
    }
    switch (message.data.type) {
      case 'ready':
        owner.readyAt = clock.now();
        freshCacheReason = null;
        lastFatal = null;
        setStatus({ state: 'connected' });
        return;
      case 'result':
        settle(message.data.id, message.data.envelope as Envelope);
        return;
      case 'event': {
        const event = parseCoreEvent(message.data.event, message.data.payload);
        if (event) options.onEvent(event);
        else log.warn(`dropped an unknown or malformed event "${message.data.event}" from core`);
        return;
      }
    }
  }

  /** Fails what core was doing and, unless main is quitting, schedules the next start. */
  function coreStopped(reason: string, upMs: number): void {
    log.error(`core stopped: ${reason}`);
    failAllPending('The console core stopped before answering');
    if (stopped) return;
    attempts = attemptsAfterExit(attempts, upMs);
    const delay = nextRestartDelay(attempts);
    attempts += 1;
    setStatus({ state: 'reconnecting', attempt: attempts, retryInMs: delay, reason });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!stopped) launch();
    }, delay);
  }

  function onExit(owner: Running, code: number): void {
    if (running !== owner) return;
    running = null;
    owner.launched.port.close();
    const reason = lastFatal ?? `it exited with code ${code}`;
    lastFatal = null;
    coreStopped(reason, owner.readyAt === null ? 0 : clock.now() - owner.readyAt);
  }

  function launch(): void {
    const init: CoreInitMessage = { type: 'init', ...options.init, freshCacheReason };
    let launched: LaunchedCore;
    try {
      launched = options.launch(init);
    } catch (error) {
      // Handled like a crash at start: same backoff, same status for the renderer.
      coreStopped(`it could not be started: ${error instanceof Error ? error.message : String(error)}`, 0);
      return;
    }
    const owner: Running = { launched, readyAt: null };
    running = owner;
    launched.port.onMessage((data) => onPortMessage(owner, data));
    launched.onParentMessage((message) => {
      if (running !== owner || typeof message !== 'object' || message === null) return;
      const { type, message: text } = message as { type?: unknown; message?: unknown };
      if (type === 'fatal') lastFatal = typeof text === 'string' && text !== '' ? text : 'core reported a fatal error';
      // Core is alive but cannot open its data yet (a full disk): the window says why instead of only "connecting".
      if (type === 'waiting' && typeof text === 'string' && text !== '' && owner.readyAt === null && status.state === 'connecting')
        setStatus({ state: 'connecting', waiting: text });
    });
    launched.onExit((code) => onExit(owner, code));
  }

  return {
    start() {
      if (running || restartTimer || stopped) return;
      setStatus({ state: 'connecting' });
      launch();
    },

    call(method, input, connection) {
      if (stopped) return Promise.resolve(unavailable('The console is shutting down.'));
      const current = running;
      if (!current) return Promise.resolve(unavailable('The console core is restarting. Try again in a moment.'));
      const id = nextCallId++;
      const request: PortRequest = { type: 'call', id, method, input, connection };
      return new Promise<Envelope>((resolve) => {
        const timer = setTimeout(
          () =>
            settle(
              id,
              unavailable(interruptedCallMessage(method, `The console core did not answer within ${Math.round(callTimeoutMs / 1000)} s`)),
            ),
          callTimeoutMs,
        );
        pending.set(id, { method, resolve, timer });
        try {
          // Calls made while core is still starting wait in the port until core listens.
          current.launched.port.postMessage(request);
        } catch (error) {
          settle(
            id,
            unavailable(`The call could not be sent to the console core: ${error instanceof Error ? error.message : String(error)}`),
          );
        }
      });
    },

    status: () => status,

    stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const current = running;
      running = null;
      failAllPending('The console shut down before answering');
      if (current) {
        current.launched.port.close();
        current.launched.kill();
      }
    },
  };
}
