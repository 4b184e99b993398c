/**
 * Shift changes on the console's clock. Boundaries are "HH:MM" in the console's time zone setting:
 * 'utc', or the workstation's own zone ('local'), so 07:00 stays 07:00 across daylight saving.
 */
export type ShiftZone = 'local' | 'utc';

/** How long after a shift change its handover may stay unaccepted before the supervisor is alerted. */
export const HANDOVER_GRACE_MS = 15 * 60_000;

function at(zone: ShiftZone, day: Date, offsetDays: number, boundary: string): number {
  const [hours, minutes] = boundary.split(':').map(Number) as [number, number];
  return zone === 'utc'
    ? Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + offsetDays, hours, minutes)
    : new Date(day.getFullYear(), day.getMonth(), day.getDate() + offsetDays, hours, minutes).getTime();
}

/** The shift changes just before (or at) and just after `now`; null without boundaries. */
export function shiftChangesAround(boundaries: readonly string[], zone: ShiftZone, now: number): { previous: number; next: number } | null {
  if (boundaries.length === 0) return null;
  const day = new Date(now);
  const times = [-1, 0, 1].flatMap((offset) => boundaries.map((boundary) => at(zone, day, offset, boundary))).sort((a, b) => a - b);
  const previous = times.filter((time) => time <= now).at(-1);
  const next = times.find((time) => time > now);
  // Three days around now always hold a boundary on each side.
  if (previous === undefined || next === undefined) return null;
  return { previous, next };
}

/**
 * The shift change a handover opened now is for: the nearer one. An outgoing operator opening it
 * at 18:40 hands over the 19:00 change; one who is late, at 19:10, still hands over 19:00.
 */
export function nearestShiftChange(boundaries: readonly string[], zone: ShiftZone, now: number): number | null {
  const around = shiftChangesAround(boundaries, zone, now);
  if (around === null) return null;
  return now - around.previous <= around.next - now ? around.previous : around.next;
}

/** Boundaries as stored: sorted, each once. */
export function normalizedBoundaries(boundaries: readonly string[]): string[] {
  return [...new Set(boundaries)].sort();
}
