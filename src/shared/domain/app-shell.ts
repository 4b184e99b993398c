/**
 * Rules for serving the renderer, shared by Electron's app:// protocol and serve mode's HTTP
 * server so both apply the same path and content-security checks.
 */

import { REPORT_CSS_SHA256 } from './incident-report';

/**
 * script-src 'self' only: no inline scripts, no eval, no remote code. No inline styles either,
 * but for the incident report's own stylesheet, allowed by its hash: a report printed from a
 * browser opens in a window that inherits this policy.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' 'sha256-${REPORT_CSS_SHA256}'`,
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Maps a request path to a file path relative to the renderer's folder, or null when the path
 * tries to leave it (.., encoded separators, NUL, backslashes). "/" and unknown extension-less
 * paths are the single-page app's index.html.
 */
export function resolveRendererPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  if (segments.length === 0) return 'index.html';
  const last = segments[segments.length - 1] ?? '';
  if (!last.includes('.')) return 'index.html';
  return segments.join('/');
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  map: 'application/json',
};

export function contentTypeFor(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
