import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A small local "site" for the demo: HTTP endpoints that are healthy, slow, flapping and
 * failing, an open and a closed TCP port, so every monitor state shows without any network.
 */
export interface DemoSimulator {
  httpPort: number;
  openTcpPort: number;
  closedTcpPort: number;
  /** Sends a beat to a heartbeat URL every `everyMs` until stopped. */
  startHeartbeats(url: string, everyMs: number): void;
  stop(): Promise<void>;
}

const FLAP_PERIOD_MS = 60_000;

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startDemoSimulator(now: () => number = Date.now): Promise<DemoSimulator> {
  const http = createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/healthy') return json(200, { status: 'ok', recorder: 'recording' });
    if (path === '/slow') return void setTimeout(() => json(200, { status: 'ok' }), 700);
    if (path === '/flapping') {
      const up = Math.floor(now() / FLAP_PERIOD_MS) % 2 === 0;
      return json(up ? 200 : 503, { status: up ? 'ok' : 'unavailable' });
    }
    if (path === '/failing') return json(503, { status: 'unavailable', error: 'recorder disk full' });
    json(404, { error: 'no such endpoint' });
  });
  const tcp = createTcpServer((socket) => socket.end());
  const closed = createTcpServer();
  const [httpPort, openTcpPort, closedTcpPort] = await Promise.all([listen(http), listen(tcp), listen(closed)]);
  // Nothing listens on this port any more: connecting to it is refused, like a dead device.
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const beats: NodeJS.Timeout[] = [];
  return {
    httpPort,
    openTcpPort,
    closedTcpPort,
    startHeartbeats(url, everyMs) {
      const beat = () => {
        const request = httpRequest(url, { method: 'POST' }, (response) => response.resume());
        request.on('error', () => {});
        request.end();
      };
      beat();
      const timer = setInterval(beat, everyMs);
      timer.unref();
      beats.push(timer);
    },
    async stop() {
      for (const timer of beats) clearInterval(timer);
      http.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tcp.close(r))]);
    },
  };
}
