import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { ConnectionStateHolder } from './connection-state';
import { parseEventPayload, unwrapEnvelope } from './envelope';
import { DEFAULT_CALL_TIMEOUT_MS, TransportError, type ConnectionSnapshot, type Transport } from './transport';

/**
 * What this renderer relies on from the preload's `window.watchroom` (WatchroomBridge in
 * shared/contract/bridge.ts): `<namespace>.<name>(input)` resolving to an envelope, `on(event, cb)`
 * and `onConnection(cb)`. Kept structural and checked at run time, so the renderer depends on the
 * shape rather than on the preload's exact types, and a missing method fails as a clear error.
 */
export interface BridgeLike {
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (Reflect.get(value, key) as unknown) : undefined;
}

export function isBridgeLike(value: unknown): value is BridgeLike {
  return typeof property(value, 'on') === 'function';
}

/** The bridge function for 'app.health' is bridge.app.health. */
function bridgeFunction(bridge: BridgeLike, method: MethodName): ((input: unknown) => Promise<unknown>) | null {
  const [namespace = '', name = ''] = method.split('.');
  const owner = property(bridge, namespace);
  const fn = property(owner, name);
  if (typeof fn !== 'function') return null;
  return (input) => Promise.resolve(Reflect.apply(fn, owner, [input]) as unknown);
}

/** Maps the bridge's ConnectionStatus ({state, attempt, retryInMs, reason}) to this renderer's snapshot. */
export function snapshotFromBridgeStatus(status: unknown): ConnectionSnapshot | null {
  const state = property(status, 'state');
  if (state === 'connected') return { state, detail: null };
  if (state === 'connecting') {
    const waiting = property(status, 'waiting');
    return { state, detail: typeof waiting === 'string' ? waiting : null };
  }
  if (state === 'reconnecting') {
    const reason = property(status, 'reason');
    const attempt = property(status, 'attempt');
    const retryInMs = property(status, 'retryInMs');
    const parts = [typeof reason === 'string' ? reason : 'Core stopped.'];
    if (typeof attempt === 'number' && typeof retryInMs === 'number') {
      parts.push(`Restarting core (attempt ${attempt}) in ${Math.ceil(retryInMs / 1000)} s.`);
    }
    return { state, detail: parts.join(' ') };
  }
  return null;
}

export function createBridgeTransport(bridge: BridgeLike, options: { callTimeoutMs?: number } = {}): Transport {
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const onConnection = property(bridge, 'onConnection');
  // A bridge without a connection feed is a preload that is up whenever this page is: treat it as connected.
  const connection = new ConnectionStateHolder(
    typeof onConnection === 'function' ? { state: 'connecting', detail: null } : { state: 'connected', detail: null },
  );
  const stopConnectionFeed =
    typeof onConnection === 'function'
      ? (Reflect.apply(onConnection, bridge, [
          (status: unknown) => {
            const snapshot = snapshotFromBridgeStatus(status);
            if (snapshot) connection.set(snapshot);
          },
        ]) as unknown)
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
    return bridge.on(event, (raw) => {
      const payload = parseEventPayload(event, raw);
      if (payload === null) console.error(`Ignored a ${event} event that does not match the contract`);
      else listener(payload);
    });
  }

  return {
    call,
    on,
    getConnection: connection.get,
    onConnectionChange: connection.subscribe,
    close() {
      if (typeof stopConnectionFeed === 'function') Reflect.apply(stopConnectionFeed, undefined, []);
    },
  };
}
