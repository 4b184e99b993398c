// A fixed CPU workload timed in the same process as a benchmark, so that its figures can be read
// on another machine: a figure divided by this reference is about the same on a fast machine and
// a slow one, where the absolute figure differs several times over.
import { createHash, randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Figure } from './report';

const CHUNK_BYTES = 1024 * 1024;
const CHUNKS = 256;

/** SHA-256 of 256 MiB in 1 MiB chunks, in ms: the median of three runs. */
export function measureReferenceMs(): number {
  const chunk = randomFillSync(Buffer.alloc(CHUNK_BYTES));
  const runs: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    const hash = createHash('sha256');
    for (let i = 0; i < CHUNKS; i += 1) hash.update(chunk);
    hash.digest();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return runs[1] ?? Number.NaN;
}

/** The reference itself, reported beside the figures it scales. */
export function referenceFigure(referenceMs: number): Figure {
  return { value: referenceMs, unit: 'ms (SHA-256 of 256 MiB, same process)' };
}

/** A duration as a fraction of the reference: the figure a reviewer on another machine checks. */
export function durationPerReference(valueMs: number, referenceMs: number, target?: string): Figure {
  return { value: valueMs / referenceMs, unit: 'x reference', ...(target === undefined ? {} : { target }) };
}

/** A rate as work done in one reference's time (rate x reference seconds). */
export function ratePerReference(perSecond: number, referenceMs: number, unit: string, target?: string): Figure {
  return { value: (perSecond * referenceMs) / 1000, unit: `${unit} per reference`, ...(target === undefined ? {} : { target }) };
}

/**
 * The reference on the machine where the absolute targets were set (2 cores, quiet). A ratio
 * target is the absolute target scaled by it, so the two agree on that machine and the ratio
 * alone is checked elsewhere. Measured there, idle (load average 0.1): 152-157 ms, ten medians of
 * three, the process getting a whole core (CPU time equal to wall time).
 */
export const TARGET_MACHINE_REFERENCE_MS = 155;

/** The ratio target matching an absolute one: "<= 50" ms becomes "<= 0.167" x reference. */
export function scaledTarget(comparison: '<=' | '>=' | '<', absolute: number, kind: 'duration' | 'rate'): string {
  const scaled = kind === 'duration' ? absolute / TARGET_MACHINE_REFERENCE_MS : (absolute * TARGET_MACHINE_REFERENCE_MS) / 1000;
  return `${comparison} ${Number(scaled.toPrecision(3))}`;
}
