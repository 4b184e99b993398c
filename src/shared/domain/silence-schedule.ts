import type { SilenceSchedule } from '../contract/alerts';
import { nextCronRun, parseCron, previousCronRun, type CronZone } from './cron';

const MINUTE_MS = 60_000;

/** The end of the activation covering `now`, or null when the schedule does not silence now. */
export function silenceActiveUntil(schedule: SilenceSchedule, triggeredAt: number | null, now: number, zone: CronZone): number | null {
  switch (schedule.kind) {
    case 'once':
      return now >= schedule.startsAt && now < schedule.endsAt ? schedule.endsAt : null;
    case 'recurring': {
      const parsed = parseCron(schedule.cron);
      if (!parsed.ok) return null;
      const start = previousCronRun(parsed.cron, now, zone);
      if (start === null) return null;
      const end = start + schedule.durationMinutes * MINUTE_MS;
      return now < end ? end : null;
    }
    case 'flexible': {
      if (triggeredAt === null) return null;
      const end = triggeredAt + schedule.durationMinutes * MINUTE_MS;
      return now >= triggeredAt && now < end ? end : null;
    }
  }
}

/** How far ahead "active until" follows runs that overlap: a window that never gaps shows this far. */
const OVERLAP_HORIZON_MS = 24 * 60 * MINUTE_MS;

/**
 * When an active silence stops silencing, for the people reading it: like silenceActiveUntil, but a
 * recurring window whose next run starts before the current one ends stays on through it (every
 * 10 minutes for 30 minutes never gaps), up to a day ahead. Null when it is not active now.
 */
export function silenceActiveThrough(schedule: SilenceSchedule, triggeredAt: number | null, now: number, zone: CronZone): number | null {
  let until = silenceActiveUntil(schedule, triggeredAt, now, zone);
  if (until === null || schedule.kind !== 'recurring') return until;
  const parsed = parseCron(schedule.cron);
  if (!parsed.ok) return until;
  let next = nextCronRun(parsed.cron, now, zone);
  while (next !== null && next <= until && until - now < OVERLAP_HORIZON_MS) {
    until = Math.max(until, next + schedule.durationMinutes * MINUTE_MS);
    next = nextCronRun(parsed.cron, next, zone);
  }
  return until;
}

/** When the schedule silences next: now if it does already, null if it never will again. */
export function silenceNextActiveAt(schedule: SilenceSchedule, triggeredAt: number | null, now: number, zone: CronZone): number | null {
  if (silenceActiveUntil(schedule, triggeredAt, now, zone) !== null) return now;
  switch (schedule.kind) {
    case 'once':
      return schedule.startsAt > now ? schedule.startsAt : null;
    case 'recurring': {
      const parsed = parseCron(schedule.cron);
      return parsed.ok ? nextCronRun(parsed.cron, now, zone) : null;
    }
    case 'flexible':
      // It can start (at the first failure) from the window's start until its end.
      if (triggeredAt !== null || now >= schedule.windowEndsAt) return null;
      return Math.max(schedule.windowStartsAt, now);
  }
}

/** A failure inside a flexible window that has not started yet starts it. */
export function shouldTriggerFlexible(schedule: SilenceSchedule, triggeredAt: number | null, failureAt: number): boolean {
  return schedule.kind === 'flexible' && triggeredAt === null && failureAt >= schedule.windowStartsAt && failureAt < schedule.windowEndsAt;
}

/** What the schema cannot see: a cron line that does not parse, a window already over. */
export function validateSilenceSchedule(schedule: SilenceSchedule, now: number): { path: string; message: string }[] {
  switch (schedule.kind) {
    case 'once':
      return schedule.endsAt <= now ? [{ path: 'schedule.endsAt', message: 'This window is already over' }] : [];
    case 'recurring': {
      const parsed = parseCron(schedule.cron);
      if (!parsed.ok) return [{ path: 'schedule.cron', message: parsed.message }];
      // Whether a date exists does not depend on the zone.
      return nextCronRun(parsed.cron, now, 'utc') === null
        ? [{ path: 'schedule.cron', message: 'This schedule never runs: none of its months has that day' }]
        : [];
    }
    case 'flexible':
      return schedule.windowEndsAt <= now ? [{ path: 'schedule.windowEndsAt', message: 'This window is already over' }] : [];
  }
}
