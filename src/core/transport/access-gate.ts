import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export { SESSION_PATH } from '../../shared/domain/serve-access';

/**
 * Compares two secrets in constant time. Hashing both first gives timingSafeEqual equal lengths,
 * so neither the content nor the length of the expected secret leaks through timing.
 */
export function secretsMatch(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** A request the gate turned away, as the audit log and the operator's log record it. */
export interface AccessRefusal {
  reason: string;
  host: string | null;
  origin: string | null;
  path: string;
  address: string | null;
}

export type GateVerdict = { allowed: true } | { allowed: false; refusal: AccessRefusal };

export interface AccessGateOptions {
  /** The secret printed in the console's address; a page trades it once for a session cookie. */
  accessToken: string;
  /** Kept across starts; with the access token it makes the key sessions are signed with. */
  sessionSecret: Buffer;
  /** The host names the console answers to, without port (IPv6 addresses in brackets). */
  hostNames: readonly string[];
  /** The port the server listens on, known only once it listens (port 0 picks one). */
  port(): number;
}

export interface AccessGate {
  /** Host and Origin (and the browser's Sec-Fetch-Site) of any request, plain or upgrade. */
  check(request: IncomingMessage): GateVerdict;
  /** True when the request carries this start's session cookie. */
  hasSession(request: IncomingMessage): boolean;
  /** The Set-Cookie value for a request carrying the right token (Authorization: Bearer), else null. */
  exchange(request: IncomingMessage): string | null;
  readonly cookieName: string;
  /** The person's session token the request's cookie carries (a second cookie, beside the access one), or null. */
  personToken(request: IncomingMessage): string | null;
  /**
   * The Set-Cookie value that keeps a session token, or clears it (null: signed out). A person's
   * ends with the browser; a paired display's is kept (`lasting`), so the wall comes back by itself.
   */
  personCookie(sessionToken: string | null, lasting?: boolean): string;
}

/** What core's session tokens look like (base64url); anything else in the cookie is ignored, never passed on. */
const SESSION_TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

const HEADER_SHOWN_CHARS = 200;

function shown(value: string | undefined): string | null {
  return value === undefined ? null : value.slice(0, HEADER_SHOWN_CHARS);
}

/** What the audit log keeps of a refused request: never its query, cookies or token, and headers cut short. */
export function refusalOf(request: IncomingMessage, reason: string): AccessRefusal {
  return {
    reason,
    host: shown(request.headers.host),
    origin: shown(request.headers.origin),
    path: (request.url ?? '/').split('?')[0]?.slice(0, HEADER_SHOWN_CHARS) ?? '/',
    address: request.socket.remoteAddress ?? null,
  };
}

function refusal(request: IncomingMessage, reason: string): GateVerdict {
  return { allowed: false, refusal: refusalOf(request, reason) };
}

/** A followed link or typed address: the answer goes to the operator's own tab, never to the page that linked. */
function isTopLevelNavigation(request: IncomingMessage): boolean {
  return request.method === 'GET' && request.headers['sec-fetch-mode'] === 'navigate' && request.headers['sec-fetch-dest'] === 'document';
}

function cookieValue(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

/**
 * Serve mode's door. Only the console's own host names and origin get in (a page of another
 * origin, or a foreign Host header as DNS rebinding sends, is refused), and the contract needs a
 * session cookie that only the holder of the token can get. The cookie is a random nonce with an
 * HMAC under a key made from the kept session secret and the token: nothing is kept per session,
 * a restart with the same token keeps every session (a wall display reconnects by itself), and a
 * new token, such as the one generated at every start when none is configured, ends them all.
 */
export function createAccessGate(options: AccessGateOptions): AccessGate {
  const sessionKey = createHmac('sha256', options.sessionSecret).update(options.accessToken).digest();
  const names = options.hostNames.map((name) => name.toLowerCase());
  // Cookies are not kept apart by port: a second console on the same host must not overwrite this one's.
  const cookieName = () => `watchroom_session_${options.port()}`;
  const personCookieName = () => `watchroom_person_${options.port()}`;
  const withPort = (name: string) => (options.port() === 80 ? [name, `${name}:80`] : [`${name}:${options.port()}`]);
  const allowedHost = (host: string) => names.some((name) => withPort(name).includes(host));
  const allowedOrigin = (origin: string) =>
    names.some((name) => origin === (options.port() === 80 ? `http://${name}` : `http://${name}:${options.port()}`));
  const sign = (nonce: string) => createHmac('sha256', sessionKey).update(nonce).digest('base64url');

  return {
    get cookieName() {
      return cookieName();
    },
    check(request) {
      const host = request.headers.host?.toLowerCase();
      if (host === undefined || !allowedHost(host)) return refusal(request, 'host name not allowed');
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedOrigin(origin.toLowerCase())) return refusal(request, 'origin not allowed');
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none' && !isTopLevelNavigation(request)) {
        // A no-cors GET from a page on another port of this host carries neither Origin nor a
        // cross-site cookie block (ports share a site), but the browser says where it came from.
        return refusal(request, `request from another site (${site.slice(0, 20)})`);
      }
      return { allowed: true };
    },
    hasSession(request) {
      const value = cookieValue(request, cookieName());
      if (value === null) return false;
      const [nonce, mac, ...rest] = value.split('.');
      if (!nonce || !mac || rest.length > 0) return false;
      return secretsMatch(sign(nonce), mac);
    },
    exchange(request) {
      const authorization = request.headers.authorization ?? '';
      const given = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
      if (given === null || !secretsMatch(options.accessToken, given)) return null;
      const nonce = randomBytes(16).toString('base64url');
      // No Max-Age: the cookie ends with the browser session, or sooner when the token changes.
      return `${cookieName()}=${nonce}.${sign(nonce)}; Path=/; HttpOnly; SameSite=Strict`;
    },
    personToken(request) {
      const value = cookieValue(request, personCookieName());
      return value !== null && SESSION_TOKEN_SHAPE.test(value) ? value : null;
    },
    personCookie(sessionToken, lasting = false) {
      if (sessionToken === null) return `${personCookieName()}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
      // A person's: no Max-Age, core ends the session (idle, 24 hours) whatever the browser keeps.
      // A display's: as long as browsers keep a cookie (400 days); an admin ends it on the Sessions page.
      return `${personCookieName()}=${sessionToken}; Path=/; HttpOnly; SameSite=Strict${lasting ? `; Max-Age=${400 * 24 * 60 * 60}` : ''}`;
    },
  };
}

/**
 * The secret serve mode signs its session cookies with (together with the access token), derived
 * from the database key so it is the same at every start and never stored on its own.
 */
export function serveSessionSecret(databaseKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'watchroom serve sessions v1', 32));
}
