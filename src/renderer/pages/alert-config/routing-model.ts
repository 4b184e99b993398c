import { OnCallScheduleInput, type OnCallSchedule, type OnCallScheduleSpec, type Person } from '../../../shared/contract';
import { checkWithContract, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';
import { epochToTimeText, timeTextToEpoch, type TimeZoneSetting } from '../../format/time';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface OverrideDraft {
  userId: string;
  from: string;
  to: string;
  note: string;
}

/** A schedule's form as the inputs hold it; times as typed in the console's time zone. */
export interface ScheduleDraft {
  id: string | undefined;
  name: string;
  people: readonly string[];
  handoffWeekday: string;
  handoffTime: string;
  rotationWeeks: string;
  startsOn: string;
  overrides: readonly OverrideDraft[];
}

export function emptyScheduleDraft(today: string): ScheduleDraft {
  return {
    id: undefined,
    name: '',
    people: [],
    handoffWeekday: '1',
    handoffTime: '08:00',
    rotationWeeks: '1',
    startsOn: today,
    overrides: [],
  };
}

export function draftFromSchedule(schedule: OnCallSchedule, timeZone: TimeZoneSetting): ScheduleDraft {
  return {
    id: schedule.id,
    name: schedule.name,
    people: schedule.people,
    handoffWeekday: String(schedule.handoffWeekday),
    handoffTime: schedule.handoffTime,
    rotationWeeks: String(schedule.rotationWeeks),
    startsOn: schedule.startsOn,
    overrides: schedule.overrides.map((override) => ({
      userId: override.userId,
      from: epochToTimeText(override.from, timeZone),
      to: epochToTimeText(override.to, timeZone),
      note: override.note,
    })),
  };
}

function readTime(path: string, value: string, timeZone: TimeZoneSetting, errors: FieldErrors): number {
  const at = timeTextToEpoch(value, timeZone, 'start');
  if (at === null) errors[path] = 'A time such as 2026-11-23 21:30';
  return at ?? 0;
}

/** Checks the draft with the contract's OnCallScheduleInput, so the form says what core would say. */
export function validateScheduleDraft(draft: ScheduleDraft, timeZone: TimeZoneSetting): DraftValidation<OnCallScheduleSpec> {
  const errors: FieldErrors = {};
  const candidate = {
    ...(draft.id === undefined ? {} : { id: draft.id }),
    name: draft.name,
    people: [...draft.people],
    handoffWeekday: Number(draft.handoffWeekday),
    handoffTime: draft.handoffTime,
    rotationWeeks: readWholeNumber('rotationWeeks', draft.rotationWeeks, errors),
    startsOn: draft.startsOn,
    overrides: draft.overrides.map((override, index) => ({
      userId: override.userId,
      from: readTime(`overrides.${index}.from`, override.from, timeZone, errors),
      to: readTime(`overrides.${index}.to`, override.to, timeZone, errors),
      note: override.note,
    })),
  };
  return checkWithContract(OnCallScheduleInput, candidate, errors);
}

export function peopleNames(people: readonly Person[] | undefined): Map<string, string> {
  return new Map((people ?? []).map((person) => [person.id, person.displayName]));
}
