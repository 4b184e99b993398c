import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { BoardEntry, MonitorStore, SiteSummary } from './monitor-store';

const MonitorStoreContext = createContext<MonitorStore | null>(null);

export function MonitorStoreProvider({ store, children }: { store: MonitorStore; children: ReactNode }) {
  return <MonitorStoreContext value={store}>{children}</MonitorStoreContext>;
}

export function useMonitorStore(): MonitorStore {
  const store = useContext(MonitorStoreContext);
  if (store === null) throw new Error('useMonitorStore needs a <MonitorStoreProvider> above it');
  return store;
}

/** One monitor, re-rendering only when that monitor changes. */
export function useBoardEntry(id: string): BoardEntry | undefined {
  const store = useMonitorStore();
  const subscribe = useCallback((listener: () => void) => store.subscribeEntry(id, listener), [store, id]);
  return useSyncExternalStore(subscribe, () => store.getEntry(id));
}

/** One site's counts and worst status, re-rendering only when that site changes. */
export function useSiteSummary(id: string): SiteSummary | undefined {
  const store = useMonitorStore();
  const subscribe = useCallback((listener: () => void) => store.subscribeSite(id, listener), [store, id]);
  return useSyncExternalStore(subscribe, () => store.getSite(id));
}

/**
 * The store's version: changes at most once a frame, when anything that depends on every monitor
 * (order, counts, the filtered list) may have changed. Read the store after calling this.
 */
export function useBoardVersion(): number {
  const store = useMonitorStore();
  return useSyncExternalStore(store.subscribe, store.getVersion);
}

/**
 * Lets a test (or a benchmark) count row renders, to prove one event re-renders one row.
 * Nothing provides it in the console itself.
 */
export const RowRenderObserverContext = createContext<((monitorId: string) => void) | null>(null);
