import type { Settings } from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';

const DAY = 86_400_000;
/** Rows deleted per transaction: small enough that the writer and readers never wait long. */
const SLICE = 5000;

export interface RetentionPolicy {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  dayMs: number;
}

export function retentionFromSettings(settings: Settings): RetentionPolicy {
  return {
    rawMs: settings.retentionRawDays * DAY,
    minuteMs: settings.retentionMinuteDays * DAY,
    hourMs: settings.retentionHourDays * DAY,
    dayMs: settings.retentionDayYears * 365 * DAY,
  };
}

/** Deletes history past its retention, one slice per transaction, yielding to the event loop between slices. */
export async function pruneHistory(
  repos: Repositories,
  policy: RetentionPolicy,
  now: number,
  yieldNow: () => Promise<void>,
): Promise<number> {
  const { monitoring } = repos;
  const jobs: (() => number)[] = [
    () => monitoring.pruneResults(now - policy.rawMs, SLICE),
    () => monitoring.pruneStateChanges(now - policy.dayMs, SLICE),
    () => monitoring.pruneRollups('minute', now - policy.minuteMs, SLICE),
    () => monitoring.pruneRollups('hour', now - policy.hourMs, SLICE),
    () => monitoring.pruneRollups('day', now - policy.dayMs, SLICE),
  ];
  let deleted = 0;
  for (const job of jobs) {
    for (;;) {
      const n = repos.transaction(job);
      deleted += n;
      if (n < SLICE) break;
      await yieldNow();
    }
  }
  monitoring.checkpoint();
  return deleted;
}

/** Core's first pruning after it starts: past its start-up (the first probes, the board), not in the middle of it. */
export const FIRST_PRUNING_AFTER_MS = 60_000;

/** Runs the pruning every `everyMs`, with the retention settings as they are at that moment. */
export function scheduleRetention(
  repos: Repositories,
  settings: () => Settings,
  clock: Clock,
  timers: Timers,
  logger: Logger,
  everyMs = 10 * 60_000,
) {
  let handle: TimerHandle | null = null;
  let stopped = false;
  const run = async () => {
    try {
      const deleted = await pruneHistory(repos, retentionFromSettings(settings()), clock.now(), () => new Promise((r) => setImmediate(r)));
      if (deleted > 0) logger.info({ deleted }, 'pruned probe history past its retention');
    } catch (error) {
      logger.error({ err: error }, 'pruning probe history failed');
    }
    if (!stopped) handle = timers.after(everyMs, () => void run());
  };
  handle = timers.after(FIRST_PRUNING_AFTER_MS, () => void run());
  return () => {
    stopped = true;
    handle?.cancel();
  };
}
