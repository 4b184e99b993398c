/**
 * Builds `window.watchroom` from the contract. No electron import here: the preload hands in the
 * three IPC primitives, so this file is unit-tested under plain Node.
 */
import {
  BRIDGE_RESERVED_NAMES,
  CONNECTION_CHANNEL,
  CONNECTION_HELLO_CHANNEL,
  ConnectionStatus,
  Envelope,
  EVENT_CHANNEL,
  events,
  isEventName,
  methodChannel,
  methodNames,
  PRINT_REPORT_CHANNEL,
  type EventName,
  type PrintReportRequest,
  type EventPayload,
  type WatchroomBridge,
} from '../shared/contract';

/** The IPC primitives the bridge needs; the preload backs them with ipcRenderer. */
export interface BridgeTransport {
  /** Sends a call and resolves with main's answer (an envelope). */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Registers a listener for messages main sends on a channel. */
  listen(channel: string, listener: (message: unknown) => void): void;
  /** Sends a one-way message without arguments to main. */
  send(channel: string): void;
}

type Listener<T> = (value: T) => void;

/** Calls every listener; one that throws must not stop the others (or reach main's message loop). */
function notifyAll<T>(listeners: Iterable<Listener<T>>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      console.error('watchroom: a listener threw', error);
    }
  }
}

function unavailable(message: string): Envelope {
  return { ok: false, error: { code: 'unavailable', message } };
}

/** main's answer should always be an envelope; anything else is reported as an error, not passed on. */
function toEnvelope(answer: unknown): Envelope {
  const parsed = Envelope.safeParse(answer);
  return parsed.success ? parsed.data : { ok: false, error: { code: 'internal', message: 'The console shell sent a malformed answer.' } };
}

function buildMethods(transport: BridgeTransport): Record<string, Record<string, (input?: unknown) => Promise<Envelope>>> {
  const namespaces: Record<string, Record<string, (input?: unknown) => Promise<Envelope>>> = {};
  for (const method of methodNames) {
    const dot = method.indexOf('.');
    const namespace = method.slice(0, dot);
    const name = method.slice(dot + 1);
    if (dot <= 0 || (BRIDGE_RESERVED_NAMES as readonly string[]).includes(namespace)) {
      throw new Error(`contract method "${method}" cannot be exposed as watchroom.<namespace>.<name>`);
    }
    const channel = methodChannel(method);
    (namespaces[namespace] ??= {})[name] = (input?: unknown) =>
      transport
        .invoke(channel, input)
        .then(toEnvelope, (error: unknown) =>
          unavailable(`The console shell did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`),
        );
  }
  for (const namespace of Object.values(namespaces)) Object.freeze(namespace);
  return namespaces;
}

export function buildWatchroomApi(transport: BridgeTransport): WatchroomBridge {
  const eventListeners = new Map<EventName, Set<Listener<never>>>();
  transport.listen(EVENT_CHANNEL, (message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    const listeners = eventListeners.get(event);
    if (!listeners || listeners.size === 0) return;
    // main validated it already; checking again costs little and keeps a bad payload out of the UI.
    const parsed = events[event].safeParse(payload);
    if (parsed.success) notifyAll(listeners as Set<Listener<unknown>>, parsed.data);
  });

  const connectionListeners = new Set<Listener<ConnectionStatus>>();
  let connection: ConnectionStatus | null = null;
  transport.listen(CONNECTION_CHANNEL, (message) => {
    const parsed = ConnectionStatus.safeParse(message);
    if (!parsed.success) return;
    connection = parsed.data;
    notifyAll(connectionListeners, parsed.data);
  });
  // main answers on CONNECTION_CHANNEL, the same channel as later changes, so they arrive in order.
  transport.send(CONNECTION_HELLO_CHANNEL);

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) throw new TypeError(`watchroom.on: unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new TypeError('watchroom.on: the listener must be a function');
    let listeners = eventListeners.get(event);
    if (!listeners) eventListeners.set(event, (listeners = new Set()));
    const entry = listener as Listener<never>;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  function onConnection(listener: (status: ConnectionStatus) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('watchroom.onConnection: the listener must be a function');
    connectionListeners.add(listener);
    const known = connection;
    // Deliver the current status after subscribing returns, as every later change is delivered.
    if (known) {
      queueMicrotask(() => {
        if (connectionListeners.has(listener) && connection === known) notifyAll([listener], known);
      });
    }
    return () => {
      connectionListeners.delete(listener);
    };
  }

  function printReport(request: PrintReportRequest): Promise<Envelope> {
    return transport
      .invoke(PRINT_REPORT_CHANNEL, request)
      .then(toEnvelope, (error: unknown) =>
        unavailable(`The console shell could not print the report: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  const api = { ...buildMethods(transport), on, onConnection, printReport };
  // Built from the contract at run time, so the compiler cannot see that it matches the inferred type.
  return Object.freeze(api) as unknown as WatchroomBridge;
}
