import { ProbeTimeout } from './outcome';

export interface Settle<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/**
 * Runs a callback-style network operation as a promise bound to the probe's signal: the first of
 * resolve / reject / abort wins, and `begin`'s returned release (destroy the socket, kill the
 * child, cancel the query) runs exactly once, whichever way it ended, so nothing outlives a probe.
 */
export function abortable<T>(signal: AbortSignal, begin: (settle: Settle<T>) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(new ProbeTimeout());
      return;
    }
    let settled = false;
    let release: (() => void) | null = null;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      release?.();
      action();
    };
    const onAbort = (): void => finish(() => reject(new ProbeTimeout()));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const cleanup = begin({ resolve: (value) => finish(() => resolve(value)), reject: (reason) => finish(() => reject(reason)) });
      if (settled) cleanup();
      else release = cleanup;
    } catch (error) {
      finish(() => reject(error));
    }
  });
}
