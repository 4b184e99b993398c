import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { FIRST_ALERTS_SCREENFUL } from '../../shared/domain/first-screen';
import type { AlertStore } from './alert-store';
import { useAlertStore } from './alert-store-context';
import type { Transport } from '../transport/transport';
import { useTransport } from './transport-context';
import { useCommandCalls, type CommandCall } from './use-command';

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
 *
 * An empty store asks for the first screenful of the queue and the whole snapshot at once: core
 * answers in order, so the first rows paint while thousands more are still on the wire. A store
 * that already holds everything (a reconnect) only asks for the whole, so the queue never shrinks.
 */
export function alertSnapshotQuery(transport: Transport, store: AlertStore) {
  return queryOptions({
    queryKey: alertKeys.snapshot,
    queryFn: async () => {
      const first = store.isComplete() ? null : transport.call('alerts.snapshot', { first: FIRST_ALERTS_SCREENFUL });
      const whole = transport.call('alerts.snapshot', undefined);
      // A failure shows once, from the whole snapshot's answer; a late first screenful changes nothing.
      void first?.then(
        (head) => !store.isComplete() && store.load(head),
        () => undefined,
      );
      const snapshot = await whole;
      store.load(snapshot);
      return { at: snapshot.at, alerts: snapshot.alerts.length };
    },
    staleTime: Infinity,
  });
}

export function useAlertSnapshot() {
  return useQuery(alertSnapshotQuery(useTransport(), useAlertStore()));
}

/** One alert's history and notification outcomes, for the side panel. */
export function useAlertDetail(id: string) {
  const transport = useTransport();
  return useQuery({ queryKey: alertKeys.detail(id), queryFn: () => transport.call('alerts.get', { id }) });
}

/** An alert changed: its open detail (history, notifications) is stale. */
export function invalidateAlertDetails(queryClient: QueryClient, ids: readonly string[]): void {
  // Looked up by key first: invalidateQueries walks every query in the cache, and during a storm
  // almost none of these alerts has its detail loaded.
  for (const id of ids) {
    const detail = alertKeys.detail(id);
    if (queryClient.getQueryState(detail) !== undefined) void queryClient.invalidateQueries({ queryKey: detail, exact: true });
  }
}

/** The commands on one alert: one mutation serves every key in the queue, each call naming its command. */
export type AlertCommand = CommandCall<'alerts.acknowledge' | 'alerts.claim' | 'alerts.escalate' | 'alerts.snooze' | 'alerts.resolve'>;

/** Commands on alerts; the alert one returns is shown at once, before the event that follows. */
export function useAlertCommand() {
  const store = useAlertStore();
  const queryClient = useQueryClient();
  return useCommandCalls<AlertCommand['method']>({
    onSuccess: (alert) => {
      store.applyAlert(alert);
      invalidateAlertDetails(queryClient, [alert.id]);
    },
  });
}
