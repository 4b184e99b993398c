import { describe, expect, it } from 'vitest';
import { conflictTimeFormatter } from './conflict-time';

describe('conflictTimeFormatter', () => {
  const now = Date.UTC(2026, 10, 23, 14, 30);

  it('says only the time for the same day, and the date too for an earlier one', () => {
    const at = conflictTimeFormatter('utc', now);
    expect(at(Date.UTC(2026, 10, 23, 14, 2))).toBe('14:02');
    expect(at(Date.UTC(2026, 10, 22, 23, 59))).toBe('22 Nov 2026, 23:59');
  });
});
