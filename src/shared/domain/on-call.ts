import type { OnCallOverride } from '../contract/routing';
import type { CronZone } from './cron';

/** What `whoIsOnCall` needs of a schedule (the stored schedule has more). */
export interface RotationSchedule {
  people: readonly string[];
  /** 0 Sunday .. 6 Saturday. */
  handoffWeekday: number;
  /** "HH:MM" on the console's wall clock. */
  handoffTime: string;
  rotationWeeks: number;
  /** "YYYY-MM-DD": the first turn starts at the first handoff on or after this day. */
  startsOn: string;
  overrides: readonly OnCallOverride[];
}

export interface OnCallTurn {
  userId: string;
  because: 'rotation' | 'override';
}

export interface OnCallAnswer {
  /** Who is on call at the moment asked, and until when (null: nobody after them, or no end known). */
  now: (OnCallTurn & { until: number | null }) | null;
  /** The next person to take over, and when. */
  next: (OnCallTurn & { from: number }) | null;
}

const WEEK_MS = 7 * 86_400_000;
/** Enough steps to walk past every override a schedule may hold (200) and the rotation handoffs between them. */
const MAX_STEPS = 500;

/**
 * The instant of the n-th weekly handoff (n = 0 is the first): the same wall time every week, so
 * across a daylight-saving change the handoff stays at 08:00 on the wall, 167 or 169 hours after the
 * last one. A wall time the clock skips (02:30 on a spring-forward night) is taken as the moment after the jump.
 */
function handoffAt(schedule: RotationSchedule, n: number, zone: CronZone): number {
  const [year = 1970, month = 1, day = 1] = schedule.startsOn.split('-').map(Number);
  const [hour = 0, minute = 0] = schedule.handoffTime.split(':').map(Number);
  // The weekday of a calendar date does not depend on the zone.
  const startWeekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const firstDay = day + ((schedule.handoffWeekday - startWeekday + 7) % 7);
  const dayOfHandoff = firstDay + 7 * n;
  return zone === 'utc'
    ? Date.UTC(year, month - 1, dayOfHandoff, hour, minute)
    : new Date(year, month - 1, dayOfHandoff, hour, minute).getTime();
}

/** The number of the last handoff at or before `at` (-1 before the first). */
function handoffsBefore(schedule: RotationSchedule, at: number, zone: CronZone): number {
  let n = Math.floor((at - handoffAt(schedule, 0, zone)) / WEEK_MS);
  while (n >= 0 && handoffAt(schedule, n, zone) > at) n -= 1;
  while (handoffAt(schedule, n + 1, zone) <= at) n += 1;
  return Math.max(n, -1);
}

function rotationAt(schedule: RotationSchedule, at: number, zone: CronZone): string | null {
  if (schedule.people.length === 0) return null;
  const n = handoffsBefore(schedule, at, zone);
  if (n < 0) return null;
  const turn = Math.floor(n / schedule.rotationWeeks);
  return schedule.people[turn % schedule.people.length] ?? null;
}

/** The first change of the rotation's person strictly after `at`. */
function nextRotationChange(schedule: RotationSchedule, at: number, zone: CronZone): number | null {
  if (schedule.people.length === 0) return null;
  const n = handoffsBefore(schedule, at, zone);
  if (n < 0) return handoffAt(schedule, 0, zone);
  if (schedule.people.length === 1) return null;
  const nextTurn = Math.floor(n / schedule.rotationWeeks) + 1;
  return handoffAt(schedule, nextTurn * schedule.rotationWeeks, zone);
}

/** Of several overrides covering a moment, the one written last wins (it was the later decision). */
function overrideAt(schedule: RotationSchedule, at: number): OnCallOverride | null {
  return schedule.overrides.findLast((override) => override.from <= at && at < override.to) ?? null;
}

function turnAt(schedule: RotationSchedule, at: number, zone: CronZone): OnCallTurn | null {
  const override = overrideAt(schedule, at);
  if (override) return { userId: override.userId, because: 'override' };
  const userId = rotationAt(schedule, at, zone);
  return userId === null ? null : { userId, because: 'rotation' };
}

/** The next moment after `at` at which the rotation or an override could change who is on call. */
function nextBoundary(schedule: RotationSchedule, at: number, zone: CronZone): number | null {
  const candidates = [
    nextRotationChange(schedule, at, zone),
    ...schedule.overrides.flatMap((override) => [override.from, override.to]),
  ].filter((instant): instant is number => instant !== null && instant > at);
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * Who a schedule has on call at `at` (an override over the rotation), and who takes over next and
 * when: the first moment someone else is on call (a boundary that hands over to the same person,
 * such as an override of the person already on call, is passed over).
 */
export function whoIsOnCall(schedule: RotationSchedule, at: number, zone: CronZone): OnCallAnswer {
  const current = turnAt(schedule, at, zone);
  let moment = at;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const boundary = nextBoundary(schedule, moment, zone);
    if (boundary === null) break;
    const then = turnAt(schedule, boundary, zone);
    if (then !== null && then.userId !== current?.userId) {
      return { now: current && { ...current, until: boundary }, next: { ...then, from: boundary } };
    }
    if (then === null && current !== null) return { now: { ...current, until: boundary }, next: null };
    moment = boundary;
  }
  return { now: current && { ...current, until: null }, next: null };
}
