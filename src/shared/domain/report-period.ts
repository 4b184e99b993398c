import type { CronZone } from './cron';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function parts(month: string): { year: number; index: number } {
  const [year, number] = month.split('-').map(Number);
  return { year: year!, index: number! - 1 };
}

function monthText(year: number, index: number): string {
  const normalized = new Date(Date.UTC(year, index, 1));
  return `${normalized.getUTCFullYear()}-${String(normalized.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Midnight on the 1st of the month in the console's time zone ('local': this process's zone, as for cron schedules). */
function startOf(year: number, index: number, zone: CronZone): number {
  return zone === 'utc' ? Date.UTC(year, index, 1) : new Date(year, index, 1).getTime();
}

/** A month (2026-11) as the instants it starts and ends at in the console's time zone: [from, to). */
export function monthRange(month: string, zone: CronZone): { from: number; to: number } {
  const { year, index } = parts(month);
  return { from: startOf(year, index, zone), to: startOf(year, index + 1, zone) };
}

/** The month an instant falls in, in the console's time zone. */
export function monthOf(at: number, zone: CronZone): string {
  const date = new Date(at);
  return zone === 'utc' ? monthText(date.getUTCFullYear(), date.getUTCMonth()) : monthText(date.getFullYear(), date.getMonth());
}

/** The day an instant falls on in the console's time zone, as 2026-11-30. */
export function dayOf(at: number, zone: CronZone): string {
  const date = new Date(at);
  const [year, month, day] =
    zone === 'utc' ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()] : [date.getFullYear(), date.getMonth(), date.getDate()];
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const { year, index } = parts(month);
  return monthText(year, index - 1);
}

/** "November 2026". */
export function monthLabel(month: string): string {
  const { year, index } = parts(month);
  return `${MONTH_NAMES[index]} ${year}`;
}

/** The value below which `share` (0..1) of the sorted values fall, nearest rank; null for none. */
export function percentileOf(sorted: readonly number[], share: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[rank - 1]!;
}
