import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, selectRetention, type RetainedBackup } from './retention';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const backup = (id: string, iso: string, verify: RetainedBackup['verify'] = 'good'): RetainedBackup => ({ id, createdAt: at(iso), verify });

/** A nightly backup at 02:00 UTC for `days` days, ending on `last`. */
function nightly(days: number, last = '2026-11-23T02:00:00Z'): RetainedBackup[] {
  return Array.from({ length: days }, (_, i) => {
    const when = at(last) - i * DAY;
    return { id: new Date(when).toISOString().slice(0, 10), createdAt: when, verify: 'good' as const };
  });
}

describe('retention', () => {
  it('keeps the last 3, one a day for 7 days, one a week for 4 weeks, one a month for 12 months and one a year for 7 years', () => {
    const decision = selectRetention(nightly(800), DEFAULT_RETENTION, 'utc');
    const kept = decision.keep.map((k) => k.id);
    // 7 daily (the last 3 among them), then Sundays' newest for the weeks before, month and year ends.
    expect(kept.slice(0, 7)).toEqual(['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17']);
    expect(decision.keep.find((k) => k.id === '2026-11-23')?.reasons).toEqual(['last', 'daily', 'weekly', 'monthly', 'yearly']);
    // Weeks run Monday to Sunday (the 23rd is a Monday): the weeks before this one are kept by their Sundays.
    expect(decision.keep.filter((k) => k.reasons.includes('weekly')).map((k) => k.id)).toEqual([
      '2026-11-23',
      '2026-11-22',
      '2026-11-15',
      '2026-11-08',
    ]);
    expect(decision.keep.filter((k) => k.reasons.includes('monthly')).map((k) => k.id)).toEqual([
      '2026-11-23',
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
      '2026-05-31',
      '2026-04-30',
      '2026-03-31',
      '2026-02-28',
      '2026-01-31',
      '2025-12-31',
    ]);
    expect(decision.keep.filter((k) => k.reasons.includes('yearly')).map((k) => k.id)).toEqual(['2026-11-23', '2025-12-31', '2024-12-31']);
    expect(decision.keep.length + decision.remove.length).toBe(800);
    expect(decision.remove[0]).toEqual({
      id: '2026-11-16',
      createdAt: at('2026-11-16T02:00:00Z'),
      why: 'not needed by the retention policy',
    });
  });

  it('keeps the newest of several backups on one day, and never lets a failed one fill a slot', () => {
    const decision = selectRetention(
      [
        backup('morning', '2026-11-23T02:00:00Z'),
        backup('evening', '2026-11-23T20:00:00Z', 'failed'),
        backup('noon', '2026-11-23T12:00:00Z'),
        backup('yesterday', '2026-11-22T02:00:00Z'),
      ],
      { keepLast: 1, daily: 2, weekly: 0, monthly: 0, yearly: 0 },
      'utc',
    );
    expect(decision.keep.map((k) => [k.id, k.reasons])).toEqual([
      ['noon', ['last', 'daily']],
      ['yesterday', ['daily']],
    ]);
    expect(decision.remove).toEqual([
      { id: 'evening', createdAt: at('2026-11-23T20:00:00Z'), why: 'failed verification: it could not be restored' },
      { id: 'morning', createdAt: at('2026-11-23T02:00:00Z'), why: 'not needed by the retention policy' },
    ]);
  });

  it('counts periods that have a backup, so a gap of weeks does not use up the daily slots', () => {
    const decision = selectRetention(
      [backup('a', '2026-11-23T02:00:00Z'), backup('b', '2026-10-01T02:00:00Z'), backup('c', '2026-09-01T02:00:00Z')],
      { keepLast: 0, daily: 2, weekly: 0, monthly: 0, yearly: 0 },
      'utc',
    );
    expect(decision.keep.map((k) => k.id)).toEqual(['a', 'b']);
  });

  it('counts ISO weeks across the new year: the 31st of December and the 2nd of January share one', () => {
    const decision = selectRetention(
      [backup('thu', '2026-12-31T02:00:00Z'), backup('sat', '2027-01-02T02:00:00Z'), backup('mon', '2027-01-04T02:00:00Z')],
      { keepLast: 0, daily: 0, weekly: 3, monthly: 0, yearly: 0 },
      'utc',
    );
    expect(decision.keep.map((k) => k.id)).toEqual(['mon', 'sat']);
  });

  it('keeps everything a zero policy does not name: nothing', () => {
    expect(selectRetention(nightly(3), { keepLast: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0 }, 'utc').keep).toEqual([]);
  });
});
