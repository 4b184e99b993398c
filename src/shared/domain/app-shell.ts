/**
 * Rules for serving the renderer, shared by Electron's app:// protocol and serve mode's HTTP
 * server so both apply the same path and content-security checks.
 */

import { REPORT_CSS_SHA256 } from './incident-report';

/** SHA-256 of a text's UTF-8 bytes, base64: what a CSP hash source names. Given by the caller (node:crypto). */
export type Sha256Base64 = (text: string) => string;

/** The hashes of the inline blocks a page may run: its own, and nothing else. */
export interface InlineHashes {
  scripts: readonly string[];
  styles: readonly string[];
}

/**
 * script-src 'self', plus the page's own inline scripts by hash (index.html's early script): no
 * other inline script, no eval, no remote code. No inline styles either, but for the page's own
 * stylesheets and the incident report's, each allowed by its hash: a report printed from a browser
 * opens in a window that inherits this policy.
 */
export function contentSecurityPolicy(inline: InlineHashes = { scripts: [], styles: [] }): string {
  const hashes = (list: readonly string[]) => list.map((hash) => ` 'sha256-${hash}'`).join('');
  return [
    "default-src 'self'",
    `script-src 'self'${hashes(inline.scripts)}`,
    `style-src 'self'${hashes([...inline.styles, REPORT_CSS_SHA256])}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of every answer that is not the page itself: no inline script at all. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The inline <script> and <style> blocks of the built index.html (vite.config.ts writes them bare,
 * with no attributes), exactly as the browser hashes them: the text between the tags.
 */
export function inlineBlocksOf(html: string): { scripts: string[]; styles: string[] } {
  const blocks = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => match[1] ?? '');
  return { scripts: blocks(/<script>([\s\S]*?)<\/script>/g), styles: blocks(/<style>([\s\S]*?)<\/style>/g) };
}

/**
 * The policy the page is served with: its own inline blocks, hashed from the very bytes served,
 * so a page rebuilt while the server runs is still let in; a script put into the page at run time
 * (an injection) has another hash and is refused.
 */
export function pagePolicy(html: string, sha256: Sha256Base64): string {
  const { scripts, styles } = inlineBlocksOf(html);
  return contentSecurityPolicy({ scripts: scripts.map(sha256), styles: styles.map(sha256) });
}

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
