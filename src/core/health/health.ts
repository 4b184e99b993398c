import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AppHealth } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import type { OpenedDatabase } from '../db';

export interface HealthMonitor {
  read(): AppHealth;
  stop(): void;
}

/** The console's own vital signs, as shown on the Overview page. */
export function createHealthMonitor(store: OpenedDatabase, clock: Clock, startedAt: number): HealthMonitor {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  return {
    read() {
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
    },
    stop: () => loopDelay.disable(),
  };
}
