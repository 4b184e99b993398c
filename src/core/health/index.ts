/** The console's own health: database latency, uptime, memory, event-loop delay, and the thresholded checks that raise alerts. */
export {
  createHealthMonitor,
  measuredEventLoopDelay,
  HEALTH_CHECK_EVERY_MS,
  HEALTH_SAMPLE_EVERY_MS,
  HEALTH_SAMPLES_KEPT,
  type EventLoopDelay,
  type HealthAlerts,
  type HealthMonitor,
} from './health';
export { createHealthChecks, statfsDiskSpace, type DiskSpace, type HealthChecks, type MemoryUse, type WatchedFolder } from './checks';
export { createConsoleMetrics, type ConsoleMetrics } from './metrics';
export { createOpsRoute, HEALTHZ_PATH, METRICS_PATH, READYZ_PATH, type Readiness } from './ops-route';
