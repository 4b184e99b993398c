import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Alert, MethodInput } from '../../shared/contract';
import { useAlertStore } from './alert-store-context';
import type { Transport } from '../transport/transport';
import { useTransport } from './transport-context';

/** Query keys start with the contract method they cache, as in query-keys.ts. */
export const alertKeys = {
  /** The data lives in the alert store; the query only says when it was last loaded. */
  snapshot: ['alerts.snapshot'] as const,
  detailAll: ['alerts.get'] as const,
  detail: (id: string) => ['alerts.get', id] as const,
};

/**
 * Loads alerts.snapshot into the alert store, for the whole console (the alarm and the status in
 * the header need it on every page). Events keep the store current from then on, so it is read
 * again only after a reconnect.
 */
export function useAlertSnapshot() {
  const transport = useTransport();
  const store = useAlertStore();
  return useQuery({
    queryKey: alertKeys.snapshot,
    queryFn: async () => {
      const snapshot = await transport.call('alerts.snapshot', undefined);
      store.load(snapshot);
      return { at: snapshot.at, alerts: snapshot.alerts.length };
    },
    staleTime: Infinity,
  });
}

/** One alert's history and notification outcomes, for the side panel. */
export function useAlertDetail(id: string) {
  const transport = useTransport();
  return useQuery({ queryKey: alertKeys.detail(id), queryFn: () => transport.call('alerts.get', { id }) });
}

/** An alert changed: its open detail (history, notifications) is stale. */
export function invalidateAlertDetails(queryClient: QueryClient, ids: readonly string[]): void {
  for (const id of ids) void queryClient.invalidateQueries({ queryKey: alertKeys.detail(id) });
}

/** One command on one alert, named with its input, so one mutation serves every key in the queue. */
export type AlertCommand =
  | { method: 'alerts.acknowledge'; input: MethodInput<'alerts.acknowledge'> }
  | { method: 'alerts.claim'; input: MethodInput<'alerts.claim'> }
  | { method: 'alerts.escalate'; input: MethodInput<'alerts.escalate'> }
  | { method: 'alerts.snooze'; input: MethodInput<'alerts.snooze'> }
  | { method: 'alerts.resolve'; input: MethodInput<'alerts.resolve'> };

function callAlertCommand(transport: Transport, command: AlertCommand): Promise<Alert> {
  switch (command.method) {
    case 'alerts.acknowledge':
      return transport.call(command.method, command.input);
    case 'alerts.claim':
      return transport.call(command.method, command.input);
    case 'alerts.escalate':
      return transport.call(command.method, command.input);
    case 'alerts.snooze':
      return transport.call(command.method, command.input);
    case 'alerts.resolve':
      return transport.call(command.method, command.input);
  }
}

/** Commands on alerts; the alert one returns is shown at once, before the event that follows. */
export function useAlertCommand() {
  const transport = useTransport();
  const store = useAlertStore();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: AlertCommand) => callAlertCommand(transport, command),
    onSuccess: (alert) => {
      store.applyAlert(alert);
      invalidateAlertDetails(queryClient, [alert.id]);
    },
  });
}
