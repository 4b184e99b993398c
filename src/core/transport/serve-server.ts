import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import { AuthState, MAX_PAYLOAD_BYTES, type Envelope } from '../../shared/contract';
import { AUTH_PATH, HTTP_AUTH_METHODS, PAIR_PATH, type HttpAuthMethod } from '../../shared/domain/serve-access';
import type { Clock, Timers } from '../../shared/domain/clock';
import {
  FIRST_SCREEN_BOARD_PARAM,
  FIRST_SCREEN_PATH,
  FIRST_SCREEN_WITH_SESSION_PARAM,
  firstScreenReads,
  type FirstScreenAnswer,
} from '../../shared/domain/first-screen';
import type { AuditAppend } from '../audit';
import type { Logger } from '../logging';
import type { Dispatcher } from '../service';
import { createAccessGate, refusalOf, SESSION_PATH, type AccessGate, type AccessRefusal } from './access-gate';
import { createStaticHandler, SECURITY_HEADERS } from './http-static';
import { createAuditedRefusalLog } from './refusal-log';
import { rememberedActors, type ActorForSeat } from './seat';
import { attachSocketTransport } from './socket-transport';

export interface ServeServerOptions {
  dispatcher: Dispatcher;
  /** Devices' heartbeats (/hb/<token>); answers true when it handled the request. */
  heartbeatRoute(request: IncomingMessage, response: ServerResponse): boolean;
  /**
   * `/healthz`, `/readyz`, `/metrics`: behind the gate's Host and Origin checks like everything else
   * (a scraper sends no Origin; give its host name with --allow-host), but with no session, since
   * they reveal no names. Answers true when it handled the request.
   */
  opsRoute(request: IncomingMessage, response: ServerResponse): boolean;
  rendererDir: string;
  accessToken: string;
  /**
   * A secret kept across starts (serve derives it from the database key). Sessions are signed
   * under it and the access token together: with the same token a session survives a restart
   * (a wall display reconnects by itself), and a new token ends every earlier session.
   */
  sessionSecret: Buffer;
  /** Host names the console answers to (see consoleHostNames). */
  hostNames: readonly string[];
  /** Who a call acts as, from the person's session cookie; the browser's address is its seat. */
  actorFor: ActorForSeat;
  /** Where refused requests are recorded, as `access.refused` (a few a minute; see refusal-log.ts). */
  recordAudit(entry: AuditAppend): void;
  clock: Clock;
  timers: Timers;
  logger: Logger;
}

export interface ServeServer {
  http: HttpServer;
  io: Server;
  gate: AccessGate;
}

const NO_STORE = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };
const NO_SESSION = 'no valid session cookie';

function refusalText(refusal: AccessRefusal): string {
  if (refusal.reason === 'host name not allowed') {
    return `Watchroom refused this request: the console does not answer to the name ${refusal.host ?? '(none)'}. To open it under this name, start serve mode with --allow-host NAME.\n`;
  }
  return `Watchroom refused this request: ${refusal.reason}. Open the console from the address Watchroom printed when it started.\n`;
}

/**
 * Runs every listener the server has for `event` (socket.io's included) behind the gate. socket.io
 * answers its own paths and upgrades before any handler added later, so the gate wraps them all.
 */
function guard(http: HttpServer, gate: AccessGate, refuse: (refusal: AccessRefusal) => void): void {
  const requestListeners = http.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const verdict = gate.check(request);
    if (!verdict.allowed) {
      refuse(verdict.refusal);
      response.writeHead(403, { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' }).end(refusalText(verdict.refusal));
      return;
    }
    for (const listener of requestListeners) listener.call(http, request, response);
  });
  const upgradeListeners = http.listeners('upgrade') as ((request: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  http.removeAllListeners('upgrade');
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Every upgrade is socket.io's, so it needs the session as well: answered 403 here, like the rest.
    const checked = gate.check(request);
    const verdict =
      checked.allowed && !gate.hasSession(request) ? { allowed: false as const, refusal: refusalOf(request, NO_SESSION) } : checked;
    if (!verdict.allowed) {
      refuse(verdict.refusal);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    for (const listener of upgradeListeners) listener.call(http, request, socket, head);
  });
}

/** What a route needs to answer as the contract does: the dispatcher, and who a request's person cookie signs in. */
interface ContractAccess {
  dispatcher: Dispatcher;
  actorFor: ActorForSeat;
}

/** An HTTP route behind the access gate: it answers the request, or refuses it and records why. */
type GatedRoute = (
  gate: AccessGate,
  access: ContractAccess,
  request: IncomingMessage,
  response: ServerResponse,
  refuse: (refusal: AccessRefusal) => void,
) => Promise<void>;

/**
 * POST trades the token for a cookie; GET tells the page whether its cookie is still good. A POST
 * that asks for the first screen (`?first-screen`, shared/domain/first-screen.ts) and whose token is
 * right gets the reads in the same answer, after the cookie: the page's second round trip saved.
 */
const answerSession: GatedRoute = async (gate, access, request, response, refuse) => {
  request.resume();
  if (request.method === 'GET') {
    response.writeHead(gate.hasSession(request) ? 204 : 401, NO_STORE).end();
    return;
  }
  if (request.method !== 'POST') {
    response.writeHead(405, { ...NO_STORE, Allow: 'GET, POST' }).end();
    return;
  }
  const cookie = gate.exchange(request);
  if (cookie === null) {
    refuse(refusalOf(request, 'wrong access token'));
    response.writeHead(403, NO_STORE).end();
    return;
  }
  const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  if (!query.has(FIRST_SCREEN_WITH_SESSION_PARAM)) {
    response.writeHead(204, { ...NO_STORE, 'Set-Cookie': cookie }).end();
    return;
  }
  // The cookie goes out at once: access never waits for the reads, and reads that fail leave it granted
  // (the body is then empty, and the page asks GET /first-screen as it would without this).
  response.writeHead(200, { ...NO_STORE, 'Set-Cookie': cookie, 'Content-Type': 'application/json; charset=utf-8' });
  response.flushHeaders();
  try {
    const answers = await readFirstScreen(gate, access, request, query.has(FIRST_SCREEN_BOARD_PARAM));
    response.end(JSON.stringify({ answers }));
  } catch (error) {
    response.end();
    throw error;
  }
};

/** Sign-in input is a few hundred bytes; a larger body is not a sign-in. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

function authMethodOf(path: string): HttpAuthMethod | null {
  const name = `auth.${path.slice(AUTH_PATH.length)}`;
  return HTTP_AUTH_METHODS.find((method) => method === name) ?? null;
}

function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answerJson(response: ServerResponse, status: number, envelope: Envelope, cookie?: string): void {
  const headers: Record<string, string> = { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8' };
  if (cookie !== undefined) headers['Set-Cookie'] = cookie;
  response.writeHead(status, headers).end(JSON.stringify(envelope));
}

/**
 * Whether a request to one of these paths comes with the method the path takes and from a page
 * holding this start's access cookie; when not, the refusal is answered here.
 */
function admitted(
  method: 'GET' | 'POST',
  gate: AccessGate,
  request: IncomingMessage,
  response: ServerResponse,
  refuse: (refusal: AccessRefusal) => void,
): boolean {
  if (request.method !== method) {
    request.resume();
    response.writeHead(405, { ...NO_STORE, Allow: method }).end();
    return false;
  }
  if (!gate.hasSession(request)) {
    request.resume();
    refuse(refusalOf(request, NO_SESSION));
    response.writeHead(401, NO_STORE).end();
    return false;
  }
  return true;
}

/**
 * What every sign-in request must be: a POST from a page holding this start's access cookie, with
 * a JSON body (which a form on another site cannot send without asking first). Answers the input,
 * or null once it has answered the refusal itself.
 */
async function authInput(
  gate: AccessGate,
  request: IncomingMessage,
  response: ServerResponse,
  refuse: (refusal: AccessRefusal) => void,
): Promise<{ input: unknown } | null> {
  if (!admitted('POST', gate, request, response, refuse)) return null;
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    request.resume();
    response.writeHead(415, NO_STORE).end();
    return null;
  }
  const body = await readBody(request, MAX_AUTH_BODY_BYTES);
  if (body === null) {
    answerJson(response, 413, { ok: false, error: { code: 'payload_too_large', message: 'A sign-in is never this large' } });
    return null;
  }
  try {
    // JSON has no undefined: "no input" arrives as an empty body or null.
    return { input: body.trim() === '' ? undefined : ((JSON.parse(body) as unknown) ?? undefined) };
  } catch {
    answerJson(response, 400, { ok: false, error: { code: 'invalid_input', message: 'The request is not JSON' } });
    return null;
  }
}

/**
 * auth.setup, auth.signIn and auth.signOut over HTTP: the same dispatcher call as over the socket
 * (validated, audited, rate-limited alike), and the answer sets or clears the person's HttpOnly
 * cookie with the session token core bound.
 */
function answerAuth(method: HttpAuthMethod): GatedRoute {
  return async (gate, options, request, response, refuse) => {
    const read = await authInput(gate, request, response, refuse);
    if (read === null) return;
    const address = request.socket.remoteAddress ?? 'unknown';
    // Undefined until core binds a token (signed in) or unbinds it (signed out); a refusal leaves the cookie as it was.
    const binding: { token?: string | null } = {};
    const envelope = await options.dispatcher.call(method, read.input, {
      actor: options.actorFor(gate.personToken(request), address, address),
      connection: { seat: address, address, bind: (token) => (binding.token = token) },
    });
    answerJson(response, 200, envelope, binding.token === undefined ? undefined : gate.personCookie(binding.token));
  };
}

/**
 * The first screen's reads (shared/domain/first-screen.ts): exactly those, as the person the
 * request's person cookie signs in, with the same dispatcher call (permissions included) as over
 * the socket: a signed-out or locked seat is told so and gets no reads.
 */
async function readFirstScreen(
  gate: AccessGate,
  options: ContractAccess,
  request: IncomingMessage,
  opensOnBoard: boolean,
): Promise<FirstScreenAnswer[]> {
  const address = request.socket.remoteAddress ?? 'unknown';
  const context = { actor: options.actorFor(gate.personToken(request), address, address) };
  const answers: FirstScreenAnswer[] = [];
  for (const read of firstScreenReads(opensOnBoard)) {
    answers.push({
      method: read.method,
      input: read.input ?? null,
      envelope: await options.dispatcher.call(read.method, read.input, context),
    });
  }
  return answers;
}

/**
 * The first screen's reads over plain HTTP for a page holding this start's access cookie (a reload;
 * a page that still had to trade its token got them with the exchange). A GET that changes nothing;
 * a page of another origin is stopped by the gate and could not read the answer anyway (no CORS).
 */
const answerFirstScreen: GatedRoute = async (gate, options, request, response, refuse) => {
  request.resume();
  if (!admitted('GET', gate, request, response, refuse)) return;
  const query = (request.url ?? '').split('?')[1] ?? '';
  const opensOnBoard = new URLSearchParams(query).has(FIRST_SCREEN_BOARD_PARAM);
  const answers = await readFirstScreen(gate, options, request, opensOnBoard);
  response.writeHead(200, { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ answers }));
};

const PAIRING_REFUSED: Envelope = {
  ok: false,
  error: { code: 'forbidden', message: 'This pairing address is not valid (used on another display, or ended): pair the display again' },
};

/**
 * A wall display opened at its pairing address: the code is the device session's token, made by
 * devices.pair (audited there). Only a code of an open device session becomes the display's cookie;
 * anything else is refused and recorded like any refused request.
 */
const answerPairing: GatedRoute = async (gate, options, request, response, refuse) => {
  const read = await authInput(gate, request, response, refuse);
  if (read === null) return;
  const code = typeof read.input === 'object' && read.input !== null && 'code' in read.input ? read.input.code : null;
  const address = request.socket.remoteAddress ?? 'unknown';
  const actor = typeof code === 'string' ? options.actorFor(code, address, address) : null;
  const answer = actor === null || actor.access === 'signed-out' ? null : await options.dispatcher.call('auth.state', undefined, { actor });
  const seat = answer?.ok ? AuthState.safeParse(answer.value) : null;
  if (typeof code !== 'string' || !seat?.success || seat.data.state !== 'signed-in' || seat.data.session.kind !== 'device') {
    refuse(refusalOf(request, 'unknown pairing code'));
    answerJson(response, 200, PAIRING_REFUSED);
    return;
  }
  answerJson(response, 200, { ok: true, value: seat.data }, gate.personCookie(code, true));
};

/**
 * Serve mode's HTTP server: the renderer's files, devices' heartbeats, the session exchange and
 * the contract over socket.io, all behind one access gate (see access-gate.ts).
 */
export function createServeServer(options: ServeServerOptions): ServeServer {
  let port = 0;
  const gate = createAccessGate({
    accessToken: options.accessToken,
    sessionSecret: options.sessionSecret,
    hostNames: options.hostNames,
    port: () => port,
  });
  const { logger } = options;
  const refuse = createAuditedRefusalLog({ clock: options.clock, timers: options.timers, logger, recordAudit: options.recordAudit });
  const serveStatic = createStaticHandler(options.rendererDir);
  const actorFor = rememberedActors(options.actorFor, options.dispatcher);
  const access: ContractAccess = { dispatcher: options.dispatcher, actorFor };
  // A route that throws answers 500 and is logged; it never reaches the process's unhandled rejections.
  const route = (answer: GatedRoute, what: string, request: IncomingMessage, response: ServerResponse): void => {
    answer(gate, access, request, response, refuse).catch((error: unknown) => {
      logger.error({ err: error }, `could not answer ${what}`);
      if (!response.headersSent) response.writeHead(500, NO_STORE).end();
    });
  };
  const http = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const authMethod = path?.startsWith(AUTH_PATH) ? authMethodOf(path) : null;
    if (path === SESSION_PATH) {
      route(answerSession, 'the first screen with the session', request, response);
    } else if (path === FIRST_SCREEN_PATH) {
      route(answerFirstScreen, 'the first screen', request, response);
    } else if (path === PAIR_PATH) {
      route(answerPairing, 'a pairing request', request, response);
    } else if (authMethod !== null) {
      route(answerAuth(authMethod), 'a sign-in request', request, response);
    } else if (!options.heartbeatRoute(request, response) && !options.opsRoute(request, response)) void serveStatic(request, response);
  });
  http.on('listening', () => {
    port = (http.address() as AddressInfo).port;
  });
  const io = new Server(http, {
    // Room for a 1 MB input plus framing; the dispatcher refuses anything larger with payload_too_large.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES * 2,
    serveClient: false,
    cors: { origin: false },
    // Every new engine.io session, long-polling or WebSocket, needs this start's session cookie.
    allowRequest: (request, answer) => {
      const verdict = gate.check(request);
      if (!verdict.allowed) {
        refuse(verdict.refusal);
        answer('refused', false);
      } else if (!gate.hasSession(request)) {
        refuse(refusalOf(request, NO_SESSION));
        answer('unauthorized', false);
      } else answer(null, true);
    },
  });
  attachSocketTransport(io, options.dispatcher, {
    actorFor,
    sessionToken: (socket) => gate.personToken(socket.request),
    logger,
  });
  guard(http, gate, refuse);
  return { http, io, gate };
}
