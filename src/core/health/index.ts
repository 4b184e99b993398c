/** The console's own health: database latency, uptime, memory, event-loop delay. */
export { createHealthMonitor, HEALTH_SAMPLE_EVERY_MS, HEALTH_SAMPLES_KEPT, type HealthMonitor } from './health';
