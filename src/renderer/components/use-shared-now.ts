import { useSyncExternalStore } from 'react';

/**
 * One clock for every "down for 4 min" on screen: a single timer however many rows subscribe, and
 * none when nothing does. Coarse on purpose: durations read in seconds and minutes.
 */
const TICK_MS = 5_000;

let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of [...listeners]) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getNow(): number {
  return now;
}

export function useSharedNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
