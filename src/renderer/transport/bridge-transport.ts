import {
  ConnectionStatus,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodNamespace,
  type MethodOutput,
  type WatchroomBridge,
} from '../../shared/contract';
import { ConnectionStateHolder } from './connection-state';
import { deliverEvent, unwrapEnvelope } from './envelope';
import { DEFAULT_CALL_TIMEOUT_MS, TransportError, type ConnectionSnapshot, type Transport } from './transport';

/** A bridge method as the transport calls it: the contract types each one; call() keeps the method's own input and answer types. */
type AnyBridgeMethod = (input?: unknown) => Promise<unknown>;

/** The page's window.watchroom when the Electron preload put it there (its `on` is what every bridge has). */
export function bridgeOf(host: object): WatchroomBridge | null {
  const bridge: unknown = 'watchroom' in host ? host.watchroom : undefined;
  return typeof bridge === 'object' && bridge !== null && 'on' in bridge && typeof bridge.on === 'function'
    ? (bridge as WatchroomBridge)
    : null;
}

/** The bridge function for 'app.health' is bridge.app.health; null when a preload of another version lacks it. */
function bridgeFunction(bridge: WatchroomBridge, method: MethodName): AnyBridgeMethod | null {
  const [namespace, name] = method.split('.') as [MethodNamespace, string];
  // Read as one record: each method takes its own input, and call() already ties the input to the method's name.
  const owner = bridge[namespace] as Readonly<Record<string, AnyBridgeMethod | undefined>> | undefined;
  const fn = owner?.[name];
  return typeof fn === 'function' ? (input) => fn.call(owner, input) : null;
}

/** Maps the bridge's ConnectionStatus ({state, attempt, retryInMs, reason}) to this renderer's snapshot; null for a status the contract does not know. */
export function snapshotFromBridgeStatus(raw: unknown): ConnectionSnapshot | null {
  const parsed = ConnectionStatus.safeParse(raw);
  if (!parsed.success) return null;
  const status = parsed.data;
  if (status.state === 'connected') return { state: 'connected', detail: null };
  if (status.state === 'connecting') return { state: 'connecting', detail: status.waiting ?? null };
  return {
    state: 'reconnecting',
    detail: `${status.reason} Restarting core (attempt ${status.attempt}) in ${Math.ceil(status.retryInMs / 1000)} s.`,
  };
}

export function createBridgeTransport(bridge: WatchroomBridge, options: { callTimeoutMs?: number } = {}): Transport {
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  // A bridge without a connection feed is a preload that is up whenever this page is: treat it as connected.
  const hasConnectionFeed = typeof bridge.onConnection === 'function';
  const connection = new ConnectionStateHolder(
    hasConnectionFeed ? { state: 'connecting', detail: null } : { state: 'connected', detail: null },
  );
  const stopConnectionFeed = hasConnectionFeed
    ? bridge.onConnection((status) => {
        const snapshot = snapshotFromBridgeStatus(status);
        if (snapshot) connection.set(snapshot);
      })
    : undefined;

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const fn = bridgeFunction(bridge, method);
    if (fn === null) {
      throw new TransportError(
        'unknown_method',
        `This desktop app's bridge has no ${method}; the app and its console are of different versions.`,
      );
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TransportError(
              'unavailable',
              `Core did not answer ${method} within ${callTimeoutMs / 1000} s; it may be busy or restarting.`,
            ),
          ),
        callTimeoutMs,
      );
    });
    try {
      return unwrapEnvelope(method, await Promise.race([fn(input), timeout]));
    } finally {
      clearTimeout(timer);
    }
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // Checked against the contract all the same: a preload of another version may send another shape.
    return bridge.on(event, (raw: unknown) => {
      deliverEvent(event, raw, listener);
    });
  }

  return {
    call,
    on,
    // Core sends every event over the message port to main, which hands them to each window: nothing to ask.
    skipUnlistened: () => () => undefined,
    getConnection: connection.get,
    onConnectionChange: connection.subscribe,
    close() {
      stopConnectionFeed?.();
    },
  };
}
