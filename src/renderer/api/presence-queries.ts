import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Presence } from '../../shared/contract';
import { useSeat } from './seat-queries';
import { useTransport } from './transport-context';

export const presenceKey = ['presence.list'] as const;

/**
 * Who is signed in at which seat, live: core pushes every change (presence.changed), and a
 * session starting or ending anywhere reads it again. Read only by someone signed in.
 */
export function usePresence(): Presence | undefined {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const seat = useSeat().data;
  const signedIn = seat?.state === 'signed-in' || seat?.state === 'locked';
  useEffect(
    () => transport.on('presence.changed', (presence) => queryClient.setQueryData(presenceKey, presence)),
    [transport, queryClient],
  );
  useEffect(
    () => transport.on('auth.changed', () => void queryClient.invalidateQueries({ queryKey: presenceKey })),
    [transport, queryClient],
  );
  return useQuery({
    queryKey: presenceKey,
    queryFn: () => transport.call('presence.list', undefined),
    staleTime: Infinity,
    enabled: signedIn,
  }).data;
}

/** Tells the other seats this person has the incident open, for as long as the page shows it. */
export function useViewingIncident(incidentId: string): void {
  const transport = useTransport();
  useEffect(() => {
    // Presence is a courtesy to the others: a seat that cannot tell them still works the incident.
    const tell = (id: string | null) => void transport.call('presence.view', { incidentId: id }).catch(() => undefined);
    tell(incidentId);
    return () => tell(null);
  }, [transport, incidentId]);
}

/** "Anna at Seat 3, Ben at Seat 1": each person once per seat, in the order core lists them. */
export function whoIsWhere(presence: Presence): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const person of presence.people) {
    const key = `${person.userId}\u0000${person.seat}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${person.displayName} at ${person.seat}`);
  }
  return parts.join(', ');
}

/** "Anna is viewing", "Anna and Ben are viewing": the others who have this incident open now (not the person asking). */
export function viewersOf(presence: Presence, incidentId: string, selfUserId: string | null): string | null {
  const names = [
    ...new Set(presence.people.filter((person) => person.viewing === incidentId && person.userId !== selfUserId).map((p) => p.displayName)),
  ];
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is viewing`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are viewing`;
}
