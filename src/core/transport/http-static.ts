import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, pagePolicy, resolveRendererPath } from '../../shared/domain/app-shell';

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** The page itself: read whole, so its policy lets in the inline blocks of exactly these bytes. */
async function answerPage(file: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const html = await readFile(file, 'utf8');
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': pagePolicy(html, sha256Base64),
    'Content-Type': contentTypeFor('index.html'),
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-cache',
  });
  response.end(request.method === 'HEAD' ? undefined : html);
}

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
      if (relative === 'index.html') return await answerPage(file, request, response);
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
      if (!response.headersSent) response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found');
    }
  };
}
