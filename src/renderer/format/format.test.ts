import { describe, expect, it } from 'vitest';
import { summarizeChange } from './change-summary';
import { formatBytes, formatMegabytes, formatMilliseconds, formatUptime } from './quantities';
import { epochToTimeText, formatClock, formatMinute, formatTimestamp, timeTextToEpoch } from './time';

describe('formatUptime', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [12 * 60_000 + 5_000, '12 min'],
    [(3 * 60 + 12) * 60_000, '3 h 12 min'],
    [2 * 3_600_000, '2 h'],
    [(2 * 24 + 4) * 3_600_000 + 30 * 60_000, '2 d 4 h'],
    [3 * 24 * 3_600_000, '3 d'],
  ])('%i ms reads as %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });

  it('shows a dash for nonsense rather than a wrong number', () => {
    expect(formatUptime(-1)).toBe('—');
    expect(formatUptime(Number.NaN)).toBe('—');
  });
});

describe('quantities', () => {
  it('keeps memory in MB and file sizes in the shortest unit', () => {
    expect(formatMegabytes(120 * 1024 * 1024)).toBe('120.0 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });

  it('shows fractions of a millisecond only where they matter', () => {
    expect(formatMilliseconds(0.4213)).toBe('0.42 ms');
    expect(formatMilliseconds(37.6)).toBe('38 ms');
  });
});

describe('time', () => {
  const at = Date.UTC(2026, 10, 23, 9, 11, 5);

  it('formats UTC year-first on a 24-hour clock and says it is UTC', () => {
    expect(formatTimestamp(at, 'utc')).toBe('2026-11-23 09:11:05 UTC');
    expect(formatClock(Date.UTC(2026, 0, 1, 21, 0, 9), 'utc')).toBe('21:00:09');
  });

  it('formats local time the same way as the browser reads it', () => {
    const local = new Date(2026, 10, 23, 18, 4, 0).getTime();
    expect(formatTimestamp(local, 'local')).toBe('2026-11-23 18:04:00');
  });

  it('reads a typed time in the console time zone setting, as written or with the T of ISO', () => {
    expect(timeTextToEpoch('2026-11-23 21:11', 'utc', 'start')).toBe(Date.UTC(2026, 10, 23, 21, 11));
    expect(timeTextToEpoch(' 2026-11-23 21:11 ', 'local', 'start')).toBe(new Date(2026, 10, 23, 21, 11).getTime());
    expect(timeTextToEpoch('2026-11-23T09:11', 'utc', 'start')).toBe(Date.UTC(2026, 10, 23, 9, 11));
    expect(timeTextToEpoch('2026-11-23T09:11', 'local', 'start')).toBe(new Date(2026, 10, 23, 9, 11).getTime());
  });

  it('makes an end bound cover the whole minute it names', () => {
    expect(timeTextToEpoch('2026-11-23T09:11', 'utc', 'end')).toBe(Date.UTC(2026, 10, 23, 9, 11, 59, 999));
  });

  it('returns null for an empty or partial value', () => {
    expect(timeTextToEpoch('', 'utc', 'start')).toBeNull();
    expect(timeTextToEpoch('2026-11-23', 'utc', 'start')).toBeNull();
  });

  it('refuses times that do not exist and the 12-hour clock', () => {
    expect(timeTextToEpoch('2026-06-31 10:00', 'utc', 'start')).toBeNull();
    expect(timeTextToEpoch('2026-11-23 24:00', 'utc', 'start')).toBeNull();
    expect(timeTextToEpoch('2026-13-01 10:00', 'utc', 'start')).toBeNull();
    expect(timeTextToEpoch('2026-11-23 09:11 PM', 'utc', 'start')).toBeNull();
  });

  it('writes a time for a field on the 24-hour clock, like every time the console shows', () => {
    expect(epochToTimeText(Date.UTC(2026, 10, 24, 22, 5, 41), 'utc')).toBe('2026-11-24 22:05');
    expect(formatMinute(Date.UTC(2026, 10, 24, 22, 5, 41), 'utc')).toBe('2026-11-24 22:05 UTC');
  });
});

describe('summarizeChange', () => {
  it('lists only the fields that changed', () => {
    expect(summarizeChange({ consoleName: 'Control room', uiScale: 'wall' }, { consoleName: 'Wall 2', uiScale: 'wall' })).toBe(
      'consoleName: "Control room" → "Wall 2"',
    );
  });

  it('cuts long values short and handles missing sides', () => {
    expect(summarizeChange({ note: 'x'.repeat(80) }, undefined)).toMatch(/^note: "x+… → —$/);
    expect(summarizeChange(undefined, undefined)).toBe('');
    expect(summarizeChange(1, 2)).toBe('1 → 2');
  });
});
