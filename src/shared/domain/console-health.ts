import type { HealthLevel, HealthSignal } from '../contract/console-health';

/**
 * The thresholds of the console's own health (issue 15, seed 003). `below` checks alert when the
 * value falls under the threshold (free disk), the others when it rises above it.
 */
export const HEALTH_THRESHOLDS: Readonly<Record<HealthSignal, { warning: number; critical: number | null; below: boolean }>> = {
  'db-latency': { warning: 100, critical: 500, below: false },
  memory: { warning: 70, critical: 85, below: false },
  disk: { warning: 15, critical: 5, below: true },
  'event-loop': { warning: 50, critical: 200, below: false },
  'probe-lateness': { warning: 1000, critical: 5000, below: false },
  // One threshold only: a large WAL is a checkpoint falling behind, worth a look but not an emergency.
  wal: { warning: 256, critical: null, below: false },
};

/** The level a measured value reaches; a threshold is crossed when the value goes past it, not when it equals it. */
export function healthLevelOf(signal: HealthSignal, value: number): HealthLevel {
  const { warning, critical, below } = HEALTH_THRESHOLDS[signal];
  const past = (threshold: number) => (below ? value < threshold : value > threshold);
  if (critical !== null && past(critical)) return 'critical';
  if (past(warning)) return 'warning';
  return 'ok';
}

/** The p-th percentile (0-100) by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
