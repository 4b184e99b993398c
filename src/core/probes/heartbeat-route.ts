import type { IncomingMessage, ServerResponse } from 'node:http';

export const HEARTBEAT_PATH = '/hb/';

/**
 * The URL a device calls to say it is alive: GET or POST /hb/<token>. Answers 204 for a known
 * token and 404 otherwise (the same for a paused monitor, so tokens cannot be probed for state).
 */
export function createHeartbeatRoute(record: (token: string) => boolean) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(HEARTBEAT_PATH)) return false;
    const token = url.pathname.slice(HEARTBEAT_PATH.length);
    if ((request.method !== 'GET' && request.method !== 'POST') || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      response.writeHead(404).end();
      return true;
    }
    request.resume();
    response.writeHead(record(token) ? 204 : 404).end();
    return true;
  };
}
export type HeartbeatRoute = ReturnType<typeof createHeartbeatRoute>;
