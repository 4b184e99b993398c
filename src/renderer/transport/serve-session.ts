import { sessionPathWithFirstScreen } from '../../shared/domain/first-screen';
import { PAIR_HASH_PARAM, PAIR_PATH, SESSION_PATH, TOKEN_HASH_PARAM } from '../../shared/domain/serve-access';
import { leaveForConsole, takeFromEarly, type EarlyExchange, type SessionAnswer } from './early-handoff';

export type FetchLike = (url: string, init: RequestInit) => Promise<{ status: number }>;

/** The page's fetch where the answer's body is read too. */
export type FetchWithBody = (url: string, init: RequestInit) => Promise<{ status: number; json(): Promise<unknown> }>;

/** The access token in the fragment of the address serve mode printed (#token=...), if any. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get(TOKEN_HASH_PARAM);
  return token === null || token === '' ? null : token;
}

/**
 * Takes the token out of the address bar and out of this history entry, keeping the rest of the
 * fragment (the page). Done before anything renders, so nothing copies it anywhere else.
 */
export function removeTokenFromAddress(
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
  history: Pick<History, 'replaceState' | 'state'>,
): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!params.has(TOKEN_HASH_PARAM)) return;
  params.delete(TOKEN_HASH_PARAM);
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`);
}

function answerOf(status: number, granted: readonly number[], refused: number): SessionAnswer {
  if (granted.includes(status)) return 'granted';
  return status === refused ? 'refused' : 'unreachable';
}

async function ask(fetch: FetchLike, init: RequestInit, granted: number, refused: number): Promise<SessionAnswer> {
  try {
    const { status } = await fetch(SESSION_PATH, { credentials: 'same-origin', cache: 'no-store', ...init });
    return answerOf(status, [granted], refused);
  } catch {
    return 'unreachable';
  }
}

/** Trades the printed token for this start's session cookie (HttpOnly: the page never sees it). */
export function exchangeToken(fetch: FetchLike, token: string): Promise<SessionAnswer> {
  return ask(fetch, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }, 204, 403);
}

/** Whether the page's cookie is still good: a restart of serve mode ends every earlier one. */
export function checkSession(fetch: FetchLike): Promise<SessionAnswer> {
  return ask(fetch, { method: 'GET' }, 204, 401);
}

/** The early exchange: core's answer about access, and the first screen's reads that came with it (unparsed; null when none came). */
export interface EarlyExchangeWithReads {
  answer: Promise<SessionAnswer>;
  reads: Promise<unknown>;
}

/**
 * Trades the token and asks for the first screen's reads in the same request (core answers them
 * once the token is right; shared/domain/first-screen.ts): one round trip before the page can
 * paint, where the exchange and then GET /first-screen took two. The answer's status is access
 * as before (a 200 with the reads, or 204 without them, grants it; 403 refuses it).
 */
function exchangeTokenWithReads(fetch: FetchWithBody, token: string, opensOnBoard: boolean): EarlyExchangeWithReads {
  const asked = fetch(sessionPathWithFirstScreen(opensOnBoard), {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Authorization: `Bearer ${token}` },
  }).catch(() => null);
  return {
    answer: asked.then((response) => (response === null ? 'unreachable' : answerOf(response.status, [200, 204], 403))),
    reads: asked.then((response) => (response?.status === 200 ? response.json() : null)).catch(() => null),
  };
}

/**
 * Starts trading the address's token (if it has one) at once, with the first screen's reads, and
 * takes it out of the address bar, from a tiny script that runs while the console's code is still
 * being fetched and evaluated; the exchange used to wait for that (200-300 ms) before it could start.
 */
export function exchangeTokenEarly(
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
  history: Pick<History, 'replaceState' | 'state'>,
  fetch: FetchWithBody,
  opensOnBoard: boolean,
): EarlyExchangeWithReads | null {
  const token = tokenFromHash(location.hash);
  if (token === null) return null;
  removeTokenFromAddress(location, history);
  const exchange = exchangeTokenWithReads(fetch, token, opensOnBoard);
  leaveForConsole('exchange', { token, answer: exchange.answer });
  return exchange;
}

/** The early exchange, handed over once to the connection that waits for it. */
export function takeEarlyExchange(): EarlyExchange | null {
  return takeFromEarly('exchange');
}

/**
 * Decides, each time the socket cannot connect, whether this console has lost its access (then
 * the page shows how to get it back, and stops retrying) or core is merely out of reach (socket.io
 * keeps retrying). A token core could not take yet (core was down) is tried again first.
 */
export function createSessionKeeper(fetch: FetchLike, token: string | null, started: EarlyExchange | null = null) {
  let pendingToken = started?.token ?? token;
  let asking: Promise<SessionAnswer> | null = null;
  let earlyAnswer = started?.answer ?? null;

  const settle = async (): Promise<SessionAnswer> => {
    if (pendingToken === null) return checkSession(fetch);
    const answer = await (earlyAnswer ?? exchangeToken(fetch, pendingToken));
    earlyAnswer = null;
    if (answer !== 'unreachable') pendingToken = null;
    return answer;
  };

  return {
    /** Before the first connection: the token's exchange, when the address carried one. */
    start(): Promise<SessionAnswer> {
      return pendingToken === null ? Promise.resolve('granted') : settle();
    },
    /** After a failed connection; concurrent failures share one question to core. */
    afterConnectError(): Promise<SessionAnswer> {
      asking ??= settle().finally(() => (asking = null));
      return asking;
    },
  };
}

/** The one-time pairing code in a wall display's pairing address (#pair=...), if any. */
export function pairingCodeFromHash(hash: string): string | null {
  const code = new URLSearchParams(hash.replace(/^#/, '')).get(PAIR_HASH_PARAM);
  return code === null || code === '' ? null : code;
}

/**
 * An address that still carries something to trade (a printed address's token or a display's pairing
 * code): pasted into an open tab, the page reloads to trade it, so nothing may rewrite it before then.
 */
export function addressAwaitsTrade(hash: string): boolean {
  return tokenFromHash(hash) !== null || pairingCodeFromHash(hash) !== null;
}

/** Takes the pairing code out of the address bar: it is the display's session, not something to bookmark. */
export function removePairingCodeFromAddress(
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
  history: Pick<History, 'replaceState' | 'state'>,
): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!params.has(PAIR_HASH_PARAM)) return;
  params.delete(PAIR_HASH_PARAM);
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`);
}

/** Trades a pairing code for the display's lasting session cookie; a refused code leaves the display signed out. */
export async function redeemPairingCode(fetch: FetchLike, code: string): Promise<void> {
  try {
    await fetch(PAIR_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  } catch {
    // Core out of reach: the display shows the sign-in screen once it is back, and can be paired again.
  }
}
