import type { Timers } from '../../../../shared/domain/clock';

export interface WatchedTimers extends Timers {
  /** Resolves once a timer of exactly `ms` is pending, so a test moves the clock only when the code waits on it. */
  pending(ms: number): Promise<void>;
}

/** Wraps timers (a FakeClock's) to tell a test when the code under test starts waiting. */
export function watchTimers(inner: Timers): WatchedTimers {
  const live = new Set<{ ms: number }>();
  let waiters: { ms: number; resolve: () => void }[] = [];

  const wake = (): void => {
    const isPending = (waiter: { ms: number }): boolean => [...live].some((timer) => timer.ms === waiter.ms);
    for (const waiter of waiters.filter(isPending)) waiter.resolve();
    waiters = waiters.filter((waiter) => !isPending(waiter));
  };

  return {
    after(ms, fn) {
      const timer = { ms };
      live.add(timer);
      const handle = inner.after(ms, () => {
        live.delete(timer);
        fn();
      });
      wake();
      return {
        cancel: () => {
          live.delete(timer);
          handle.cancel();
        },
      };
    },
    pending(ms) {
      return new Promise((resolve) => {
        waiters.push({ ms, resolve });
        wake();
      });
    },
  };
}
