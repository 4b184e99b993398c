/**
 * Lockout rules as pure functions of counts and times (the repository counts, these decide), so
 * every window is tested on a fake clock. A username is counted as typed, known or not: an unknown
 * name locks exactly like a real one, so the answers never tell which names exist.
 */
const MINUTE_MS = 60_000;

export const LOCKOUT = {
  /** Failed sign-ins of one username within the window that lock it. */
  accountFailures: 5,
  accountWindowMs: 15 * MINUTE_MS,
  lockMs: 15 * MINUTE_MS,
  /** Failed sign-ins from one source (seat or address) within the window that raise a high alert. */
  sourceFailures: 10,
  sourceWindowMs: 5 * MINUTE_MS,
} as const;

/** Failure rows older than this are never counted again and may go. */
export function failuresExpireBefore(now: number): number {
  return now - Math.max(LOCKOUT.accountWindowMs, LOCKOUT.sourceWindowMs);
}

/** Where a username's window starts, and where a source's does. */
export const accountWindowStart = (now: number): number => now - LOCKOUT.accountWindowMs;
export const sourceWindowStart = (now: number): number => now - LOCKOUT.sourceWindowMs;

/** After one more failure (already counted in `failuresInWindow`): the time the account opens again, or null while under the limit. */
export function lockAfterFailure(failuresInWindow: number, now: number): number | null {
  return failuresInWindow >= LOCKOUT.accountFailures ? now + LOCKOUT.lockMs : null;
}

/** True when this failure is the one that reaches the per-source limit: the alert is raised once per crossing. */
export function sourceLimitReached(failuresInWindow: number): boolean {
  return failuresInWindow === LOCKOUT.sourceFailures;
}

/** Whether a lock still holds. `now` is the clock's high-water mark, so a clock set back never opens it early. */
export function isLocked(lockedUntil: number | null, now: number): lockedUntil is number {
  return lockedUntil !== null && lockedUntil > now;
}

/** "14:05" in the console's time zone, rounded up to the minute: "try again at 14:05" is never a minute early. */
export function clockTime(at: number, zone: 'local' | 'utc'): string {
  const format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...(zone === 'utc' ? { timeZone: 'UTC' } : {}) });
  return format.format(Math.ceil(at / MINUTE_MS) * MINUTE_MS);
}

/** "Too many failed sign-ins: try again at 14:05", in the console's time zone. */
export function lockedMessage(lockedUntil: number, zone: 'local' | 'utc'): string {
  return `Too many failed sign-ins: try again at ${clockTime(lockedUntil, zone)}`;
}
