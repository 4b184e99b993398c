import { useQuery } from '@tanstack/react-query';
import { useTransport } from './transport-context';

/** Issue 16, watch the watcher: read again every 30 s, as the heartbeat is called every minute. */
const WATCHER_REFRESH_MS = 30_000;

export const watcherKeys = { status: ['watcher.status'] as const, settings: ['watcher.settings'] as const };

export function useWatcherStatus() {
  const transport = useTransport();
  return useQuery({
    queryKey: watcherKeys.status,
    queryFn: () => transport.call('watcher.status', undefined),
    refetchInterval: WATCHER_REFRESH_MS,
  });
}

/** The address with the check's key: an admin's only, so read only when the person may. */
export function useWatcherSettings(enabled: boolean) {
  const transport = useTransport();
  return useQuery({ queryKey: watcherKeys.settings, queryFn: () => transport.call('watcher.settings', undefined), enabled });
}
