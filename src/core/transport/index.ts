/** The contract over socket.io (serve mode, hub) and over a message port (Electron), plus the renderer's static files. */
export { attachSocketTransport, type SocketTransportOptions } from './socket-transport';
export { servePort, type MessagePortLike } from './port-transport';
export { createStaticHandler } from './http-static';
export { createServeServer, type ServeServer, type ServeServerOptions } from './serve-server';
export { serveSessionSecret } from './access-gate';
