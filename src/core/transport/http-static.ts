import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveRendererPath } from '../../shared/domain/app-shell';

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export interface StaticHandlerOptions {
  /**
   * Markup for the top of the page's head that is this request's own (the first screen's answers for
   * the person its cookie signs in), or null to send the page as built. A page with it is never stored.
   */
  headFor?(request: IncomingMessage): Promise<string | null>;
}

const PAGE = 'index.html';

/** The built page with `markup` first in its head. */
function withHeadMarkup(html: string, markup: string): string | null {
  const head = /<head[^>]*>/i.exec(html);
  if (head === null) return null;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${markup}${html.slice(at)}`;
}

/**
 * The page as built, or with this request's own head markup: then it is sent whole, since that
 * markup exists only once core has answered, and kept by no cache (it differs by cookie).
 */
async function sendOwnPage(
  file: string,
  headFor: NonNullable<StaticHandlerOptions['headFor']>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const [html, markup] = await Promise.all([readFile(file, 'utf8'), headFor(request)]);
  const page = markup === null ? null : withHeadMarkup(html, markup);
  if (page === null) return false;
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(PAGE),
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
    Vary: 'Cookie',
  });
  response.end(page);
  return true;
}

/** Serves the built renderer with the same path and CSP rules as Electron's app:// protocol. */
export function createStaticHandler(rendererDir: string, options: StaticHandlerOptions = {}) {
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
      const page = relative === PAGE;
      if (
        page &&
        request.method === 'GET' &&
        options.headFor !== undefined &&
        (await sendOwnPage(file, options.headFor, request, response))
      )
        return;
      const immutable = relative.startsWith('assets/');
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeFor(relative),
        'Content-Length': info.size,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...(page && options.headFor !== undefined ? { Vary: 'Cookie' } : {}),
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found');
    }
  };
}
