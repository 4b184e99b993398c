import type { AppHealth } from '../../shared/contract';

/** How many health samples the Overview charts keep: a few minutes at the default refresh. */
export const MAX_HEALTH_SAMPLES = 60;

export interface HealthHistory {
  /** Oldest first; the last one is the current reading. */
  readonly samples: readonly AppHealth[];
}

/** Adds a reading, dropping the oldest beyond max, and ignoring a repeat of the last one. */
export function appendSample(history: HealthHistory | undefined, sample: AppHealth, max = MAX_HEALTH_SAMPLES): HealthHistory {
  const samples = history?.samples ?? [];
  if (samples.at(-1)?.at === sample.at) return { samples };
  return { samples: [...samples, sample].slice(-max) };
}
