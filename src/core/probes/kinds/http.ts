import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import type { ProbeConfigOf } from '../../../shared/contract/monitors';
import { maskUrl } from '../../../shared/domain/redact';
import { abortable } from './abortable';
import { ResponseReader, serializeRequest } from './http-wire';
import { jsonConditionProblem } from './json-path';
import { ProbeFailure, failure, outcomeFromError, success } from './outcome';
import { CertificateExpiries, peerCertificateExpiry, probeSecureContext } from './secure-context';
import type { ProbeContext, ProbeKind, ProbeOutcome } from './types';

type HttpConfig = ProbeConfigOf<'http'>;

/** Bodies are read up to this size; the socket is destroyed past it, and a keyword beyond it counts as not found. */
export const BODY_CAP_BYTES = 1024 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NO_BODY = Buffer.alloc(0);
const certificateExpiries = new CertificateExpiries(() => performance.now());
/** Credentials the operator configured for one origin must not travel to another on a redirect. */
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** At most this many parsed monitor URLs are kept; past it the one parsed longest ago is dropped. */
const MAX_KEPT_URLS = 4096;
const parsedUrls = new Map<string, Readonly<URL>>();

/**
 * A monitor's URL, parsed once per probe thread rather than at every probe: parsed between two TLS
 * handshakes, on cold caches, it took about 12 µs of the probe thread per probe at 200 HTTPS probes/s
 * (a CPU profile of the probe-engine bench), against 0.35 µs for the same parse in a loop. The URL
 * object is shared, so nothing changes it: a redirect makes a new one.
 */
function parsedUrl(text: string): Readonly<URL> {
  let url = parsedUrls.get(text);
  if (url === undefined) {
    url = new URL(text);
    if (parsedUrls.size >= MAX_KEPT_URLS) {
      const oldest = parsedUrls.keys().next();
      if (oldest.done !== true) parsedUrls.delete(oldest.value);
    }
    parsedUrls.set(text, url);
  }
  return url;
}

interface Hop {
  /** Shared with every probe of the monitor when it is the monitor's own (parsedUrl): read, never changed. */
  url: Readonly<URL>;
  method: string;
  /** PROBE_HEADERS when the monitor configures none (its request bytes are then kept, see requestBytes). */
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
}

interface Answer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Null when the body was not needed (and not read). */
  body: Buffer | null;
  /** The body went past BODY_CAP_BYTES and only the first BODY_CAP_BYTES were kept. */
  truncated: boolean;
  /** performance.now() at the last byte that was needed. */
  answeredAt: number;
  certExpiresAt: number | null;
}

/** Where a URL connects, worked out once per URL object (see ConnectTarget's cache). */
interface ConnectTarget {
  https: boolean;
  host: string;
  port: number;
  /** SNI carries names only, never IP addresses. */
  servername: string | undefined;
  /** host:port, the key of its certificate reading. */
  address: string;
  /** The whole request of a hop with no configured header and no body, by method: the same bytes at every probe. */
  plainRequests: Map<string, Buffer>;
}

/**
 * Kept per URL object: a monitor's own URL is one shared object (parsedUrl), so its target and its
 * usual request are built once; a redirect's URL is new at every probe and its entry goes with it.
 * Each step left out (a regular expression, a header list, a request string) was one more piece of
 * code run cold between two handshakes.
 */
const connectTargets = new WeakMap<Readonly<URL>, ConnectTarget>();

function connectTargetOf(url: Readonly<URL>): ConnectTarget {
  let target = connectTargets.get(url);
  if (target === undefined) {
    const https = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (https ? 443 : 80);
    target = { https, host, port, servername: net.isIP(host) === 0 ? host : undefined, address: url.host, plainRequests: new Map() };
    connectTargets.set(url, target);
  }
  return target;
}

/** The hop's request bytes: built once per URL and method when the hop has only our own headers and no body. */
function requestBytes(hop: Hop, target: ConnectTarget): Buffer {
  if (hop.headers !== PROBE_HEADERS || hop.body !== undefined) return serializeRequest(hop);
  let bytes = target.plainRequests.get(hop.method);
  if (bytes === undefined) {
    bytes = serializeRequest(hop);
    target.plainRequests.set(hop.method, bytes);
  }
  return bytes;
}

/** A new TCP or TLS connection for one request, never pooled, never resuming a TLS session. */
function freshConnection({ https, host, port, servername }: ConnectTarget, verifyTls: boolean): net.Socket {
  if (!https) return net.connect({ host, port });
  return tls.connect({
    host,
    port,
    servername,
    rejectUnauthorized: verifyTls,
    secureContext: probeSecureContext(),
    ALPNProtocols: ['http/1.1'],
  });
}

function isFollowable(status: number, headers: Record<string, string>, followRedirects: boolean): boolean {
  return followRedirects && REDIRECT_STATUSES.has(status) && typeof headers.location === 'string';
}

/**
 * One request on a fresh connection (no agent, Connection: close). Resolves at the headers
 * when no body is needed, at the body's end (or the cap) otherwise; the connection is destroyed
 * as soon as the answer is settled, so a probe never leaves a socket behind.
 */
function requestOnce(hop: Hop, config: HttpConfig, readBody: boolean, context: ProbeContext): Promise<Answer> {
  const { signal, fresh = false } = context;
  return abortable<Answer>(signal, (settle) => {
    const target = connectTargetOf(hop.url);
    const isHttps = target.https;
    const request = requestBytes(hop, target);
    const socket = freshConnection(target, config.verifyTls);
    const reader = new ResponseReader(
      hop.method === 'HEAD',
      BODY_CAP_BYTES,
      (head) => readBody && !isFollowable(head.status, head.headers, config.followRedirects),
    );
    let headersAt = 0;
    let certExpiresAt: number | null = null;
    const answer = (answeredAt: number, withBody: boolean): Answer => ({
      status: reader.head?.status ?? 0,
      headers: reader.head?.headers ?? {},
      body: withBody ? reader.body() : null,
      truncated: reader.truncated,
      answeredAt,
      certExpiresAt,
    });
    // Written now, not at 'secureConnect': the TLS layer holds it until the handshake is done and
    // sends it in the same write as the client's last handshake message, where a write at
    // 'secureConnect' cost one more turn of the loop and one more send (about 5 % of a probe's CPU).
    // A certificate refused with verifyTls destroys the socket before it is sent (tested).
    socket.write(request);
    socket.on('data', (chunk: Buffer) => {
      // Before any parsing: the latency ends when the bytes arrived, not when they were read.
      const arrivedAt = performance.now();
      try {
        const hadHead = reader.head !== null;
        reader.push(chunk);
        if (!hadHead && reader.head !== null) {
          headersAt = arrivedAt;
          if (isHttps)
            certExpiresAt = certificateExpiries.expiryOf(target.address, () => peerCertificateExpiry(socket as TLSSocket), fresh);
          if (!readBody || isFollowable(reader.head.status, reader.head.headers, config.followRedirects)) {
            settle.resolve(answer(headersAt, false));
            return;
          }
        }
        if (reader.complete) settle.resolve(answer(reader.bodySize > 0 ? arrivedAt : headersAt, true));
      } catch (error) {
        settle.reject(error);
      }
    });
    socket.on('end', () => {
      try {
        reader.end();
        settle.resolve(answer(performance.now(), true));
      } catch (error) {
        settle.reject(error);
      }
    });
    const onClose = () =>
      settle.reject(
        new ProbeFailure(
          reader.head
            ? `connection closed by the target after ${reader.bodySize} bytes of the body`
            : 'connection closed by the target before it answered',
        ),
      );
    socket.on('close', onClose);
    socket.on('error', settle.reject);
    return () => {
      // Settled already: the close that destroy() causes must not build an error (and its stack) for nobody.
      socket.off('close', onClose);
      socket.destroy();
    };
  });
}

/** The headers of a monitor that configures none: one shared object, read and never changed. */
const PROBE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'user-agent': 'Watchroom-probe', connection: 'close' });

/** The monitor's headers, whatever their case, plus ours: a default User-Agent and always Connection: close. */
function probeHeaders(configured: Record<string, string>): Readonly<Record<string, string>> {
  return Object.keys(configured).length === 0 ? PROBE_HEADERS : withOurHeaders(configured);
}

function withOurHeaders(configured: Record<string, string>): Record<string, string> {
  const kept = Object.entries(configured).filter(([name]) => name.toLowerCase() !== 'connection');
  const hasAgent = kept.some(([name]) => name.toLowerCase() === 'user-agent');
  return { ...(hasAgent ? {} : { 'user-agent': 'Watchroom-probe' }), ...Object.fromEntries(kept), connection: 'close' };
}

function firstHop(config: HttpConfig): Hop {
  return {
    url: parsedUrl(config.url),
    method: config.method,
    headers: probeHeaders(config.headers),
    body: config.body,
  };
}

/** The request a redirect asks for: 303 (and 301/302 after a POST-like method) become GET, as browsers do. */
function redirectedHop(previous: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, previous.url);
  } catch {
    throw new ProbeFailure(`redirected to an address that is not a URL: ${location}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ProbeFailure(`redirected to ${url.href}, which is not http or https`);
  const becomesGet = status === 303 || ((status === 301 || status === 302) && previous.method !== 'GET' && previous.method !== 'HEAD');
  const sameOrigin = url.origin === previous.url.origin;
  const headers = Object.fromEntries(
    Object.entries(previous.headers).filter(([name]) => {
      const lower = name.toLowerCase();
      if (!sameOrigin && ORIGIN_BOUND_HEADERS.has(lower)) return false;
      return !(becomesGet && (lower === 'content-type' || lower === 'content-length'));
    }),
  );
  return { url, method: becomesGet ? 'GET' : previous.method, headers, body: becomesGet ? undefined : previous.body };
}

/** Ranges are "200" or "200-399" (the contract's StatusRange). */
function statusMatches(status: number, ranges: readonly string[]): boolean {
  for (const range of ranges) {
    const dash = range.indexOf('-');
    const low = Number(dash < 0 ? range : range.slice(0, dash));
    const high = dash < 0 ? low : Number(range.slice(dash + 1));
    if (status >= low && status <= high) return true;
  }
  return false;
}

/** Null when the body meets the keyword rule, otherwise what is wrong. */
function keywordProblem(keyword: NonNullable<HttpConfig['keyword']>, body: Buffer, truncated: boolean): string | null {
  // Searched in the raw bytes (UTF-8): no decode of a body that is only scanned.
  const found = body.includes(keyword.text);
  const quoted = JSON.stringify(keyword.text);
  if (keyword.mode === 'present' && !found) {
    return truncated ? `keyword ${quoted} not found in the first 1 MB of the body (the rest was not read)` : `keyword ${quoted} not found`;
  }
  if (keyword.mode === 'absent' && found) return `keyword ${quoted} found, expected it to be absent`;
  return null;
}

function judge(config: HttpConfig, answer: Answer, latencyMs: number): ProbeOutcome {
  const extra = answer.certExpiresAt === null ? {} : { certExpiresAt: answer.certExpiresAt };
  if (!statusMatches(answer.status, config.expectedStatus)) {
    return failure(`status ${answer.status}, expected ${config.expectedStatus.join(', ')}`, latencyMs, extra);
  }
  const body = answer.body ?? NO_BODY;
  if (config.keyword) {
    const problem = keywordProblem(config.keyword, body, answer.truncated);
    if (problem) return failure(problem, latencyMs, extra);
  }
  if (config.jsonPath) {
    const problem = answer.truncated
      ? `the answer is larger than 1 MB, so ${config.jsonPath.path} was not checked`
      : jsonConditionProblem(config.jsonPath, body.toString('utf8'));
    if (problem) return failure(problem, latencyMs, extra);
  }
  return success(latencyMs, extra);
}

async function probeHttp(config: HttpConfig, context: ProbeContext): Promise<ProbeOutcome> {
  const needsBody = config.keyword !== undefined || config.jsonPath !== undefined;
  if (needsBody && config.method === 'HEAD') {
    return failure('a keyword or JSON check needs a body, and answers to HEAD have none; use GET');
  }
  const startedAt = performance.now();
  let hop = firstHop(config);
  // Every hop runs under the same signal: redirects share the monitor's one timeout.
  for (let redirects = 0; ; redirects += 1) {
    const answer = await requestOnce(hop, config, needsBody, context);
    if (!isFollowable(answer.status, answer.headers, config.followRedirects)) return judge(config, answer, answer.answeredAt - startedAt);
    const next = redirectedHop(hop, answer.status, answer.headers.location as string);
    if (redirects >= config.maxRedirects) {
      throw new ProbeFailure(`too many redirects (more than ${config.maxRedirects}); the last one pointed to ${maskUrl(next.url.href)}`);
    }
    hop = next;
  }
}

export const httpProbe: ProbeKind<'http'> = {
  kind: 'http',
  targetHost(config) {
    try {
      // The bare address (URL keeps IPv6 literals bracketed), as the probe connects to it.
      return connectTargetOf(parsedUrl(config.url)).host;
    } catch {
      return null;
    }
  },
  // probeHttp is async, so it never throws: every failure arrives as its rejection.
  run: (config, context) => probeHttp(config, context).catch((error: unknown) => outcomeFromError(error, context)),
};
