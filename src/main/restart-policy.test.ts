import { describe, expect, it } from 'vitest';
import { attemptsAfterExit, nextRestartDelay, STABLE_UPTIME_MS } from './restart-policy';

describe('nextRestartDelay', () => {
  it('restarts a core that crashed once almost at once', () => {
    expect(nextRestartDelay(0)).toBeLessThanOrEqual(1_000);
  });

  it('waits longer after every crash in a row', () => {
    const delays = [0, 1, 2, 3, 4, 5].map(nextRestartDelay);
    for (let i = 1; i < delays.length; i += 1) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? Infinity);
  });

  it('never waits more than 30 seconds, however many crashes', () => {
    expect(nextRestartDelay(20)).toBe(30_000);
    expect(nextRestartDelay(1_000_000)).toBe(30_000);
    expect(nextRestartDelay(Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(30_000);
  });

  it('treats nonsense counts as a first restart', () => {
    expect(nextRestartDelay(-3)).toBe(nextRestartDelay(0));
    expect(nextRestartDelay(Number.NaN)).toBe(nextRestartDelay(0));
  });
});

describe('attemptsAfterExit', () => {
  it('keeps counting when core dies soon after starting (or before it got ready)', () => {
    expect(attemptsAfterExit(3, 0)).toBe(3);
    expect(attemptsAfterExit(3, STABLE_UPTIME_MS - 1)).toBe(3);
  });

  it('starts over when core had been running fine for a while', () => {
    expect(attemptsAfterExit(7, STABLE_UPTIME_MS)).toBe(0);
  });
});
