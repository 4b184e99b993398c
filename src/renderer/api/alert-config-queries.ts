import { useMutation, useQuery, type QueryKey } from '@tanstack/react-query';
import type { MethodInput, Silence } from '../../shared/contract';
import { queryKeys } from './query-keys';
import { useTransport } from './transport-context';
import { useCommand } from './use-command';

export function useRules() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.rules, queryFn: () => transport.call('rules.list', undefined) });
}

export function useEscalationPolicies() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.escalation, queryFn: () => transport.call('escalation.list', undefined) });
}

export function useSilences() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.silences, queryFn: () => transport.call('silences.list', undefined) });
}

export function useChannels() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.channels, queryFn: () => transport.call('channels.list', undefined) });
}

/**
 * When a saved silence that is not active now will next be: silences.list does not carry it, and a
 * recurring schedule is a cron line only core evaluates, so core is asked with the silence's own input.
 */
export function useSilenceNextActive(silence: Silence, enabled: boolean) {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.silenceNextActive(silence.id, silence.updatedAt),
    queryFn: async () => {
      const { kind, comment, scope, schedule } = silence;
      const preview = await transport.call('silences.preview', { kind, comment, scope, schedule });
      return preview.nextActiveAt;
    },
    enabled,
  });
}

/** What each configuration command makes stale; a command's own answer is never trusted to be the whole story. */
const STALE_AFTER = {
  'rules.create': [queryKeys.rules],
  'rules.update': [queryKeys.rules],
  'rules.delete': [queryKeys.rules],
  'escalation.set': [queryKeys.escalation],
  'silences.create': [queryKeys.silences],
  'silences.update': [queryKeys.silences],
  'silences.delete': [queryKeys.silences],
  'channels.create': [queryKeys.channels],
  'channels.update': [queryKeys.channels],
  // Rules name their channels: a removed channel leaves them.
  'channels.delete': [queryKeys.channels, queryKeys.rules],
} as const satisfies Record<string, readonly QueryKey[]>;

export type AlertConfigCommand = keyof typeof STALE_AFTER;

/** A command on rules, escalation, silences or channels; on success what it changed is read again. */
export function useAlertConfigCommand<M extends AlertConfigCommand>(method: M) {
  return useCommand(method, { stale: STALE_AFTER[method] });
}

/** Asked on demand with a form's input (Preview, or before a Save), never cached: the alerts change by the second. */
export function useSilencePreview() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: MethodInput<'silences.preview'>) => transport.call('silences.preview', input) });
}

export function useTestChannel() {
  const transport = useTransport();
  return useMutation({ mutationFn: (id: string) => transport.call('channels.test', { id }) });
}
