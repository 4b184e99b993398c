import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../../testing/fake-transport';
import { draftFromSettings, parseField, patchFromDraft, validateDraft } from './settings-form-model';

describe('the settings form model', () => {
  it("uses the contract's messages for each field", () => {
    expect(parseField('consoleName', '   ')).toEqual({ ok: false, message: 'Give the console a name' });
    expect(parseField('consoleName', 'x'.repeat(61))).toEqual({ ok: false, message: 'At most 60 characters' });
    expect(parseField('healthRefreshSeconds', '0')).toEqual({ ok: false, message: 'At least 1 second' });
    expect(parseField('healthRefreshSeconds', '301')).toEqual({ ok: false, message: 'At most 300 seconds' });
  });

  it('explains seconds that are not a whole number', () => {
    expect(parseField('healthRefreshSeconds', '')).toEqual({ ok: false, message: 'Enter a number of seconds' });
    expect(parseField('healthRefreshSeconds', '2.5')).toEqual({ ok: false, message: 'Use a whole number of seconds' });
    expect(parseField('healthRefreshSeconds', '10')).toEqual({ ok: true, value: 10 });
  });

  it('finds no errors in settings core returned', () => {
    expect(validateDraft(draftFromSettings(TEST_SETTINGS))).toEqual({});
  });

  it('patches only what changed, with the name trimmed as core stores it', () => {
    const draft = { ...draftFromSettings(TEST_SETTINGS), consoleName: '  Wall 2 ', healthRefreshSeconds: '5' };
    expect(patchFromDraft(draft, TEST_SETTINGS)).toEqual({ consoleName: 'Wall 2' });
    expect(patchFromDraft({ ...draftFromSettings(TEST_SETTINGS), consoleName: `${TEST_SETTINGS.consoleName} ` }, TEST_SETTINGS)).toEqual(
      {},
    );
  });
});

describe('the retention fields', () => {
  it("use the contract's limits, with a unit in the number messages", () => {
    expect(parseField('retentionRawDays', '1')).toEqual({ ok: false, message: 'At least 2 days (the 1 h and 24 h views read them)' });
    expect(parseField('retentionHourDays', '30')).toEqual({ ok: false, message: 'At least 31 days (the 30 d views read them)' });
    expect(parseField('retentionDayYears', '')).toEqual({ ok: false, message: 'Enter a number of years' });
    expect(parseField('retentionMinuteDays', '1.5')).toEqual({ ok: false, message: 'Use a whole number of days' });
    expect(parseField('retentionDayYears', '10')).toEqual({ ok: true, value: 10 });
  });
});
