/** The console's own health: database latency, uptime, memory, event-loop delay. */
export { createHealthMonitor, type HealthMonitor } from './health';
