/** Serves the built renderer on app://watchroom/ (never file://), with the CSP on every response. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { resolveAppRequest, securityHeaders } from './renderer-protocol-policy';

/** Must run before app 'ready'. standard+secure gives the scheme a real origin and a secure context. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // stream: alarm sounds are played by <audio> from this scheme.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveAppRequest(request.url, request.method, rendererDir);
    if (decision.kind === 'refused') return textResponse(decision.status, decision.reason);
    let body: Buffer;
    try {
      body = await readFile(decision.filePath);
    } catch {
      return textResponse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...securityHeaders(decision.page ? body.toString('utf8') : undefined),
        'Content-Type': decision.contentType,
        'Cache-Control': decision.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  });
}
