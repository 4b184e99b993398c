import type { ProbeContext } from '../types';

/** A probe context whose signal fires after timeoutMs, as the engine's does. */
export function probeContext(timeoutMs = 2_000, extra: Partial<ProbeContext> = {}): ProbeContext {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs, now: () => Date.now(), ...extra };
}

/** Runs a probe and measures how long the caller waited for it. */
export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const startedAt = performance.now();
  const result = await run();
  return { result, elapsedMs: performance.now() - startedAt };
}
