import { createBridgeTransport, isBridgeLike } from './bridge-transport';
import { connectToOwnOrigin } from './socket-transport';
import type { Transport } from './transport';

/** Electron's preload when it is there, else socket.io to the page's own origin (serve mode, wall displays). */
export function selectTransport(host: Window): Transport {
  const bridge: unknown = Reflect.get(host, 'watchroom');
  return isBridgeLike(bridge) ? createBridgeTransport(bridge) : connectToOwnOrigin(host.location);
}

