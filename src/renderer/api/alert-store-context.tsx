import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Alert, ConsoleStatus } from '../../shared/contract';
import type { AlertStore } from './alert-store';

const AlertStoreContext = createContext<AlertStore | null>(null);

export function AlertStoreProvider({ store, children }: { store: AlertStore; children: ReactNode }) {
  return <AlertStoreContext value={store}>{children}</AlertStoreContext>;
}

export function useAlertStore(): AlertStore {
  const store = useContext(AlertStoreContext);
  if (store === null) throw new Error('useAlertStore needs an <AlertStoreProvider> above it');
  return store;
}

/** One alert, re-rendering only when that alert changes. */
export function useAlert(id: string): Alert | undefined {
  const store = useAlertStore();
  const subscribe = useCallback((listener: () => void) => store.subscribeAlert(id, listener), [store, id]);
  return useSyncExternalStore(subscribe, () => store.getAlert(id));
}

/** The store's version: changes at most once a frame. Read the store after calling this. */
export function useAlertVersion(): number {
  const store = useAlertStore();
  return useSyncExternalStore(store.subscribe, store.getVersion);
}

/** ok / warning / critical as core last said it; null before the first snapshot. */
export function useConsoleStatus(): ConsoleStatus | null {
  const store = useAlertStore();
  useAlertVersion();
  return store.consoleStatus();
}

/**
 * Lets a test count alert row renders, to prove a cursor move or one change re-renders only the
 * rows it concerns. Nothing provides it in the console itself.
 */
export const AlertRowRenderObserverContext = createContext<((alertId: string) => void) | null>(null);
