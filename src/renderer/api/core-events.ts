import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AppInfo, ConfigKind, Notice } from '../../shared/contract';
import { invalidateAlertDetails } from './alert-queries';
import { useAlertStore } from './alert-store-context';
import { useConnection } from './connection';
import { incidentKeys } from './incident-queries';
import { useMonitorStore } from './monitor-store-context';
import { invalidateMonitoring } from './monitoring-queries';
import { queryKeys } from './query-keys';
import { ROUTING_QUERY_KEYS, routingKeys } from './routing-queries';
import { useTransport } from './transport-context';

/** What each kind of configuration a config.changed event names makes stale. */
const STALE_WHEN_CONFIG_CHANGES: Record<ConfigKind, readonly QueryKey[]> = {
  rules: [queryKeys.rules],
  // Routing, levels, on-call schedules and contacts are configuration of escalation too.
  escalation: [queryKeys.escalation, ...ROUTING_QUERY_KEYS],
  silences: [queryKeys.silences],
  channels: [queryKeys.channels],
  sops: [incidentKeys.sops, incidentKeys.sopAll],
};

/** Keeps the query cache current from core's events, so every page updates without polling. */
export function useCoreEventsInCache(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribes = [
      transport.on('settings.changed', (settings) => queryClient.setQueryData(queryKeys.settings, settings)),
      transport.on('backend.changed', (state) => queryClient.setQueryData(queryKeys.backend, state)),
      // A command left the outbox or was refused: the list changed, and so did what incidents show on top of the replica.
      transport.on('outbox.changed', () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.outbox });
        void queryClient.invalidateQueries({ queryKey: incidentKeys.listAll });
        void queryClient.invalidateQueries({ queryKey: incidentKeys.detailAll });
      }),
      // An accepted (or handed-over) handover changes who is on shift.
      transport.on('handovers.changed', () => void queryClient.invalidateQueries({ queryKey: routingKeys.onShift })),
      // A rule or silence saved on another console shows here at once.
      transport.on('config.changed', ({ kind }) => {
        for (const queryKey of STALE_WHEN_CONFIG_CHANGES[kind]) void queryClient.invalidateQueries({ queryKey });
      }),
      transport.on('app.notice', (notice) =>
        queryClient.setQueryData<Notice[]>(queryKeys.pushedNotices, (previous = []) =>
          previous.some((known) => known.id === notice.id) ? previous : [...previous, notice],
        ),
      ),
      // A notice that no longer holds (the data disk has space again) leaves every list it is in.
      transport.on('app.notice.withdrawn', ({ id }) => {
        queryClient.setQueryData<Notice[]>(queryKeys.pushedNotices, (previous = []) => previous.filter((notice) => notice.id !== id));
        queryClient.setQueryData<AppInfo>(queryKeys.appInfo, (info) =>
          info ? { ...info, notices: info.notices.filter((notice) => notice.id !== id) } : info,
        );
      }),
    ];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [transport, queryClient]);
}

/**
 * Keeps the audit log's pages current, on every page of the console. Not on a wall display, which
 * shows no audit log and asks core not to send it audit.appended (one per command).
 */
export function useAuditEventsInCache(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () => transport.on('audit.appended', () => void queryClient.invalidateQueries({ queryKey: queryKeys.auditAll })),
    [transport, queryClient],
  );
}

/**
 * Keeps the board's monitor store current from core's events, on every page, so the board is
 * current the moment the operator comes back to it. A state change also makes that monitor's
 * detail stale (its recent changes and uptime).
 */
export function useMonitorEventsInStore(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const store = useMonitorStore();
  useEffect(() => {
    const unsubscribes = [
      transport.on('monitor.state', (state) => {
        store.applyState(state);
        // Looked up by its key first: invalidateQueries walks every query in the cache, and on a
        // wall at 50 changes a second almost none of these monitors has its detail loaded.
        const detail = queryKeys.monitor(state.monitorId);
        if (queryClient.getQueryState(detail) !== undefined) void queryClient.invalidateQueries({ queryKey: detail, exact: true });
      }),
      transport.on('probe.results', (batch) => store.applyResults(batch)),
      transport.on('monitors.changed', () => invalidateMonitoring(queryClient)),
    ];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [transport, queryClient, store]);
}

/** Keeps the alert store current from alerts.changed, on every page: the alarm and the header status depend on it. */
export function useAlertEventsInStore(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const store = useAlertStore();
  useEffect(
    () =>
      transport.on('alerts.changed', (changes) => {
        store.applyChanges(changes);
        invalidateAlertDetails(
          queryClient,
          changes.alerts.map((alert) => alert.id),
        );
      }),
    [transport, queryClient, store],
  );
}

/**
 * After a lost connection comes back, events may have been missed: refetch everything on screen
 * (the alert snapshot included: the shell always reads it).
 */
export function useRefetchAfterReconnect(): void {
  const { state } = useConnection();
  const queryClient = useQueryClient();
  const wasLost = useRef(false);
  useEffect(() => {
    if (state === 'reconnecting' || state === 'disconnected') wasLost.current = true;
    else if (state === 'connected' && wasLost.current) {
      wasLost.current = false;
      void queryClient.invalidateQueries();
    }
  }, [state, queryClient]);
}
