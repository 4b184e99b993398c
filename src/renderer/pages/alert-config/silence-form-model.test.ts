import { describe, expect, it } from 'vitest';
import { epochToTimeText } from '../../format/time';
import { describeSchedule, draftFromSilence, validateSilenceDraft } from './silence-form-model';
import { testSilence } from './testing';

describe('silence schedules and times', () => {
  it('reads and writes time fields in the console time zone, to the minute, on the 24-hour clock', () => {
    const at = Date.UTC(2026, 10, 24, 22, 5, 41);
    expect(epochToTimeText(at, 'utc')).toBe('2026-11-24 22:05');
    const silence = testSilence('x', {
      schedule: { kind: 'once', startsAt: Date.UTC(2026, 10, 24, 22, 0), endsAt: Date.UTC(2026, 10, 25, 2, 0) },
    });
    const draft = draftFromSilence(silence, at, 'utc');
    expect(validateSilenceDraft(draft, 'utc')).toEqual({
      ok: true,
      input: { kind: 'silence', comment: 'Silence x', scope: { kind: 'site', siteId: 's1' }, schedule: silence.schedule },
    });
  });

  it('says a flexible window in words', () => {
    expect(
      describeSchedule(
        {
          kind: 'flexible',
          windowStartsAt: Date.UTC(2026, 10, 24, 22, 0),
          windowEndsAt: Date.UTC(2026, 10, 25, 6, 0),
          durationMinutes: 90,
        },
        'utc',
      ),
    ).toBe('For 1 h 30 min from the first failure between 2026-11-24 22:00 UTC and 2026-11-25 06:00 UTC');
  });

  it('puts the contract rule "the end must be after the start" beside the end', () => {
    const draft = { ...draftFromSilence(testSilence('x'), 0, 'utc'), startsAt: '2026-11-24T22:00', endsAt: '2026-11-24T21:00' };
    expect(validateSilenceDraft(draft, 'utc')).toEqual({ ok: false, errors: { 'schedule.endsAt': 'The end must be after the start' } });
  });
});
