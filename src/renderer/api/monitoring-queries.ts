import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CommandName, MethodInput, SeriesRange } from '../../shared/contract';
import { FIRST_BOARD_SCREENFUL } from '../../shared/domain/first-screen';
import type { Transport } from '../transport/transport';
import { afterNextPaint } from './frame-batch';
import type { MonitorStore } from './monitor-store';
import { useMonitorStore } from './monitor-store-context';
import { queryKeys } from './query-keys';
import { useTransport } from './transport-context';

/** How often an open latency chart rereads its series: roll-ups are per minute, so more often shows nothing new. */
const SERIES_REFRESH_MS = 60_000;

/**
 * Loads board.snapshot into the monitor store. Events keep the store current from then on, so the
 * snapshot is read again only when monitors.changed or a reconnect makes it stale.
 *
 * An empty store asks for the first screenful of the board (problems first), and for the whole
 * snapshot once that screenful is painted: asked for at once, the whole one arrived before the
 * first rows were drawn and its parsing and checking held them back. A store that already holds
 * everything only asks for the whole, so the board never shrinks.
 */
export function boardSnapshotQuery(transport: Transport, store: MonitorStore) {
  return queryOptions({
    queryKey: queryKeys.board,
    queryFn: async () => {
      if (!store.isComplete()) {
        try {
          // Asked before the socket connected, the head is the early HTTP answer: taken before the
          // events that keep the store current could reach this page.
          const headBeforeEvents = transport.getConnection().state === 'connecting';
          const headTicket = store.askRead();
          const head = await transport.call('board.snapshot', { first: FIRST_BOARD_SCREENFUL });
          store.loadAnswer(headTicket, head);
          // A board that fits in one screenful is all here already, unless what changed between that
          // answer and the socket's first event would be missing: then the whole board is read over
          // the socket too (a status change in that gap would otherwise stay unseen until the next).
          if (store.isComplete() && !headBeforeEvents) return { at: head.at, monitors: head.monitors.length };
          await afterNextPaint();
        } catch {
          // Shown once, from the whole snapshot's answer.
        }
      }
      const ticket = store.askRead();
      const snapshot = await transport.call('board.snapshot', undefined);
      store.loadAnswer(ticket, snapshot);
      return { at: snapshot.at, monitors: snapshot.monitors.length };
    },
    staleTime: Infinity,
  });
}

export function useBoardSnapshot() {
  return useQuery(boardSnapshotQuery(useTransport(), useMonitorStore()));
}

export function useSites() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.sites, queryFn: () => transport.call('sites.list', undefined), staleTime: Infinity });
}

export function useMonitorDetail(id: string) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.monitor(id), queryFn: () => transport.call('monitors.get', { id }) });
}

export function useMonitorSeries(id: string, range: SeriesRange) {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.series(id, range),
    queryFn: () => transport.call('monitors.series', { id, range }),
    refetchInterval: SERIES_REFRESH_MS,
    // Keep the old range on screen while the new one loads, instead of an empty chart.
    placeholderData: (previous) => (previous?.monitorId === id ? previous : undefined),
  });
}

/** What any change to sites or monitors makes stale (core also says so with monitors.changed). */
export function invalidateMonitoring(queryClient: QueryClient, except?: { deletedMonitorId: string }): void {
  if (except) queryClient.removeQueries({ queryKey: queryKeys.monitor(except.deletedMonitorId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.board });
  void queryClient.invalidateQueries({ queryKey: queryKeys.sites });
  void queryClient.invalidateQueries({ queryKey: queryKeys.monitorAll });
  void queryClient.invalidateQueries({ queryKey: queryKeys.retiredMonitors });
}

/** Monitors deleted from service, kept with their history until retention or a purge removes it. */
export function useRetiredMonitors() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.retiredMonitors, queryFn: () => transport.call('monitors.retired', undefined) });
}

/** A command on sites or monitors; on success everything it may have changed is read again. */
export function useMonitoringCommand<M extends Exclude<CommandName, 'monitors.delete'>>(method: M) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => transport.call(method, input),
    onSuccess: () => invalidateMonitoring(queryClient),
  });
}

/** Deleting (retiring) forgets the monitor's own queries first, so nothing asks core for a monitor that left the board. */
export function useDeleteMonitor() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => transport.call('monitors.delete', { id }),
    onSuccess: ({ id }) => invalidateMonitoring(queryClient, { deletedMonitorId: id }),
  });
}

export function useExportConfig() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: MethodInput<'config.export'>) => transport.call('config.export', input) });
}
