import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import type { TestCertificate } from './certificates';

export interface RunningServer {
  server: net.Server;
  port: number;
  /** Sockets the server accepted, to assert the probe closed them. */
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}

async function start(server: net.Server): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  // tls.Server reports TLS sockets on 'secureConnection'; the raw ones are enough to close everything.
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // a probe destroying its end mid-answer resets ours
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHttpServer(handler: http.RequestListener): Promise<RunningServer> {
  return start(http.createServer(handler));
}

export function startHttpsServer(
  certificate: TestCertificate,
  handler: http.RequestListener,
  options: https.ServerOptions = {},
): Promise<RunningServer> {
  return start(https.createServer({ ...options, key: certificate.key, cert: certificate.cert }, handler));
}

/**
 * A plain TCP server: the test writes whatever bytes it wants (garbage, nothing, a trickle). What
 * the client sends is read and dropped, so the client's close is seen and the socket closes.
 */
export function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<RunningServer> {
  return start(
    net.createServer((socket) => {
      socket.resume();
      onConnection(socket);
    }),
  );
}

export function startTlsServer(certificate: TestCertificate): Promise<RunningServer> {
  return start(tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => socket.end()));
}

/** A port nothing listens on (it was free a moment ago): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await startTcpServer(() => undefined);
  await server.close();
  return server.port;
}

/** Resolves once every socket the server accepted so far has closed. */
export async function allSocketsClosed(server: RunningServer): Promise<void> {
  await Promise.all(
    [...server.sockets].map((socket) => (socket.destroyed ? undefined : new Promise((resolve) => socket.once('close', resolve)))),
  );
}
