import type { Settings } from '../../shared/contract';

export type TimeZoneSetting = Settings['timeZone'];

const formatters = new Map<TimeZoneSetting, Intl.DateTimeFormat>();

function formatterFor(timeZone: TimeZoneSetting): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone === 'utc' ? { timeZone: 'UTC' } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function dateParts(ms: number, timeZone: TimeZoneSetting): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
  }
  return parts;
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

const DATETIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads a datetime-local input's value ("2026-11-23T09:11") as a moment in the console's time
 * zone setting, not the browser's: an operator set to UTC types UTC times. An 'end' bound covers
 * the whole minute it names, so "to 09:11" includes entries at 09:11:40. Null when empty or invalid.
 */
export function datetimeLocalToEpoch(value: string, timeZone: TimeZoneSetting, bound: 'start' | 'end'): number | null {
  const match = DATETIME_LOCAL.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const start =
    timeZone === 'utc'
      ? Date.UTC(year, month - 1, day, hour, minute, second)
      : new Date(year, month - 1, day, hour, minute, second).getTime();
  if (Number.isNaN(start)) return null;
  const hasSeconds = match[6] !== undefined;
  return bound === 'end' ? start + (hasSeconds ? 999 : 59_999) : start;
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
