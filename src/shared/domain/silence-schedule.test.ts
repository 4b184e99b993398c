import { describe, expect, it } from 'vitest';
import type { SilenceSchedule } from '../contract/alerts';
import {
  shouldTriggerFlexible,
  silenceActiveThrough,
  silenceActiveUntil,
  silenceNextActiveAt,
  validateSilenceSchedule,
} from './silence-schedule';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

const once: SilenceSchedule = { kind: 'once', startsAt: at('2026-03-10T08:00:00Z'), endsAt: at('2026-03-10T10:00:00Z') };
/** Sundays 02:00-04:00 (UTC in these tests). */
const sundayNights: SilenceSchedule = { kind: 'recurring', cron: '0 2 * * 0', durationMinutes: 120 };
/** May start on the first failure between 08:00 and 18:00, then lasts an hour. */
const workday = {
  kind: 'flexible',
  windowStartsAt: at('2026-03-10T08:00:00Z'),
  windowEndsAt: at('2026-03-10T18:00:00Z'),
  durationMinutes: 60,
} satisfies SilenceSchedule;

describe('a one-off window', () => {
  it('silences from its start up to, not including, its end', () => {
    expect(silenceActiveUntil(once, null, at('2026-03-10T07:59:59Z'), 'utc')).toBeNull();
    expect(silenceActiveUntil(once, null, at('2026-03-10T08:00:00Z'), 'utc')).toBe(once.endsAt);
    expect(silenceActiveUntil(once, null, at('2026-03-10T09:59:59Z'), 'utc')).toBe(once.endsAt);
    expect(silenceActiveUntil(once, null, at('2026-03-10T10:00:00Z'), 'utc')).toBeNull();
  });

  it('says when it starts, now while it runs, and never once it is over', () => {
    expect(silenceNextActiveAt(once, null, at('2026-03-10T07:00:00Z'), 'utc')).toBe(once.startsAt);
    expect(silenceNextActiveAt(once, null, at('2026-03-10T09:00:00Z'), 'utc')).toBe(at('2026-03-10T09:00:00Z'));
    expect(silenceNextActiveAt(once, null, at('2026-03-10T10:00:00Z'), 'utc')).toBeNull();
  });
});

describe('a recurring window', () => {
  it('says it is active through runs that overlap, not only to the end of the latest run', () => {
    // Every hour at :00 for 90 minutes, 06:00-09:00 only: the runs overlap until the 09:00 run ends at 10:30.
    const overlapping: SilenceSchedule = { kind: 'recurring', cron: '0 6-9 * * *', durationMinutes: 90 };
    const now = at('2026-03-10T07:15:00Z');
    expect(silenceActiveUntil(overlapping, null, now, 'utc')).toBe(at('2026-03-10T08:30:00Z'));
    expect(silenceActiveThrough(overlapping, null, now, 'utc')).toBe(at('2026-03-10T10:30:00Z'));
    expect(silenceActiveThrough(sundayNights, null, at('2026-03-08T03:00:00Z'), 'utc')).toBe(at('2026-03-08T04:00:00Z'));
    expect(silenceActiveThrough(overlapping, null, at('2026-03-10T11:00:00Z'), 'utc')).toBeNull();
    // Every 10 minutes for 30 never gaps: shown a day ahead at most, not searched for ever.
    const endless: SilenceSchedule = { kind: 'recurring', cron: '*/10 * * * *', durationMinutes: 30 };
    const through = silenceActiveThrough(endless, null, now, 'utc')!;
    expect(through - now).toBeGreaterThanOrEqual(24 * 60 * MINUTE);
    expect(through - now).toBeLessThanOrEqual(24 * 60 * MINUTE + 30 * MINUTE);
  });

  it('silences for its duration after each run, until the end of that run', () => {
    // 2026-03-15 is a Sunday.
    expect(silenceActiveUntil(sundayNights, null, at('2026-03-15T01:59:00Z'), 'utc')).toBeNull();
    expect(silenceActiveUntil(sundayNights, null, at('2026-03-15T02:00:00Z'), 'utc')).toBe(at('2026-03-15T04:00:00Z'));
    expect(silenceActiveUntil(sundayNights, null, at('2026-03-15T03:59:59Z'), 'utc')).toBe(at('2026-03-15T04:00:00Z'));
    expect(silenceActiveUntil(sundayNights, null, at('2026-03-15T04:00:00Z'), 'utc')).toBeNull();
  });

  it('stays active across midnight when the duration runs past it', () => {
    const lateNight: SilenceSchedule = { kind: 'recurring', cron: '0 23 * * *', durationMinutes: 180 };
    expect(silenceActiveUntil(lateNight, null, at('2026-03-11T01:30:00Z'), 'utc')).toBe(at('2026-03-11T02:00:00Z'));
  });

  it('says when it next starts', () => {
    expect(silenceNextActiveAt(sundayNights, null, at('2026-03-10T12:00:00Z'), 'utc')).toBe(at('2026-03-15T02:00:00Z'));
    expect(silenceNextActiveAt(sundayNights, null, at('2026-03-15T03:00:00Z'), 'utc')).toBe(at('2026-03-15T03:00:00Z'));
    expect(silenceNextActiveAt(sundayNights, null, at('2026-03-15T04:00:00Z'), 'utc')).toBe(at('2026-03-22T02:00:00Z'));
  });

  it('never silences with a schedule that does not read', () => {
    const broken: SilenceSchedule = { kind: 'recurring', cron: '0 25 * * *', durationMinutes: 60 };
    expect(silenceActiveUntil(broken, null, at('2026-03-10T01:30:00Z'), 'utc')).toBeNull();
    expect(silenceNextActiveAt(broken, null, at('2026-03-10T01:30:00Z'), 'utc')).toBeNull();
  });
});

describe('a flexible window', () => {
  it('starts on the first failure inside the window, and only then', () => {
    expect(shouldTriggerFlexible(workday, null, at('2026-03-10T07:59:59Z'))).toBe(false);
    expect(shouldTriggerFlexible(workday, null, at('2026-03-10T08:00:00Z'))).toBe(true);
    expect(shouldTriggerFlexible(workday, null, at('2026-03-10T17:59:59Z'))).toBe(true);
    expect(shouldTriggerFlexible(workday, null, at('2026-03-10T18:00:00Z'))).toBe(false);
    // Already started: a second failure does not start it again.
    expect(shouldTriggerFlexible(workday, at('2026-03-10T09:00:00Z'), at('2026-03-10T12:00:00Z'))).toBe(false);
    expect(shouldTriggerFlexible(once, null, at('2026-03-10T09:00:00Z'))).toBe(false);
  });

  it('silences for its duration from the failure that started it', () => {
    const triggeredAt = at('2026-03-10T09:15:00Z');
    expect(silenceActiveUntil(workday, null, at('2026-03-10T09:30:00Z'), 'utc')).toBeNull();
    expect(silenceActiveUntil(workday, triggeredAt, triggeredAt, 'utc')).toBe(triggeredAt + 60 * MINUTE);
    expect(silenceActiveUntil(workday, triggeredAt, triggeredAt + 59 * MINUTE, 'utc')).toBe(triggeredAt + 60 * MINUTE);
    expect(silenceActiveUntil(workday, triggeredAt, triggeredAt + 60 * MINUTE, 'utc')).toBeNull();
  });

  it('can start from the window opening (or now, inside it) until it closes; once used up, never again', () => {
    expect(silenceNextActiveAt(workday, null, at('2026-03-10T06:00:00Z'), 'utc')).toBe(workday.windowStartsAt);
    expect(silenceNextActiveAt(workday, null, at('2026-03-10T12:00:00Z'), 'utc')).toBe(at('2026-03-10T12:00:00Z'));
    expect(silenceNextActiveAt(workday, null, at('2026-03-10T18:00:00Z'), 'utc')).toBeNull();
    const triggeredAt = at('2026-03-10T09:15:00Z');
    expect(silenceNextActiveAt(workday, triggeredAt, at('2026-03-10T09:30:00Z'), 'utc')).toBe(at('2026-03-10T09:30:00Z'));
    expect(silenceNextActiveAt(workday, triggeredAt, at('2026-03-10T10:15:00Z'), 'utc')).toBeNull();
  });
});

describe('validateSilenceSchedule', () => {
  const now = at('2026-03-10T12:00:00Z');

  it('puts the cron reader’s message beside the schedule field', () => {
    expect(validateSilenceSchedule({ kind: 'recurring', cron: '0 25 * * *', durationMinutes: 60 }, now)).toEqual([
      { path: 'schedule.cron', message: 'The hour field: 25 is outside 0-23' },
    ]);
    expect(validateSilenceSchedule(sundayNights, now)).toEqual([]);
  });

  it('refuses windows that are already over', () => {
    expect(validateSilenceSchedule({ kind: 'once', startsAt: now - 120 * MINUTE, endsAt: now }, now)).toEqual([
      { path: 'schedule.endsAt', message: 'This window is already over' },
    ]);
    expect(validateSilenceSchedule({ kind: 'once', startsAt: now - 120 * MINUTE, endsAt: now + MINUTE }, now)).toEqual([]);
    expect(validateSilenceSchedule({ ...workday, windowEndsAt: now }, now)).toEqual([
      { path: 'schedule.windowEndsAt', message: 'This window is already over' },
    ]);
    expect(validateSilenceSchedule(workday, now)).toEqual([]);
  });
});
