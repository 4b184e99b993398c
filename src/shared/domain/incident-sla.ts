import type { Incident, Priority } from '../contract/incidents';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** DESIGN.md: P0 respond 15 min / resolve 1 h; P1 30 min / 4 h; P2 2 h / 24 h. */
export const SLA_TARGETS: Record<Priority, { respondMinutes: number; resolveMinutes: number }> = {
  P0: { respondMinutes: 15, resolveMinutes: 60 },
  P1: { respondMinutes: 30, resolveMinutes: 240 },
  P2: { respondMinutes: 120, resolveMinutes: 1440 },
};

export const P0_UPDATE_EVERY_MINUTES = 15;

/**
 * Both clocks count from the start, never from the last change, so calling this again with a new
 * priority is all a priority change takes: the clocks then run to the new targets.
 */
export function dueTimes(priority: Priority, startedAt: number): { respondDueAt: number; resolveDueAt: number } {
  const target = SLA_TARGETS[priority];
  return { respondDueAt: startedAt + target.respondMinutes * MINUTE_MS, resolveDueAt: startedAt + target.resolveMinutes * MINUTE_MS };
}

export type ClockPhase = 'ok' | 'amber' | 'red' | 'met' | 'missed';

export interface SlaClock {
  kind: 'respond' | 'resolve';
  dueAt: number;
  /** When the clock stopped (responded / resolved), or null while it runs. */
  stoppedAt: number | null;
  /** Running: ok, amber (less than a third of the target left), red (overdue). Stopped: met or missed. */
  phase: ClockPhase;
  /** Time left (negative when overdue); for a stopped clock, dueAt - stoppedAt. */
  remainingMs: number;
}

type ClockTimes = Pick<Incident, 'respondedAt' | 'resolvedAt'>;

/**
 * A resolved incident needs no response any more, so its respond clock stops at the resolution
 * even if nobody ever claimed it: otherwise it would show red (and breach) forever.
 */
function respondStoppedAt(incident: ClockTimes): number | null {
  return incident.respondedAt ?? incident.resolvedAt;
}

/**
 * A clock runs out at its due time: from that very moment it is overdue and due a breach, so a
 * timer set for the due time finds the breach; stopping at or after it misses the target.
 */
function clock(kind: SlaClock['kind'], targetMinutes: number, dueAt: number, stoppedAt: number | null, now: number): SlaClock {
  if (stoppedAt !== null) {
    const remainingMs = dueAt - stoppedAt;
    return { kind, dueAt, stoppedAt, phase: remainingMs > 0 ? 'met' : 'missed', remainingMs };
  }
  const remainingMs = dueAt - now;
  const phase: ClockPhase = remainingMs <= 0 ? 'red' : remainingMs * 3 < targetMinutes * MINUTE_MS ? 'amber' : 'ok';
  return { kind, dueAt, stoppedAt, phase, remainingMs };
}

export function slaClocks(
  incident: Pick<Incident, 'priority' | 'startedAt' | 'respondDueAt' | 'resolveDueAt' | 'respondedAt' | 'resolvedAt'>,
  now: number,
): { respond: SlaClock; resolve: SlaClock } {
  const target = SLA_TARGETS[incident.priority];
  return {
    respond: clock('respond', target.respondMinutes, incident.respondDueAt, respondStoppedAt(incident), now),
    resolve: clock('resolve', target.resolveMinutes, incident.resolveDueAt, incident.resolvedAt, now),
  };
}

/** Clocks that ran out and were not recorded as breached yet (respondBreachedAt / resolveBreachedAt null), and are still running. */
export function breachesDue(
  incident: Pick<Incident, 'respondDueAt' | 'resolveDueAt' | 'respondedAt' | 'resolvedAt' | 'respondBreachedAt' | 'resolveBreachedAt'>,
  now: number,
): ('respond' | 'resolve')[] {
  const due: ('respond' | 'resolve')[] = [];
  if (incident.respondBreachedAt === null && respondStoppedAt(incident) === null && now >= incident.respondDueAt) due.push('respond');
  if (incident.resolveBreachedAt === null && incident.resolvedAt === null && now >= incident.resolveDueAt) due.push('resolve');
  return due;
}

/** When the next status update is due: for P0 never later than P0_UPDATE_EVERY_MINUTES after `lastUpdateOrStart`; otherwise the promised time (or null). */
export function nextUpdateDueAt(priority: Priority, lastUpdateOrStart: number, promisedAt: number | null): number | null {
  if (priority !== 'P0') return promisedAt;
  const latest = lastUpdateOrStart + P0_UPDATE_EVERY_MINUTES * MINUTE_MS;
  return promisedAt === null ? latest : Math.min(promisedAt, latest);
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** Whole minutes, as "3 min" or, from an hour on, "1:05 h"; under a minute says so rather than "0 min". */
function minutesSpan(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 1) return 'less than 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)}:${pad2(minutes % 60)} h`;
}

/**
 * A running countdown: "12:04" (minutes and seconds) under an hour, "1:05 h" from an hour on. It
 * rounds up, so it reads 0:01 in the last second and never "0:00 left" while time remains.
 */
function countdown(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < HOUR_MS / 1000) return `${Math.floor(seconds / 60)}:${pad2(seconds % 60)}`;
  const minutes = Math.ceil(seconds / 60);
  return `${Math.floor(minutes / 60)}:${pad2(minutes % 60)} h`;
}

/** "12:04 left", "3 min overdue", "met with 4 min to spare" — what the clock shows; hours as h:mm when ≥ 1 h. */
export function describeClock(clock: SlaClock): string {
  switch (clock.phase) {
    case 'ok':
    case 'amber':
      return `${countdown(clock.remainingMs)} left`;
    case 'red':
      return `${minutesSpan(-clock.remainingMs)} overdue`;
    case 'met':
      return `met with ${minutesSpan(clock.remainingMs)} to spare`;
    case 'missed':
      return `missed by ${minutesSpan(-clock.remainingMs)}`;
  }
}
