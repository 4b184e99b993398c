import type { Settings } from '../../shared/contract';

export type TimeZoneSetting = Settings['timeZone'];

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * The parts of a moment in the console's time zone setting, from Date's own getters: the same
 * answer as Intl.DateTimeFormat for local time and UTC, without loading ICU's formatting data on
 * the first paint (about 20 ms of a cold start) or paying formatToParts on every timestamp.
 */
function dateParts(ms: number, timeZone: TimeZoneSetting): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const d = new Date(ms);
  const utc = timeZone === 'utc';
  return {
    year: pad(utc ? d.getUTCFullYear() : d.getFullYear(), 4),
    month: pad((utc ? d.getUTCMonth() : d.getMonth()) + 1),
    day: pad(utc ? d.getUTCDate() : d.getDate()),
    hour: pad(utc ? d.getUTCHours() : d.getHours()),
    minute: pad(utc ? d.getUTCMinutes() : d.getMinutes()),
    second: pad(utc ? d.getUTCSeconds() : d.getSeconds()),
  };
}

/**
 * "2026-11-23 09:11:05 UTC": year first and a 24-hour clock, so a time reads the same on every
 * shift and in every report, whatever the workstation's locale.
 */
export function formatTimestamp(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  const text = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  return timeZone === 'utc' ? `${text} UTC` : text;
}

/** "09:11:05" for the header clock. */
export function formatClock(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

export function timeZoneLabel(timeZone: TimeZoneSetting): string {
  return timeZone === 'utc' ? 'UTC' : 'local time';
}

/** A time as typed in the console's time fields: "2026-11-23 09:11" (the "T" of ISO accepted too), seconds optional. */
const TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How a time field shows what to type: the console's own format, not the browser's locale (no AM/PM). */
export const TIME_TEXT_EXAMPLE = '2026-11-23 21:30';

/**
 * Reads a time field ("2026-11-23 09:11") as a moment in the console's time zone setting, not the
 * browser's: an operator set to UTC types UTC times. An 'end' bound covers the whole minute it
 * names, so "to 09:11" includes entries at 09:11:40. Null when empty, incomplete or not a real
 * time (month 13, 24:00, 31 June).
 */
export function timeTextToEpoch(value: string, timeZone: TimeZoneSetting, bound: 'start' | 'end'): number | null {
  const match = TIME_TEXT.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const start =
    timeZone === 'utc'
      ? Date.UTC(year, month - 1, day, hour, minute, second)
      : new Date(year, month - 1, day, hour, minute, second).getTime();
  if (Number.isNaN(start)) return null;
  // Date rolls 31 June over into 1 July: a time that does not read back as typed does not exist.
  const p = dateParts(start, timeZone);
  if (Number(p.month) !== month || Number(p.day) !== day || Number(p.hour) !== hour || Number(p.minute) !== minute) return null;
  const hasSeconds = match[6] !== undefined;
  return bound === 'end' ? start + (hasSeconds ? 999 : 59_999) : start;
}

/** A moment as a time field holds it ("2026-11-23 09:11", 24-hour) in the console's time zone setting: the inverse of timeTextToEpoch, to the minute. */
export function epochToTimeText(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-11-23 09:11" (with "UTC" when set so): schedules are typed to the minute, and read the same way. */
export function formatMinute(ms: number, timeZone: TimeZoneSetting): string {
  const text = epochToTimeText(ms, timeZone);
  return timeZone === 'utc' ? `${text} UTC` : text;
}

/** "09:11" for chart axes over hours. */
export function formatHourMinute(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "11-23 09:00" for chart axes over days. */
export function formatDayHour(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-11-23" for dates such as a certificate's expiry. */
export function formatDate(ms: number, timeZone: TimeZoneSetting): string {
  const p = dateParts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}
