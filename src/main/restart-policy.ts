/** When to restart core after it stops. Pure, so the schedule is tested without a process. */

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;
/** Core that ran this long before stopping counts as having recovered: the next restart is quick again. */
export const STABLE_UPTIME_MS = 60_000;

/**
 * Delay before restart number attempts + 1: 250 ms, 500 ms, 1 s, 2 s, ... capped at 30 s, so a
 * core that crashes at start does not spin, and a one-off crash costs the operator a blink.
 */
export function nextRestartDelay(attempts: number): number {
  if (!Number.isFinite(attempts) || attempts <= 0) return FIRST_DELAY_MS;
  const exponent = Math.min(Math.floor(attempts), 16);
  return Math.min(FIRST_DELAY_MS * 2 ** exponent, MAX_DELAY_MS);
}

/** Restarts in a row so far, after core stopped having been up for upMs (0 if it never got ready). */
export function attemptsAfterExit(previousAttempts: number, upMs: number): number {
  return upMs >= STABLE_UPTIME_MS ? 0 : previousAttempts;
}
