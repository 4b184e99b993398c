import { io } from 'socket.io-client';
import {
  EVENT_INTEREST,
  eventNames,
  type EventInterest,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract';
import { authPathOf, HTTP_AUTH_METHODS, type HttpAuthMethod } from '../../shared/domain/serve-access';
import { ConnectionStateHolder } from './connection-state';
import { takeFirstScreenAnswers, withFirstScreenAnswers } from './first-screen';
import { deliverEvent, unwrapEnvelope } from './envelope';
import {
  createSessionKeeper,
  pairingCodeFromHash,
  redeemPairingCode,
  removePairingCodeFromAddress,
  removeTokenFromAddress,
  takeEarlyExchange,
  tokenFromHash,
  type FetchLike,
} from './serve-session';
import { DEFAULT_CALL_TIMEOUT_MS, TransportError, type Transport } from './transport';

/** The few socket.io-client Socket members this transport uses; a test can stand in for them. */
export interface SocketLike {
  readonly connected: boolean;
  /** True while socket.io will keep trying to (re)connect by itself. */
  readonly active: boolean;
  on(event: string, listener: (arg: unknown) => void): unknown;
  off(event: string, listener: (arg: unknown) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
  emit(event: string, payload: unknown): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

export interface SocketTransportOptions {
  /** How long a call waits for core's answer before failing with 'unavailable'. */
  callTimeoutMs?: number;
  /**
   * Serve mode sends set-up, sign-in and sign-out over HTTP, whose answer sets or clears the
   * HttpOnly cookie with the person's session; answers core's envelope as it came.
   */
  postAuth?(method: HttpAuthMethod, input: unknown): Promise<unknown>;
}

function isHttpAuthMethod<M extends MethodName>(method: M): method is M & HttpAuthMethod {
  return (HTTP_AUTH_METHODS as readonly string[]).includes(method);
}

const succeeded = (raw: unknown) => typeof raw === 'object' && raw !== null && 'ok' in raw && raw.ok === true;

const DISCONNECT_REASONS: Record<string, string> = {
  'transport close': 'The connection to core closed.',
  'transport error': 'The connection to core failed.',
  'ping timeout': 'Core stopped answering.',
  'parse error': 'Core sent something this console could not read.',
  'io server disconnect': 'Core closed this connection.',
};

// socket.io's own words ("xhr poll error", "websocket error") mean nothing to an operator. A
// refused session looks the same to socket.io; connectToOwnOrigin tells the two apart.
const CONNECT_ERROR_DETAIL = 'Cannot reach core; retrying every few seconds.';

/** The contract over socket.io: a method is an acknowledged emit named after it, an event a plain emit. */
export function createSocketTransport(socket: SocketLike, options: SocketTransportOptions = {}): Transport {
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const connection = new ConnectionStateHolder(
    socket.connected ? { state: 'connected', detail: null } : { state: 'connecting', detail: null },
  );
  let everConnected = socket.connected;

  /**
   * Events this console shows nothing of (skipUnlistened, by count) and how many listeners each event has.
   * Core sends this socket every event but the unshown ones nothing listens to (EVENT_INTEREST): a wall
   * display is not sent the audit log's audit.appended, one per command.
   */
  const unshown = new Map<EventName, number>();
  const listeners = new Map<EventName, number>();
  const everyEvent = eventNames.join(',');
  /** What core was last told on this connection; a new connection gets every event until told. */
  let told = everyEvent;
  /**
   * Tells core at once whenever the list changes: a listener that brings an event back is heard
   * before anything its page asks next, so no event after that read is skipped.
   */
  const tellInterest = () => {
    if (!socket.connected) return;
    const interest: EventInterest = { events: eventNames.filter((event) => listeners.has(event) || !unshown.has(event)) };
    const key = interest.events.join(',');
    if (key === told) return;
    told = key;
    socket.emit(EVENT_INTEREST, interest);
  };
  const counted = (counts: Map<EventName, number>, event: EventName, by: 1 | -1) => {
    const count = (counts.get(event) ?? 0) + by;
    if (count > 0) counts.set(event, count);
    else counts.delete(event);
  };

  const onConnect = () => {
    everConnected = true;
    told = everyEvent;
    tellInterest();
    connection.set({ state: 'connected', detail: null });
  };
  const onDisconnect = (raw: unknown) => {
    const reason = String(raw);
    if (reason === 'io client disconnect') {
      connection.set({ state: 'disconnected', detail: 'This console closed the connection.' });
      return;
    }
    // socket.io does not retry by itself after the server closed the socket; a restarted core should still get us back.
    if (reason === 'io server disconnect') socket.connect();
    connection.set({ state: 'reconnecting', detail: DISCONNECT_REASONS[reason] ?? `Connection lost (${reason}).` });
  };
  const onConnectError = () => {
    const detail = CONNECT_ERROR_DETAIL;
    if (socket.active) connection.set({ state: everConnected ? 'reconnecting' : 'connecting', detail });
    else connection.set({ state: 'disconnected', detail });
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);

  /** The first connection is worth waiting for; a lost one is not (the operator should see it at once). */
  function waitForFirstConnection(method: MethodName): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new TransportError(
            'unavailable',
            `Core did not accept the connection within ${callTimeoutMs / 1000} s, so ${method} was not sent.`,
          ),
        );
      }, callTimeoutMs);
      const unsubscribe = connection.subscribe((snapshot) => {
        if (snapshot.state === 'connected') {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        } else if (snapshot.state === 'disconnected') {
          clearTimeout(timer);
          unsubscribe();
          reject(new TransportError('unavailable', snapshot.detail ?? 'Not connected to core.'));
        }
      });
    });
  }

  /** A new handshake, so core reads the session cookie just set or cleared; calls wait for it as for the first one. */
  function reconnect(): void {
    socket.disconnect();
    connection.set({ state: 'connecting', detail: null });
    socket.connect();
  }

  async function callOverHttp<M extends MethodName>(
    postAuth: NonNullable<SocketTransportOptions['postAuth']>,
    method: M & HttpAuthMethod,
    input: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    let answer: unknown;
    try {
      answer = await postAuth(method, input ?? null);
    } catch {
      throw new TransportError('unavailable', `Core did not answer ${method}; it may be busy or restarting.`);
    }
    if (succeeded(answer)) reconnect();
    return unwrapEnvelope(method, answer);
  }

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (options.postAuth && isHttpAuthMethod(method)) return callOverHttp(options.postAuth, method, input);
    const { state, detail } = connection.get();
    if (state === 'connecting') await waitForFirstConnection(method);
    else if (state === 'reconnecting') {
      throw new TransportError('unavailable', `Core is not connected — reconnecting. ${detail ?? ''}`.trim());
    } else if (state === 'disconnected') {
      throw new TransportError('unavailable', `Not connected to core. ${detail ?? ''}`.trim());
    }
    let answer: unknown;
    try {
      // JSON has no undefined; core reads a null input as "no input".
      answer = await socket.timeout(callTimeoutMs).emitWithAck(method, input ?? null);
    } catch {
      throw new TransportError(
        'unavailable',
        `Core did not answer ${method} within ${callTimeoutMs / 1000} s; it may be busy or restarting.`,
      );
    }
    return unwrapEnvelope(method, answer);
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const handler = (raw: unknown) => {
      deliverEvent(event, raw, listener);
    };
    socket.on(event, handler);
    counted(listeners, event, 1);
    tellInterest();
    return () => {
      socket.off(event, handler);
      counted(listeners, event, -1);
      tellInterest();
    };
  }

  function skipUnlistened(events: readonly EventName[]): () => void {
    for (const event of events) counted(unshown, event, 1);
    tellInterest();
    return () => {
      for (const event of events) counted(unshown, event, -1);
      tellInterest();
    };
  }

  return {
    call,
    on,
    skipUnlistened,
    getConnection: connection.get,
    onConnectionChange: connection.subscribe,
    close() {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.disconnect();
      connection.set({ state: 'disconnected', detail: 'This console closed the connection.' });
    },
  };
}

export interface ServeConnection {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** The page's fetch: the access exchange reads the status, sign-in the JSON answer. */
  fetch: (url: string, init: RequestInit) => ReturnType<FetchLike> & Promise<{ json(): Promise<unknown> }>;
  /** This console has no valid session (a wrong or old address, or serve restarted): show how to get one. */
  onAccessRefused(): void;
}

/**
 * Serve mode: socket.io to the page's own origin, once the access token from the printed address
 * (if this load has one) is traded for the session cookie the handshake needs. The token leaves
 * the address bar before anything else runs.
 */
export function connectToOwnOrigin(host: ServeConnection, options: SocketTransportOptions = {}): Transport {
  const session = createSessionKeeper(host.fetch, tokenFromHash(host.location.hash), takeEarlyExchange());
  removeTokenFromAddress(host.location, host.history);
  const pairingCode = pairingCodeFromHash(host.location.hash);
  removePairingCodeFromAddress(host.location, host.history);
  const postAuth = async (method: HttpAuthMethod, input: unknown): Promise<unknown> => {
    const response = await host.fetch(authPathOf(method), {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    return response.json();
  };
  const socket = io({
    autoConnect: false,
    // WebSocket first: long-polling first costs several round trips before the board's snapshot can
    // be asked for (measured: about 100 ms of a 500 ms first render). Polling stays as the fallback
    // for a network that blocks WebSocket.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  const transport = withFirstScreenAnswers(
    createSocketTransport(socket, { postAuth, ...options }),
    takeFirstScreenAnswers(),
    unwrapEnvelope,
  );
  let accessRefused = false;
  const refused = () => {
    if (accessRefused) return;
    accessRefused = true;
    transport.close();
    host.onAccessRefused();
  };
  socket.on('connect_error', () => {
    void session.afterConnectError().then((answer) => {
      if (answer === 'refused') refused();
    });
  });
  void session.start().then(async (answer) => {
    if (answer === 'refused') {
      refused();
      return;
    }
    // A wall display at its pairing address: its session cookie first, so the first handshake carries it.
    if (pairingCode !== null) await redeemPairingCode(host.fetch, pairingCode);
    socket.connect();
  });
  return transport;
}
