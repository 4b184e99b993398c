import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AppHealth, HealthHistory } from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { OpenedDatabase } from '../db';

/** How often core records its own health for the Overview charts, and how many records it keeps (an hour). */
export const HEALTH_SAMPLE_EVERY_MS = 10_000;
export const HEALTH_SAMPLES_KEPT = 360;

export interface HealthMonitor {
  read(): AppHealth;
  /** The readings recorded since core started (the last hour at most), oldest first. */
  history(): HealthHistory;
  stop(): void;
}

/**
 * The console's own vital signs, as shown on the Overview page: read on demand, and recorded every
 * 10 s from the start, so a console that opens the page sees the last hour rather than one point.
 */
export function createHealthMonitor(store: OpenedDatabase, clock: Clock, startedAt: number, timers: Timers): HealthMonitor {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const recorded: AppHealth[] = [];
  const read = (): AppHealth => {
    const t0 = performance.now();
    store.ping();
    const dbLatencyMs = performance.now() - t0;
    const memory = process.memoryUsage();
    const p99Ns = loopDelay.count > 0 ? loopDelay.percentile(99) : 0;
    loopDelay.reset();
    return {
      at: clock.now(),
      uptimeMs: Math.max(0, clock.now() - startedAt),
      dbLatencyMs,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
      eventLoopDelayP99Ms: p99Ns / 1e6,
      dbSizeBytes: store.sizeBytes(),
    };
  };
  let timer: TimerHandle | null = null;
  const record = () => {
    try {
      recorded.push(read());
      if (recorded.length > HEALTH_SAMPLES_KEPT) recorded.splice(0, recorded.length - HEALTH_SAMPLES_KEPT);
    } catch {
      // A reading that fails (the database closing) is simply not recorded; the next one may work.
    }
    timer = timers.after(HEALTH_SAMPLE_EVERY_MS, record);
  };
  timer = timers.after(HEALTH_SAMPLE_EVERY_MS, record);
  return {
    read,
    history: () => ({ sampleEveryMs: HEALTH_SAMPLE_EVERY_MS, samples: [...recorded] }),
    stop: () => {
      timer?.cancel();
      loopDelay.disable();
    },
  };
}
