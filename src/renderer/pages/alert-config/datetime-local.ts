import type { TimeZoneSetting } from '../../format/time';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * A moment as a datetime-local input's value ("2026-11-23T09:11") in the console's time zone
 * setting: the inverse of datetimeLocalToEpoch (format/time.ts) with a 'start' bound, to the minute.
 */
export function epochToDatetimeLocal(ms: number, timeZone: TimeZoneSetting): string {
  const d = new Date(ms);
  const utc = timeZone === 'utc';
  const year = utc ? d.getUTCFullYear() : d.getFullYear();
  const month = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const day = utc ? d.getUTCDate() : d.getDate();
  const hour = utc ? d.getUTCHours() : d.getHours();
  const minute = utc ? d.getUTCMinutes() : d.getMinutes();
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/** "2026-11-23 09:11" (with "UTC" when set so): schedules are typed to the minute, and read the same way. */
export function formatMinute(ms: number, timeZone: TimeZoneSetting): string {
  const text = epochToDatetimeLocal(ms, timeZone).replace('T', ' ');
  return timeZone === 'utc' ? `${text} UTC` : text;
}
