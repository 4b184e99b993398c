import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveRendererPath } from '../../shared/domain/app-shell';

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Serves the built renderer with the same path and CSP rules as Electron's app:// protocol. */
export function createStaticHandler(rendererDir: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const relative = resolveRendererPath(url.pathname);
    if (relative === null) {
      response.writeHead(400, SECURITY_HEADERS).end('Bad path');
      return;
    }
    const file = join(rendererDir, relative);
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const immutable = relative.startsWith('assets/');
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeFor(relative),
        'Content-Length': info.size,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found');
    }
  };
}
