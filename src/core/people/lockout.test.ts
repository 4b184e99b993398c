import { describe, expect, it } from 'vitest';
import {
  accountWindowStart,
  clockTime,
  failuresExpireBefore,
  isLocked,
  lockAfterFailure,
  lockedMessage,
  LOCKOUT,
  sourceLimitReached,
} from './lockout';

const T = Date.UTC(2026, 10, 23, 13, 50, 0);
const MINUTE = 60_000;

describe('lockout rules', () => {
  it('locks a username for 15 minutes at its fifth failure within 15 minutes, not before', () => {
    expect(lockAfterFailure(4, T)).toBeNull();
    expect(lockAfterFailure(5, T)).toBe(T + 15 * MINUTE);
    expect(accountWindowStart(T)).toBe(T - 15 * MINUTE);
  });

  it('raises the per-source alert once, at the tenth failure within 5 minutes', () => {
    expect([9, 10, 11].map(sourceLimitReached)).toEqual([false, true, false]);
    expect(LOCKOUT.sourceWindowMs).toBe(5 * MINUTE);
  });

  it('lets counters expire: nothing older than the longest window is kept', () => {
    expect(failuresExpireBefore(T)).toBe(T - 15 * MINUTE);
  });

  it('holds a lock until its end and not a millisecond longer', () => {
    expect(isLocked(T + 1, T)).toBe(true);
    expect(isLocked(T, T)).toBe(false);
    expect(isLocked(null, T)).toBe(false);
  });

  it('says until when in the console time zone, rounded up so it is never a minute early', () => {
    expect(lockedMessage(T + 15 * MINUTE, 'utc')).toBe('Too many failed sign-ins: try again at 14:05');
    expect(clockTime(T + 15 * MINUTE + 1_000, 'utc')).toBe('14:06');
  });
});
