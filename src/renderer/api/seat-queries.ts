import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AuthState } from '../../shared/contract';
import type { Transport } from '../transport/transport';
import { useConnection } from './connection';
import { useTransport } from './transport-context';

/** Query keys of the people pages: each starts with the method it caches. */
export const seatKeys = {
  state: ['auth.state'] as const,
  users: ['users.list'] as const,
  people: ['users.people'] as const,
  sessions: ['sessions.list'] as const,
  seats: ['seats.list'] as const,
};

/** Read again when core says a session changed and after each new connection, never on a timer. */
export function seatQuery(transport: Transport) {
  return queryOptions({ queryKey: seatKeys.state, queryFn: () => transport.call('auth.state', undefined), staleTime: Infinity });
}

/** Who this seat is: set-up, signed out, locked, or the person signed in. Core decides; the console follows. */
export function useSeat() {
  return useQuery(seatQuery(useTransport()));
}

/**
 * Who the seat's reads are for: the session (locking and unlocking it keeps it), or nobody. A
 * change means another person, or none, and everything is read again for them.
 */
function readsFor(state: AuthState | undefined): string {
  if (state === undefined) return 'unknown';
  return state.state === 'signed-in' || state.state === 'locked' ? `session ${state.session.id}` : state.state;
}

/**
 * Reads the seat again whenever core says a session changed (locked, ended, signed in elsewhere)
 * and after every new connection (serve mode reconnects after sign-in and when a session ends).
 * When the person at the seat changes, everything read for the one before is read again.
 */
export function useSeatFollowsCore(state: AuthState | undefined): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const { state: connection } = useConnection();
  useEffect(
    () => transport.on('auth.changed', () => void queryClient.invalidateQueries({ queryKey: seatKeys.state })),
    [transport, queryClient],
  );
  const lastConnection = useRef(connection);
  useEffect(() => {
    const before = lastConnection.current;
    lastConnection.current = connection;
    if (connection === 'connected' && before !== 'connected') void queryClient.invalidateQueries({ queryKey: seatKeys.state });
  }, [connection, queryClient]);
  const reader = readsFor(state);
  const lastReader = useRef(reader);
  useEffect(() => {
    const before = lastReader.current;
    lastReader.current = reader;
    // The first answer is who the first reads were for; only a change afterwards makes them stale.
    if (before === reader || before === 'unknown') return;
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== seatKeys.state[0] });
  }, [reader, queryClient]);
}

/** How often user input is reported at most: idle lock counts minutes, so once a minute is exact enough. */
export const ACTIVITY_REPORT_MS = 60_000;

/**
 * Tells core the person is at the seat (keys, pointer, touch), at most once a minute, so idle
 * lock counts real activity and not the console's own background reads.
 */
export function useActivityReports(active: boolean, now: () => number = Date.now): void {
  const transport = useTransport();
  useEffect(() => {
    if (!active) return;
    let lastReport = now();
    const report = () => {
      const at = now();
      if (at - lastReport < ACTIVITY_REPORT_MS) return;
      lastReport = at;
      // A failed report only means idle lock may come a minute early; nothing to show.
      transport.call('auth.activity', undefined).catch(() => undefined);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const event of events) window.addEventListener(event, report, { passive: true, capture: true });
    return () => {
      for (const event of events) window.removeEventListener(event, report, { capture: true });
    };
  }, [active, transport, now]);
}
