import type { Repositories, RollupRow } from '../../src/core/db';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function row(monitorId: string, bucket: number, count: number, upCount: number): RollupRow {
  return {
    monitorId,
    bucket,
    count,
    upCount,
    latencyCount: upCount,
    latencyMin: upCount > 0 ? 10 : null,
    latencyMax: upCount > 0 ? 30 : null,
    latencySum: upCount * 20,
    latencyP95: upCount > 0 ? 28 : null,
    hist: null,
    throughRowid: 0,
  };
}

/**
 * Hour and day roll-ups of one monitor over whole UTC days, as the probe writer would have left them:
 * `perHour` probes every hour, `failedIn(hourStart)` of them failed.
 */
export function seedRollups(
  repos: Repositories,
  monitorId: string,
  period: { from: number; to: number; perHour: number; failedIn?: (hourStart: number) => number; withHours?: boolean },
): void {
  const hours: RollupRow[] = [];
  const days: RollupRow[] = [];
  for (let day = period.from; day < period.to; day += DAY_MS) {
    let up = 0;
    for (let hour = day; hour < day + DAY_MS; hour += HOUR_MS) {
      const failed = period.failedIn?.(hour) ?? 0;
      up += period.perHour - failed;
      hours.push(row(monitorId, hour, period.perHour, period.perHour - failed));
    }
    days.push(row(monitorId, day, period.perHour * 24, up));
  }
  repos.transaction(() => {
    if (period.withHours !== false) repos.monitoring.writeRollups('hour', hours);
    repos.monitoring.writeRollups('day', days);
  });
}

/** A monitor's outages as the engine records them: down at each start, up again at each end. */
export function seedOutages(repos: Repositories, monitorId: string, outages: readonly (readonly [downAt: number, upAt: number])[]): void {
  repos.transaction(() =>
    repos.monitoring.insertStateChanges(
      outages.flatMap(([downAt, upAt]) => [
        { monitorId, at: downAt, fromStatus: 'up' as const, toStatus: 'down' as const, reason: 'Connection refused' },
        { monitorId, at: upAt, fromStatus: 'down' as const, toStatus: 'up' as const, reason: 'Connected' },
      ]),
    ),
  );
}
