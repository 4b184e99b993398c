import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleMetrics } from './metrics';

export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/** What `/readyz` checks; each false names what is wrong, never which site or monitor. */
export interface Readiness {
  databaseOpen: boolean;
  probesRunning: boolean;
  /** The disk under the data folder is full: commands are refused until space is back. */
  readOnly: boolean;
}

export interface OpsRouteOptions {
  readiness(): Readiness;
  metrics: ConsoleMetrics;
  /** Alive since, for `/healthz`. */
  startedAt: number;
  now(): number;
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;
const JSON_TYPE = { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8' } as const;

/**
 * `/healthz`, `/readyz` and `/metrics` for load balancers, orchestrators and Prometheus: no sign-in,
 * GET (or HEAD) only, nothing cached, and nothing in them that names a site, monitor or person.
 * Answers true when the request was one of them.
 */
export function createOpsRoute(options: OpsRouteOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== HEALTHZ_PATH && path !== READYZ_PATH && path !== METRICS_PATH) return false;
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...NO_STORE, Allow: 'GET, HEAD' }).end();
      return true;
    }
    if (path === HEALTHZ_PATH) {
      response.writeHead(200, JSON_TYPE).end(JSON.stringify({ status: 'alive', uptimeMs: Math.max(0, options.now() - options.startedAt) }));
    } else if (path === READYZ_PATH) {
      let readiness: Readiness;
      try {
        readiness = options.readiness();
      } catch {
        readiness = { databaseOpen: false, probesRunning: false, readOnly: true };
      }
      const ready = readiness.databaseOpen && readiness.probesRunning && !readiness.readOnly;
      response.writeHead(ready ? 200 : 503, JSON_TYPE).end(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...readiness }));
    } else {
      options.metrics.render().then(
        ({ contentType, body }) => response.writeHead(200, { ...NO_STORE, 'Content-Type': contentType }).end(body),
        () => response.writeHead(503, NO_STORE).end(),
      );
    }
    return true;
  };
}
