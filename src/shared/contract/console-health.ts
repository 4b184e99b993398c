import { z } from 'zod';
import { text } from './strings';

/** Part of issue 15 ("The console's own health"): the checks core runs on itself, each against its thresholds. */
export const HealthSignal = z.enum(['db-latency', 'memory', 'disk', 'event-loop', 'probe-lateness', 'wal']);
export type HealthSignal = z.infer<typeof HealthSignal>;

export const HealthLevel = z.enum(['ok', 'warning', 'critical']);
export type HealthLevel = z.infer<typeof HealthLevel>;

/** One check as core judged it at its last evaluation (once a minute). */
export const HealthCheck = z
  .object({
    /** Stable per check: `disk:data`, `disk:backup:<job id>`, or the signal itself. */
    key: text().max(200),
    signal: HealthSignal,
    /** What is measured, for people ("Free disk: backup destination of Nightly"). */
    label: text().max(300),
    /** The measured value in `unit` (ms, %, MB). */
    value: z.number(),
    unit: z.enum(['ms', '%', 'MB']),
    warning: z.number(),
    /** Null for a check with one threshold (the WAL size). */
    critical: z.number().nullable(),
    level: HealthLevel,
  })
  .strict();
export type HealthCheck = z.infer<typeof HealthCheck>;
