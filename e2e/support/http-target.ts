import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A device the console probes: each path answers with the status the test sets, until it is stopped. */
export interface HttpTarget {
  url(path: string): string;
  setStatus(path: string, status: number): void;
  stop(): Promise<void>;
}

export async function startHttpTarget(): Promise<HttpTarget> {
  const statuses = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const status = statuses.get(request.url ?? '/') ?? 200;
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(status < 400 ? 'ok' : 'failing');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    setStatus: (path, status) => statuses.set(path, status),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
