/** The contract over socket.io (serve mode, hub) and over a message port (Electron), plus the renderer's static files. */
export { attachSocketTransport, type SocketTransportOptions } from './socket-transport';
export { servePort, type MessagePortLike } from './port-transport';
export { createStaticHandler } from './http-static';
export { createServeServer, type ServeServer, type ServeServerOptions } from './serve-server';
export { serveSessionSecret } from './access-gate';
export {
  createHubPresence,
  createHubServer,
  HUB_PING_INTERVAL_MS,
  HUB_PING_TIMEOUT_MS,
  type HubFeed,
  type HubPresence,
  type HubSeats,
  type HubServer,
  type HubServerOptions,
} from './hub-server';
