import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useTransport } from './transport-context';
import { useCommand } from './use-command';

/** Query keys of routing (issue 16): each starts with the method it caches. */
export const routingKeys = {
  table: ['routing.get'] as const,
  levels: ['routing.levels'] as const,
  schedules: ['oncall.schedules'] as const,
  now: ['oncall.now'] as const,
  onShift: ['oncall.onShift'] as const,
  contacts: ['oncall.contacts'] as const,
  people: ['users.people'] as const,
};

/** Everything routing shows: a config.changed of kind `escalation` makes all of it stale. */
export const ROUTING_QUERY_KEYS: readonly QueryKey[] = [
  routingKeys.table,
  routingKeys.levels,
  routingKeys.schedules,
  routingKeys.now,
  routingKeys.onShift,
  routingKeys.contacts,
];

/** Who is on call changes with time: read again every minute as well as on every change. */
const ON_CALL_REFRESH_MS = 60_000;

export function useRoutingTable() {
  const transport = useTransport();
  return useQuery({ queryKey: routingKeys.table, queryFn: () => transport.call('routing.get', undefined) });
}

export function useEscalationLevels() {
  const transport = useTransport();
  return useQuery({ queryKey: routingKeys.levels, queryFn: () => transport.call('routing.levels', undefined) });
}

export function useOnCallSchedules() {
  const transport = useTransport();
  return useQuery({ queryKey: routingKeys.schedules, queryFn: () => transport.call('oncall.schedules', undefined) });
}

export function useOnCallNow() {
  const transport = useTransport();
  return useQuery({
    queryKey: routingKeys.now,
    queryFn: () => transport.call('oncall.now', undefined),
    refetchInterval: ON_CALL_REFRESH_MS,
  });
}

/** Who holds the shift: changes at a handover (core-events reads it again then), at a shift change and as people sign in. */
export function useOnShiftNow() {
  const transport = useTransport();
  return useQuery({
    queryKey: routingKeys.onShift,
    queryFn: () => transport.call('oncall.onShift', undefined),
    refetchInterval: ON_CALL_REFRESH_MS,
  });
}

export function useContacts(enabled: boolean) {
  const transport = useTransport();
  return useQuery({ queryKey: routingKeys.contacts, queryFn: () => transport.call('oncall.contacts', undefined), enabled });
}

export function usePeople() {
  const transport = useTransport();
  return useQuery({ queryKey: routingKeys.people, queryFn: () => transport.call('users.people', undefined) });
}

const STALE_AFTER = {
  'routing.set': [routingKeys.table],
  'routing.setLevels': [routingKeys.levels],
  'oncall.save': [routingKeys.schedules, routingKeys.now],
  'oncall.delete': [routingKeys.schedules, routingKeys.now],
  'oncall.setContact': [routingKeys.contacts],
} as const satisfies Record<string, readonly QueryKey[]>;

/** A routing command; on success what it changed is read again. */
export function useRoutingCommand<M extends keyof typeof STALE_AFTER>(method: M) {
  return useCommand(method, { stale: STALE_AFTER[method] });
}
