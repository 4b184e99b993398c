import { SilenceInput, type Silence, type SilenceSchedule, type SilenceSpec } from '../../../shared/contract';
import { formatUptime } from '../../format/quantities';
import { epochToTimeText, formatMinute, TIME_TEXT_EXAMPLE, timeTextToEpoch, type TimeZoneSetting } from '../../format/time';
import { describeCron } from '../../forms/cron-words';
import { checkWithContract, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';
import { scopeDraftOf, scopeFields, scopeFromDraft, type ScopeDraft } from './scope';

export type SilenceKind = Silence['kind'];
export type ScheduleKind = SilenceSchedule['kind'];

export const SILENCE_KIND_LABEL: Record<SilenceKind, string> = { silence: 'Silence', maintenance: 'Maintenance window' };

/** The form's values as the inputs hold them; times are datetime-local values in the console's time zone setting. */
export interface SilenceDraft {
  kind: SilenceKind;
  comment: string;
  scope: ScopeDraft;
  scheduleKind: ScheduleKind;
  startsAt: string;
  endsAt: string;
  cron: string;
  /** How long each recurring or flexible window lasts once it starts. */
  durationMinutes: string;
  windowStartsAt: string;
  windowEndsAt: string;
}

const HOUR = 3_600_000;

/** A one-off schedule from now: the quick "now for 1 h / 4 h" buttons. */
export function oneOffFromNow(now: number, hours: number, timeZone: TimeZoneSetting): Pick<SilenceDraft, 'startsAt' | 'endsAt'> {
  return { startsAt: epochToTimeText(now, timeZone), endsAt: epochToTimeText(now + hours * HOUR, timeZone) };
}

export function emptySilenceDraft(now: number, timeZone: TimeZoneSetting): SilenceDraft {
  return {
    kind: 'silence',
    comment: '',
    scope: { kind: 'site', siteId: '', monitorId: '', tag: '' },
    scheduleKind: 'once',
    ...oneOffFromNow(now, 1, timeZone),
    cron: '',
    durationMinutes: '60',
    windowStartsAt: '',
    windowEndsAt: '',
  };
}

export function draftFromSilence(silence: Silence, now: number, timeZone: TimeZoneSetting): SilenceDraft {
  const base = {
    ...emptySilenceDraft(now, timeZone),
    kind: silence.kind,
    comment: silence.comment,
    scope: scopeDraftOf(silence.scope),
    scheduleKind: silence.schedule.kind,
  };
  const { schedule } = silence;
  switch (schedule.kind) {
    case 'once':
      return { ...base, startsAt: epochToTimeText(schedule.startsAt, timeZone), endsAt: epochToTimeText(schedule.endsAt, timeZone) };
    case 'recurring':
      return { ...base, cron: schedule.cron, durationMinutes: String(schedule.durationMinutes) };
    case 'flexible':
      return {
        ...base,
        windowStartsAt: epochToTimeText(schedule.windowStartsAt, timeZone),
        windowEndsAt: epochToTimeText(schedule.windowEndsAt, timeZone),
        durationMinutes: String(schedule.durationMinutes),
      };
  }
}

function readMoment(path: string, raw: string, timeZone: TimeZoneSetting, errors: FieldErrors): number | undefined {
  const value = timeTextToEpoch(raw, timeZone, 'start');
  if (value === null)
    errors[path] = raw === '' ? 'Enter a date and time' : `Enter a complete date and time, like ${TIME_TEXT_EXAMPLE} (24-hour)`;
  return value ?? undefined;
}

function scheduleFromDraft(draft: SilenceDraft, timeZone: TimeZoneSetting, errors: FieldErrors): Record<string, unknown> {
  switch (draft.scheduleKind) {
    case 'once':
      return {
        kind: 'once',
        startsAt: readMoment('schedule.startsAt', draft.startsAt, timeZone, errors),
        endsAt: readMoment('schedule.endsAt', draft.endsAt, timeZone, errors),
      };
    case 'recurring':
      return {
        kind: 'recurring',
        cron: draft.cron,
        durationMinutes: readWholeNumber('schedule.durationMinutes', draft.durationMinutes, errors),
      };
    case 'flexible':
      return {
        kind: 'flexible',
        windowStartsAt: readMoment('schedule.windowStartsAt', draft.windowStartsAt, timeZone, errors),
        windowEndsAt: readMoment('schedule.windowEndsAt', draft.windowEndsAt, timeZone, errors),
        durationMinutes: readWholeNumber('schedule.durationMinutes', draft.durationMinutes, errors),
      };
  }
}

/** Checks the draft with the contract's SilenceInput, reading its times in the console's time zone setting. */
export function validateSilenceDraft(draft: SilenceDraft, timeZone: TimeZoneSetting): DraftValidation<SilenceSpec> {
  const errors: FieldErrors = {};
  const candidate = {
    kind: draft.kind,
    comment: draft.comment,
    scope: scopeFromDraft(draft.scope, errors),
    schedule: scheduleFromDraft(draft, timeZone, errors),
  };
  return checkWithContract(SilenceInput, candidate, errors);
}

const SCHEDULE_FIELDS: Record<ScheduleKind, readonly string[]> = {
  once: ['schedule.startsAt', 'schedule.endsAt'],
  recurring: ['schedule.cron', 'schedule.durationMinutes'],
  flexible: ['schedule.windowStartsAt', 'schedule.windowEndsAt', 'schedule.durationMinutes'],
};

/** The contract paths the form shows for this draft, in the order they appear. */
export function silenceFormFields(draft: SilenceDraft): readonly string[] {
  return ['kind', 'comment', ...scopeFields(draft.scope.kind), 'schedule', ...SCHEDULE_FIELDS[draft.scheduleKind]];
}

function minutes(count: number): string {
  return formatUptime(count * 60_000);
}

export function describeSchedule(schedule: SilenceSchedule, timeZone: TimeZoneSetting): string {
  switch (schedule.kind) {
    case 'once':
      return `${formatMinute(schedule.startsAt, timeZone)} → ${formatMinute(schedule.endsAt, timeZone)}`;
    case 'recurring':
      return `${describeCron(schedule.cron)}, for ${minutes(schedule.durationMinutes)}`;
    case 'flexible':
      return `For ${minutes(schedule.durationMinutes)} from the first failure between ${formatMinute(schedule.windowStartsAt, timeZone)} and ${formatMinute(schedule.windowEndsAt, timeZone)}`;
  }
}
