import type { AppHealth } from '../../shared/contract';

/** How many health samples the Overview charts keep: core's last hour (360 at 10 s), then the live readings. */
export const MAX_HEALTH_SAMPLES = 400;

export interface HealthHistory {
  /** Oldest first; the last one is the current reading. */
  readonly samples: readonly AppHealth[];
}

/** The history core recorded, to start the charts from instead of a single point. */
export function historyFrom(recorded: readonly AppHealth[], max = MAX_HEALTH_SAMPLES): HealthHistory {
  return { samples: [...recorded].sort((a, b) => a.at - b.at).slice(-max) };
}

/** Adds a reading, dropping the oldest beyond max, and ignoring a repeat of the last one (or one older than it). */
export function appendSample(history: HealthHistory | undefined, sample: AppHealth, max = MAX_HEALTH_SAMPLES): HealthHistory {
  const samples = history?.samples ?? [];
  const last = samples.at(-1);
  if (last !== undefined && last.at >= sample.at) return { samples };
  return { samples: [...samples, sample].slice(-max) };
}
