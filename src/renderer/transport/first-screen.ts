import { FIRST_SCREEN_BOARD_PARAM, FIRST_SCREEN_PATH, firstScreenKey, type FirstScreenAnswer } from '../../shared/domain/first-screen';
import type { AuthChanged, AuthState, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { leaveForConsole, takeFromEarly, type FirstScreenAnswers, type SessionAnswer } from './early-handoff';
import type { Transport } from './transport';

type FetchJson = (url: string, init: RequestInit) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

function answersOf(body: unknown): Map<string, unknown> | null {
  if (typeof body !== 'object' || body === null || !('answers' in body) || !Array.isArray(body.answers)) return null;
  const answers = new Map<string, unknown>();
  for (const answer of body.answers as FirstScreenAnswer[]) answers.set(firstScreenKey(answer.method, answer.input), answer.envelope);
  return answers;
}

/**
 * The first screen's reads over HTTP (see shared/domain/first-screen.ts), from the early script while
 * the console's code is still being evaluated (about 200 ms the socket could not yet use): the ones
 * that came with the token's exchange, or else asked for once the page holds its access cookie (a
 * reload, whose address has no token; or an exchange whose reads failed).
 */
export function askFirstScreenEarly(
  fetch: FetchJson,
  opensOnBoard: boolean,
  access: Promise<SessionAnswer>,
  withExchange: Promise<unknown> = Promise.resolve(null),
): FirstScreenAnswers {
  const path = opensOnBoard ? `${FIRST_SCREEN_PATH}?${FIRST_SCREEN_BOARD_PARAM}` : FIRST_SCREEN_PATH;
  const asked = withExchange
    .catch(() => null)
    .then((body) => answersOf(body))
    .then(async (carried) => {
      if (carried !== null) return carried;
      if ((await access) !== 'granted') return null;
      const response = await fetch(path, { method: 'GET', credentials: 'same-origin', cache: 'no-store' });
      return response.ok ? answersOf(await response.json()) : null;
    })
    .catch(() => null);
  leaveForConsole('firstScreen', asked);
  return asked;
}

/** The early answers, handed over once to the console's transport. */
export function takeFirstScreenAnswers(): FirstScreenAnswers | null {
  return takeFromEarly('firstScreen');
}

/** What makes a seat another seat for the console: who, in which session, with which role, locked or not. */
function seatOf(state: AuthState): string {
  if (state.state === 'setup' || state.state === 'signed-out') return state.state;
  const enrol = state.state === 'signed-in' && state.mustEnrolTwoFactor;
  return JSON.stringify([state.state, state.session.id, state.user.id, state.user.role, enrol]);
}

/**
 * The transport, answering each first-screen read once from the early answers, as long as the
 * socket has not connected yet; everything else, and any read asked again, goes over the socket.
 * The board's and the queue's first screenfuls are followed by whole snapshots over the socket, so
 * what the early answers showed is replaced by data that the socket's events then keep current.
 * Who is at the seat is asked again once the socket is up: a session that ended or locked in
 * between is told to the console like any other change of its seat.
 */
export function withFirstScreenAnswers(
  transport: Transport,
  early: FirstScreenAnswers | null,
  unwrap: <M extends MethodName>(method: M, envelope: unknown) => Promise<MethodOutput<M>>,
): Transport {
  if (early === null) return transport;
  let open = true;
  let seatShownEarly: AuthState | null = null;
  const closeEarly = () => {
    if (transport.getConnection().state === 'connecting') return;
    open = false;
    stopWatching();
    if (seatShownEarly !== null) void recheckSeat(seatShownEarly);
  };
  const stopWatching = transport.onConnectionChange(closeEarly);
  const authListeners = new Set<(payload: AuthChanged) => void>();
  // A change found before anyone listens: the console reads the seat before its first render, which
  // may wait for a page's code (the wall's) while the socket connects. Told to the first listeners.
  let unheard: AuthChanged | null = null;

  async function recheckSeat(shown: AuthState): Promise<void> {
    try {
      const now = await transport.call('auth.state', undefined);
      if (seatOf(now) === seatOf(shown)) return;
      const sessionId = 'session' in shown ? shown.session.id : '';
      const change: AuthChanged = { sessionId, reason: now.state === 'locked' ? 'locked' : 'ended' };
      if (authListeners.size === 0) unheard = change;
      for (const listener of authListeners) listener(change);
    } catch {
      // A failed read here changes nothing: the socket's own auth.changed events still arrive.
    }
  }

  /** After the listeners one render subscribes together (synchronously), all of them hear it, once. */
  function tellUnheard(): void {
    queueMicrotask(() => {
      const change = unheard;
      unheard = null;
      if (change !== null) for (const listener of authListeners) listener(change);
    });
  }

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const key = firstScreenKey(method, input);
      const answers = open ? await early : null;
      const envelope = open ? answers?.get(key) : undefined;
      if (envelope === undefined) return transport.call(method, input);
      answers?.delete(key);
      const value = await unwrap(method, envelope);
      if (method === 'auth.state') {
        const shown = value as AuthState;
        if (open) seatShownEarly = shown;
        else void recheckSeat(shown);
      }
      return value;
    },
    on(event, listener) {
      const unsubscribe = transport.on(event, listener);
      if (event !== 'auth.changed') return unsubscribe;
      const own = listener as (payload: AuthChanged) => void;
      authListeners.add(own);
      if (unheard !== null) tellUnheard();
      return () => {
        authListeners.delete(own);
        unsubscribe();
      };
    },
    skipUnlistened: (events) => transport.skipUnlistened(events),
    getConnection: () => transport.getConnection(),
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
    close: () => {
      stopWatching();
      transport.close();
    },
  };
}
