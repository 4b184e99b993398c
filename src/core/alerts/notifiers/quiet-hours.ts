import type { QuietHours, Severity } from '../../../shared/contract/alerts';
import type { CronZone } from '../../../shared/domain/cron';

function minutesOf(clockTime: string): number {
  const [hours = 0, minutes = 0] = clockTime.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The minute of the day the console's clock shows at `now`, in its time zone setting. */
function wallMinute(now: number, zone: CronZone): number {
  const date = new Date(now);
  return zone === 'utc' ? date.getUTCHours() * 60 + date.getUTCMinutes() : date.getHours() * 60 + date.getMinutes();
}

/**
 * Whether quiet hours hold this notification: the wall clock is within [start, end) (a start after
 * the end spans midnight). A critical alert is never held, nor is anything on a channel without quiet hours.
 */
export function heldByQuietHours(quiet: QuietHours | null | undefined, severity: Severity, now: number, zone: CronZone): boolean {
  if (!quiet || severity === 'critical') return false;
  const minute = wallMinute(now, zone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
