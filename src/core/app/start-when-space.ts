import type { Timers } from '../../shared/domain/clock';
import { DISK_FULL_MESSAGE, hasRoomFor, isDiskFullError } from '../disk-space';

export const START_RETRY_MS = 10_000;

/** Timers that keep the process alive while it waits (the system timers are unref'd). */
export const waitingTimers: Timers = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Core cannot open its database without a little space (the WAL index, the WAL, a migration, the
 * key file): SQLite then says "disk I/O error" as often as "disk full". When the data folder's
 * disk has no room, exiting would only start the same failure again (the shell and service
 * managers restart core), so the start waits here instead and tries again every few seconds,
 * having said once, plainly, why.
 */
export async function whenSpaceAllows<T>(
  dataDir: string,
  attempt: () => T,
  timers: Timers,
  report: (message: string) => void,
  retryMs = START_RETRY_MS,
): Promise<T> {
  let reported = false;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isDiskFullError(error) && hasRoomFor(dataDir)) throw error;
      if (!reported) {
        const why = error instanceof Error ? error.message : String(error);
        report(
          `${DISK_FULL_MESSAGE}. Core cannot start without a little space (${why}); it starts by itself once there is some, checking every ${retryMs / 1000} s. Data folder: ${dataDir}`,
        );
        reported = true;
      }
      await new Promise<void>((resolve) => timers.after(retryMs, resolve));
    }
  }
}
