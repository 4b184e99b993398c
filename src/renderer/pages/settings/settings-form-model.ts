import { Settings, type SettingsPatch } from '../../../shared/contract';
import { issueInWords } from '../../format/validation';

/** The settings this form edits; any other setting is left alone (a patch names only what changed). */
export const SETTINGS_FIELDS = [
  'consoleName',
  'timeZone',
  'uiScale',
  'healthRefreshSeconds',
  'retentionRawDays',
  'retentionMinuteDays',
  'retentionHourDays',
  'retentionDayYears',
  'retentionRecordsDays',
  'retentionSecurityDays',
  'retentionLogDays',
] as const satisfies readonly (keyof Settings)[];
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** The form's values exactly as the inputs hold them: always strings. */
export type SettingsDraft = Record<SettingsField, string>;
export type FieldErrors = Partial<Record<SettingsField, string>>;

export function draftFromSettings(settings: Settings): SettingsDraft {
  return {
    consoleName: settings.consoleName,
    timeZone: settings.timeZone,
    uiScale: settings.uiScale,
    healthRefreshSeconds: String(settings.healthRefreshSeconds),
    retentionRawDays: String(settings.retentionRawDays),
    retentionMinuteDays: String(settings.retentionMinuteDays),
    retentionHourDays: String(settings.retentionHourDays),
    retentionDayYears: String(settings.retentionDayYears),
    retentionRecordsDays: String(settings.retentionRecordsDays),
    retentionSecurityDays: String(settings.retentionSecurityDays),
    retentionLogDays: String(settings.retentionLogDays),
  };
}

/** The whole-number fields and the unit their "enter a number" message names. */
const NUMBER_UNITS: Partial<Record<SettingsField, string>> = {
  healthRefreshSeconds: 'seconds',
  retentionRawDays: 'days',
  retentionMinuteDays: 'days',
  retentionHourDays: 'days',
  retentionDayYears: 'years',
  retentionRecordsDays: 'days',
  retentionSecurityDays: 'days',
  retentionLogDays: 'days',
};

type FieldResult<F extends SettingsField> = { ok: true; value: Settings[F] } | { ok: false; message: string };

/**
 * Checks one field with the contract's own schema, so the form says exactly what core would say,
 * before anything is sent. Numbers get a friendlier message than zod's for text that is not a number.
 */
export function parseField<F extends SettingsField>(field: F, raw: string): FieldResult<F> {
  let candidate: unknown = raw;
  const unit = NUMBER_UNITS[field];
  if (unit !== undefined) {
    if (raw.trim() === '') return { ok: false, message: `Enter a number of ${unit}` };
    candidate = Number(raw);
    if (!Number.isInteger(candidate)) return { ok: false, message: `Use a whole number of ${unit}` };
  }
  const parsed = Settings.shape[field].safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data as Settings[F] };
  return { ok: false, message: parsed.error.issues[0] ? issueInWords(parsed.error.issues[0]) : 'Not a valid value' };
}

export function validateDraft(draft: SettingsDraft): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of SETTINGS_FIELDS) {
    const result = parseField(field, draft[field]);
    if (!result.ok) errors[field] = result.message;
  }
  return errors;
}

/** Only the fields whose value differs from core's: settings.set changes (and audits) nothing else. */
export function patchFromDraft(draft: SettingsDraft, current: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    const result = parseField(field, draft[field]);
    if (result.ok && result.value !== current[field]) patch[field] = result.value;
  }
  return patch as SettingsPatch;
}

export function isSettingsField(path: string): path is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(path);
}
