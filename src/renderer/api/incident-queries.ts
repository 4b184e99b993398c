import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Incident, IncidentAttention, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { useTransport } from './transport-context';
import { useCommand } from './use-command';

/** Query keys start with the contract method they cache, as in query-keys.ts. */
export const incidentKeys = {
  listAll: ['incidents.list'] as const,
  list: (includeResolved: boolean) => ['incidents.list', includeResolved] as const,
  detailAll: ['incidents.get'] as const,
  detail: (id: string) => ['incidents.get', id] as const,
  report: (id: string) => ['incidents.report', id] as const,
  sops: ['sops.list'] as const,
  sopAll: ['sops.get'] as const,
  sop: (slug: string, version?: number) => ['sops.get', slug, version ?? 'latest'] as const,
  /** Incident attention events this console received (P0 update due, breached clocks, skipped steps). */
  attention: ['incident.attention'] as const,
};

/** Open incidents, most urgent first; with `includeResolved`, the resolved ones after them. */
export function useIncidents(includeResolved = false) {
  const transport = useTransport();
  return useQuery({ queryKey: incidentKeys.list(includeResolved), queryFn: () => transport.call('incidents.list', { includeResolved }) });
}

/** One incident with its pinned SOP template and its timeline. */
export function useIncidentDetail(id: string) {
  const transport = useTransport();
  return useQuery({ queryKey: incidentKeys.detail(id), queryFn: () => transport.call('incidents.get', { id }) });
}

/** The latest version of every SOP template. */
export function useSops() {
  const transport = useTransport();
  return useQuery({ queryKey: incidentKeys.sops, queryFn: () => transport.call('sops.list', undefined) });
}

/** One SOP template: its latest version, or the one given. */
export function useSop(slug: string | null, version?: number) {
  const transport = useTransport();
  return useQuery({
    queryKey: incidentKeys.sop(slug ?? '', version),
    queryFn: () => transport.call('sops.get', version === undefined ? { slug: slug ?? '' } : { slug: slug ?? '', version }),
    enabled: slug !== null,
  });
}

/** Every command on an incident answers with the incident as it is now. */
export type IncidentCommandName = {
  [M in MethodName]: M extends `incidents.${string}` ? (MethodOutput<M> extends Incident ? M : never) : never;
}[MethodName];

/** An incident changed: its list entry and detail (timeline) are stale; the report too. */
export function invalidateIncident(queryClient: QueryClient, id: string): void {
  void queryClient.invalidateQueries({ queryKey: incidentKeys.listAll });
  void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) });
  void queryClient.invalidateQueries({ queryKey: incidentKeys.report(id) });
}

/** One command on incidents; the incident it returns makes its list and detail read again. */
export function useIncidentCommand<M extends IncidentCommandName>(method: M) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => transport.call(method, input) as Promise<Incident>,
    onSuccess: (incident) => invalidateIncident(queryClient, incident.id),
  });
}

/** Saving a template (form or YAML) adds a version: the list and that template are read again. */
export function useSopCommand<M extends 'sops.save' | 'sops.import'>(method: M) {
  return useCommand(method, { stale: [incidentKeys.sops, incidentKeys.sopAll] });
}

/**
 * Keeps incidents current from core's events, on every page: a changed incident makes its list
 * and detail stale; attention events are kept (newest last) for the banner to show.
 */
export function useIncidentEventsInCache(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribes = [
      transport.on('incidents.changed', ({ incidents }) => {
        for (const incident of incidents) invalidateIncident(queryClient, incident.id);
        queryClient.setQueryData<IncidentAttention[]>(incidentKeys.attention, (previous = []) => withoutAnswered(previous, incidents));
      }),
      transport.on('incident.attention', (attention) =>
        queryClient.setQueryData<IncidentAttention[]>(incidentKeys.attention, (previous = []) => [...previous.slice(-19), attention]),
      ),
    ];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [transport, queryClient]);
}

/**
 * Drops the attention a change has answered, so the banner goes at once: everything about an
 * incident that was resolved, and a due-update reminder once an update moved the due time past it.
 */
function withoutAnswered(attentions: IncidentAttention[], changed: readonly Incident[]): IncidentAttention[] {
  const byId = new Map(changed.map((incident) => [incident.id, incident]));
  const answered = (attention: IncidentAttention) => {
    const incident = byId.get(attention.incidentId);
    if (incident === undefined) return false;
    if (incident.state === 'resolved') return true;
    return attention.reason === 'update-due' && (incident.nextUpdateDueAt === null || incident.nextUpdateDueAt > attention.at);
  };
  return attentions.some(answered) ? attentions.filter((attention) => !answered(attention)) : attentions;
}

/** Attention events received so far (at most the last 20), oldest first. */
export function useIncidentAttention(): IncidentAttention[] {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: incidentKeys.attention,
    queryFn: () => queryClient.getQueryData<IncidentAttention[]>(incidentKeys.attention) ?? [],
    initialData: [],
    staleTime: Infinity,
    enabled: false,
  });
  return data;
}
