/**
 * Five-field cron schedules (minute hour day-of-month month day-of-week), as Vixie cron reads them:
 * `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n`, `a-b/n` and `a/n`, month and day names
 * (`jan`, `sun`), and day-of-week 0-7 where 0 and 7 are both Sunday.
 *
 * Day rule (Vixie): when both day fields are restricted, a day matches if EITHER matches
 * (`0 0 1 * mon` runs on the 1st and on every Monday); otherwise both must. As in Vixie, a field
 * written starting with `*` (`*`, `*\/2`) counts as unrestricted.
 *
 * Times in 'local' zone follow the wall clock of the process's time zone. Across daylight-saving
 * changes: a wall time that does not exist (the hour skipped in spring) does not run that day, and
 * a wall time that happens twice (the hour repeated in autumn) runs once, at its first occurrence.
 */

export type CronZone = 'local' | 'utc';

export interface CronSchedule {
  /** Each list sorted ascending, without duplicates. */
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  /** 1-12. */
  readonly months: readonly number[];
  /** 0-6, 0 is Sunday (a 7 in the expression is stored as 0). */
  readonly daysOfWeek: readonly number[];
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

export type CronParse = { ok: true; cron: CronSchedule } | { ok: false; message: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Three-letter names, the first one meaning `min`. */
  names?: readonly string[];
  /** How to name the accepted values in a message: "a month (1-12 or jan-dec)". */
  noun: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, noun: 'a minute (0-59)' },
  { name: 'hour', min: 0, max: 23, noun: 'an hour (0-23)' },
  { name: 'day-of-month', min: 1, max: 31, noun: 'a day of the month (1-31)' },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, noun: 'a month (1-12 or jan-dec)' },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, noun: 'a day of the week (0-7 or sun-sat)' },
];
const DAY_OF_WEEK = 4;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A schedule with no run this far ahead (or back) never runs: 30 February, 31 April. Covers leap days. */
export const CRON_SEARCH_LIMIT_MS = (5 * 365 + 2) * DAY_MS;
/** Longer than any daylight-saving shift in use (the largest is 2 hours). */
const LONGEST_CLOCK_SHIFT_MS = 3 * HOUR_MS;

class FieldError extends Error {}

function parseValue(text: string, spec: FieldSpec): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) throw new FieldError(`${value} is outside ${spec.min}-${spec.max}`);
    return value;
  }
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return spec.min + named;
  throw new FieldError(`"${text}" is not ${spec.noun}`);
}

function parseStep(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new FieldError(`the step after "/" must be a whole number of 1 or more, not "${text}"`);
  return Number(text);
}

/** One item of a comma list: `*`, `a`, `a-b`, each optionally followed by `/step`. */
function parseItem(item: string, spec: FieldSpec, into: Set<number>): void {
  if (item === '') throw new FieldError('the list has an empty item (two commas in a row, or one at an end)');
  const [range = '', stepText, extra] = item.split('/');
  if (extra !== undefined) throw new FieldError(`"${item}" has more than one "/"`);
  const step = stepText === undefined ? 1 : parseStep(stepText);
  let first: number;
  let last: number;
  if (range === '*') {
    first = spec.min;
    last = spec.max;
  } else if (range.includes('-')) {
    const [startText = '', endText = '', beyond] = range.split('-');
    if (beyond !== undefined || startText === '' || endText === '') throw new FieldError(`"${range}" is not a range such as 1-5`);
    first = parseValue(startText, spec);
    last = parseValue(endText, spec);
    // "fri-sun" means to the end of the week: Sunday closing a range is day 7.
    if (spec.name === 'day-of-week' && last === 0 && first > 0) last = 7;
    if (last < first)
      throw new FieldError(`the range ${range} runs backwards; split it, as in ${startText}-${spec.max},${spec.min}-${endText}`);
  } else {
    first = parseValue(range, spec);
    // "5/15" is shorthand for "5-<max>/15"; a plain "5" is just 5.
    last = stepText === undefined ? first : spec.max;
  }
  for (let value = first; value <= last; value += step) into.add(value);
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) parseItem(item, spec, values);
  return [...values].sort((a, b) => a - b);
}

export function parseCron(expression: string): CronParse {
  const fields = expression
    .trim()
    .split(/\s+/)
    .filter((field) => field !== '');
  if (fields.length === 0) return { ok: false, message: 'Give a schedule such as "0 2 * * 0" (Sundays at 02:00)' };
  if (fields.length !== FIELDS.length) {
    return { ok: false, message: `A schedule has five fields (minute hour day-of-month month day-of-week); this one has ${fields.length}` };
  }
  const parsed: number[][] = [];
  for (const [index, spec] of FIELDS.entries()) {
    try {
      parsed.push(parseField(fields[index] ?? '', spec));
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return { ok: false, message: `The ${spec.name} field: ${error.message}` };
    }
  }
  const [minutes = [], hours = [], daysOfMonth = [], months = [], weekdays = []] = parsed;
  const daysOfWeek = [...new Set(weekdays.map((day) => day % 7))].sort((a, b) => a - b);
  return {
    ok: true,
    cron: {
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      dayOfMonthRestricted: !(fields[2] ?? '').startsWith('*'),
      dayOfWeekRestricted: !(fields[DAY_OF_WEEK] ?? '').startsWith('*'),
    },
  };
}

// The search runs on "wall time": the clock reading in the zone, held as if it were UTC, so that
// calendar steps (next day, next month) are plain UTC arithmetic with no daylight-saving shifts.
// Each wall time found is then mapped back to a real instant, and checked to exist.

function toWall(instant: number, zone: CronZone): number {
  return zone === 'utc' ? instant : instant - new Date(instant).getTimezoneOffset() * MINUTE_MS;
}

/** The first real instant showing this wall time, or null when the clock skips it. */
function toInstant(wall: number, zone: CronZone): number | null {
  if (zone === 'utc') return wall;
  const fields = new Date(wall);
  const local = new Date(
    fields.getUTCFullYear(),
    fields.getUTCMonth(),
    fields.getUTCDate(),
    fields.getUTCHours(),
    fields.getUTCMinutes(),
  ).getTime();
  // Date resolves a repeated time to its first occurrence and moves a skipped one forward, off this wall time.
  return toWall(local, zone) === wall ? local : null;
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function firstAtOrAbove(sorted: readonly number[], value: number): number | undefined {
  return sorted.find((candidate) => candidate >= value);
}

function lastAtOrBelow(sorted: readonly number[], value: number): number | undefined {
  return sorted.findLast((candidate) => candidate <= value);
}

function dayMatches(cron: CronSchedule, date: Date): boolean {
  const dayOfMonth = cron.daysOfMonth.includes(date.getUTCDate());
  const dayOfWeek = cron.daysOfWeek.includes(date.getUTCDay());
  return cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
}

/** The first matching wall minute at or after `from`, skipping whole months, days and hours that cannot match. */
function nextWallMatch(cron: CronSchedule, from: number, limit: number): number | null {
  let wall = floorToMinute(from);
  while (wall <= limit) {
    const date = new Date(wall);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const hour = date.getUTCHours();
    const nextMonth = firstAtOrAbove(cron.months, month + 1);
    if (nextMonth !== month + 1) {
      wall = nextMonth === undefined ? Date.UTC(year + 1, (cron.months[0] ?? 1) - 1, 1) : Date.UTC(year, nextMonth - 1, 1);
      continue;
    }
    if (!dayMatches(cron, date)) {
      wall = Date.UTC(year, month, day + 1);
      continue;
    }
    const nextHour = firstAtOrAbove(cron.hours, hour);
    if (nextHour === undefined) {
      wall = Date.UTC(year, month, day + 1);
      continue;
    }
    if (nextHour !== hour) {
      wall = Date.UTC(year, month, day, nextHour);
      continue;
    }
    const nextMinute = firstAtOrAbove(cron.minutes, date.getUTCMinutes());
    if (nextMinute === undefined) {
      wall = Date.UTC(year, month, day, hour + 1);
      continue;
    }
    return Date.UTC(year, month, day, hour, nextMinute);
  }
  return null;
}

/** The last matching wall minute at or before `from`, skipping backwards the same way. */
function previousWallMatch(cron: CronSchedule, from: number, limit: number): number | null {
  let wall = floorToMinute(from);
  while (wall >= limit) {
    const date = new Date(wall);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const hour = date.getUTCHours();
    const previousMonth = lastAtOrBelow(cron.months, month + 1);
    if (previousMonth !== month + 1) {
      // The last minute of the matching month: the minute before the next month begins.
      wall =
        previousMonth === undefined
          ? Date.UTC(year - 1, cron.months.at(-1) ?? 12, 1) - MINUTE_MS
          : Date.UTC(year, previousMonth, 1) - MINUTE_MS;
      continue;
    }
    if (!dayMatches(cron, date)) {
      wall = Date.UTC(year, month, day) - MINUTE_MS;
      continue;
    }
    const previousHour = lastAtOrBelow(cron.hours, hour);
    if (previousHour === undefined) {
      wall = Date.UTC(year, month, day) - MINUTE_MS;
      continue;
    }
    if (previousHour !== hour) {
      wall = Date.UTC(year, month, day, previousHour, 59);
      continue;
    }
    const previousMinute = lastAtOrBelow(cron.minutes, date.getUTCMinutes());
    if (previousMinute === undefined) {
      wall = Date.UTC(year, month, day, hour) - MINUTE_MS;
      continue;
    }
    return Date.UTC(year, month, day, hour, previousMinute);
  }
  return null;
}

/** The first run strictly after `afterMs` (at second 0), or null when there is none within about 5 years. */
export function nextCronRun(cron: CronSchedule, afterMs: number, zone: CronZone): number | null {
  const limit = afterMs + CRON_SEARCH_LIMIT_MS;
  const wallLimit = toWall(limit, zone);
  let from = floorToMinute(toWall(afterMs, zone)) + MINUTE_MS;
  for (;;) {
    const wall = nextWallMatch(cron, from, wallLimit);
    if (wall === null) return null;
    const instant = toInstant(wall, zone);
    // Rejected: a skipped wall time, or (after an autumn change) the first occurrence, already past.
    if (instant !== null && instant > afterMs) return instant <= limit ? instant : null;
    from = wall + MINUTE_MS;
  }
}

/** The latest run at or before `atOrBeforeMs`, or null when there is none within about 5 years back. */
export function previousCronRun(cron: CronSchedule, atOrBeforeMs: number, zone: CronZone): number | null {
  const limit = atOrBeforeMs - CRON_SEARCH_LIMIT_MS;
  const wallLimit = toWall(limit, zone);
  // Just after the clocks go back, the wall clock reads earlier than runs that already happened:
  // start the search as far ahead as the clock has been lately, and let the instant check drop what is still to come.
  const clockWentBackBy = Math.max(
    0,
    toWall(atOrBeforeMs - LONGEST_CLOCK_SHIFT_MS, zone) + LONGEST_CLOCK_SHIFT_MS - toWall(atOrBeforeMs, zone),
  );
  let from = toWall(atOrBeforeMs, zone) + clockWentBackBy;
  for (;;) {
    const wall = previousWallMatch(cron, from, wallLimit);
    if (wall === null) return null;
    const instant = toInstant(wall, zone);
    if (instant !== null && instant <= atOrBeforeMs) return instant >= limit ? instant : null;
    from = wall - MINUTE_MS;
  }
}
