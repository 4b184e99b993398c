import { describe, expect, it } from 'vitest';
import { formatRate, formatRatio, formatSize, formatTimeLeft, isOverdue, percentDone } from './backup-format';

const HOUR = 3_600_000;

describe('backup figures', () => {
  it.each([
    [512, '512 B'],
    [2048, '2.0 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [1.2 * 1024 ** 3, '1.2 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('gives rates in MiB/s and time left in the units that matter', () => {
    expect(formatRate(150 * 1024 * 1024)).toBe('150.0 MiB/s');
    expect(formatRate(300 * 1024)).toBe('0.29 MiB/s');
    expect(formatTimeLeft(44.2)).toBe('45 s left');
    expect(formatTimeLeft(245)).toBe('4 min 05 s left');
    expect(formatTimeLeft(2 * 3600 + 600)).toBe('2 h 10 min left');
    expect(formatTimeLeft(null)).toBe('time left not known yet');
  });

  it('has no percentage before the total is known, and never more than 100', () => {
    expect(percentDone(0, 0)).toBeNull();
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1200, 1000)).toBe(100);
    expect(formatRatio(3.14)).toBe('3.1×');
  });

  it('calls a job overdue when its newest good backup, or the job itself when it has none, is older than its window', () => {
    const now = 100 * HOUR;
    expect(isOverdue({ lastGoodAt: now - 25 * HOUR, createdAt: 0, overdueAfterHours: 26 }, now)).toBe(false);
    expect(isOverdue({ lastGoodAt: now - 27 * HOUR, createdAt: 0, overdueAfterHours: 26 }, now)).toBe(true);
    expect(isOverdue({ lastGoodAt: null, createdAt: now - HOUR, overdueAfterHours: 26 }, now)).toBe(false);
    expect(isOverdue({ lastGoodAt: null, createdAt: now - 27 * HOUR, overdueAfterHours: 26 }, now)).toBe(true);
  });
});
