/**
 * What the app:// protocol answers for a request, decided without touching the disk. The path
 * rules are the ones serve mode uses (shared/domain/app-shell), so both refuse the same requests.
 */
import { isAbsolute, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY, contentTypeFor, pagePolicy, resolveRendererPath } from '../shared/domain/app-shell';
import { APP_ORIGIN } from './app-origin';

export type AppRequestDecision =
  | { kind: 'file'; filePath: string; contentType: string; immutable: boolean; page: boolean }
  | { kind: 'refused'; status: 400 | 404 | 405; reason: string };

/**
 * Maps a request on app://watchroom to a file inside rendererDir. The raw URL text is checked, not
 * a parsed URL: parsing would quietly fold "/../" away, and such a request is refused outright.
 */
export function resolveAppRequest(url: string, method: string, rendererDir: string): AppRequestDecision {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: `method ${method} is not served` };
  if (!url.startsWith(`${APP_ORIGIN}/`)) return { kind: 'refused', status: 404, reason: 'not on app://watchroom' };
  const rawPath = url.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '/';
  const relativePath = resolveRendererPath(rawPath);
  if (relativePath === null) return { kind: 'refused', status: 400, reason: 'the path leaves the renderer folder' };
  const filePath = join(rendererDir, relativePath);
  // Belt and braces: whatever resolveRendererPath let through must still land inside rendererDir.
  const inside = relative(rendererDir, filePath);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return { kind: 'refused', status: 400, reason: 'the path leaves the renderer folder' };
  }
  return {
    kind: 'file',
    filePath,
    contentType: contentTypeFor(relativePath),
    immutable: relativePath.startsWith('assets/'),
    // The single page: served with the policy that lets in its own inline blocks (securityHeaders).
    page: relativePath === 'index.html',
  };
}

/**
 * Headers on every app:// response, refusals included, so no page of ours ever runs without the CSP.
 * The page itself (`page`: index.html's text as served) gets the policy that lets in its own inline
 * blocks by hash; everything else the policy with none.
 */
export function securityHeaders(page?: string): Record<string, string> {
  return {
    'Content-Security-Policy':
      page === undefined ? CONTENT_SECURITY_POLICY : pagePolicy(page, (text) => createHash('sha256').update(text, 'utf8').digest('base64')),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
