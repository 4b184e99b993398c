import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AppHealth, HealthCheck, HealthHistory } from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { OpenedDatabase } from '../db';
import { healthSummary, type HealthChecks, type MinuteReadings } from './checks';

/** How often core records its own health for the Overview charts, and how many records it keeps (an hour). */
export const HEALTH_SAMPLE_EVERY_MS = 10_000;
export const HEALTH_SAMPLES_KEPT = 360;
/** The thresholded checks are judged on a minute's figures (issue 15: "p99 over a minute"). */
export const HEALTH_CHECK_EVERY_MS = 60_000;
/**
 * The checks are judged every sixth reading, counted rather than read off the wall clock: an
 * operator setting the workstation's clock back an hour (or a year ahead, then right) must not stop
 * every check, and every alert open, for as long.
 */
const READINGS_PER_CHECK = HEALTH_CHECK_EVERY_MS / HEALTH_SAMPLE_EVERY_MS;

type HealthAlertKind = 'console-health-warning' | 'console-health-critical';
const ALERT_KIND: Record<'warning' | 'critical', HealthAlertKind> = {
  warning: 'console-health-warning',
  critical: 'console-health-critical',
};

/** Where a crossed threshold raises its alert, in the same queue as every other alert. */
export interface HealthAlerts {
  raise(kind: HealthAlertKind, subject: { subject: string; name: string; siteId: null }, summary: string): void;
  clear(kind: HealthAlertKind, subject: { subject: string; name: string; siteId: null }, reason: string): void;
}

/** The event loop's delay p99 since the last reading, in ms (each reading starts the next period). */
export interface EventLoopDelay {
  p99SinceLastMs(): number;
  /** The p99 of the period under way, leaving it whole: what an on-demand read shows before the first reading. */
  p99SoFarMs(): number;
  stop(): void;
}

/**
 * Core's one event-loop sampler: it wakes the main thread every 10 ms, so a second one would double
 * the wake-ups of an idle console for the same figure.
 */
export function measuredEventLoopDelay(): EventLoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const p99SoFarMs = () => (histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0);
  return {
    p99SinceLastMs() {
      const p99 = p99SoFarMs();
      histogram.reset();
      return p99;
    },
    p99SoFarMs,
    stop: () => histogram.disable(),
  };
}

export interface HealthMonitor {
  read(): AppHealth;
  /** The readings recorded since core started (the last hour at most), oldest first. */
  history(): HealthHistory;
  /** The checks as of the last evaluation; empty before the first minute is over. */
  checks(): HealthCheck[];
  stop(): void;
}

export interface HealthMonitorOptions {
  store: OpenedDatabase;
  clock: Clock;
  startedAt: number;
  timers: Timers;
  checks: HealthChecks;
  /** Reset only by the 10-s reading, so each reading's figure covers exactly its 10 s; stopped with the monitor. */
  eventLoop: EventLoopDelay;
  /** Null for a console on a hub: its alerts are the hub's, as with the full-disk alert. */
  alerts: HealthAlerts | null;
}

/**
 * While readings fail (the database closing) no check is judged, yet each failed reading still adds
 * its event-loop figure: keeping only the last check's worth bounds them, and the check that follows
 * judges the last minute rather than the whole outage.
 */
function keepLastMinute(readings: number[], reading: number): void {
  readings.push(reading);
  if (readings.length > READINGS_PER_CHECK) readings.shift();
}

/**
 * The console's own vital signs, as shown on the Overview page: read on demand, and recorded every
 * 10 s from the start, so a console that opens the page sees the last hour rather than one point.
 * Every minute the checks are judged against their thresholds; a check that crosses one raises an
 * alert, and the alert resolves when the check is back under it.
 */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { store, clock, startedAt, timers, eventLoop } = options;
  const recorded: AppHealth[] = [];
  let latestChecks: HealthCheck[] = [];
  let thisMinute: MinuteReadings = { dbLatenciesMs: [], eventLoopDelayP99sMs: [] };
  // An on-demand read (the Overview polls every few seconds) shows the last 10 s recorded: were it to
  // take the sampler's reading, it would take its delays out of the next 10-s reading and so out of
  // the minute's check. Before the first reading it shows the period so far.
  let lastEventLoopDelayP99Ms: number | null = null;
  let readingsSinceCheck = 0;
  // The first reading after core is created takes in its start when it follows at once (loading
  // every capability, the first probes), which blocks the loop by design: shown, not judged as a stall.
  let startingUp = true;
  // Null until the first evaluation: then every check clears what an earlier run of core left open.
  let levels: Map<string, HealthCheck> | null = null;

  const read = (): AppHealth => {
    const t0 = performance.now();
    store.ping();
    const dbLatencyMs = performance.now() - t0;
    const memory = process.memoryUsage();
    return {
      at: clock.now(),
      uptimeMs: Math.max(0, clock.now() - startedAt),
      dbLatencyMs,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
      eventLoopDelayP99Ms: lastEventLoopDelayP99Ms ?? eventLoop.p99SoFarMs(),
      dbSizeBytes: store.sizeBytes(),
      checks: latestChecks,
    };
  };

  const subjectOf = (check: HealthCheck) => ({ subject: `console:health:${check.key}`, name: check.label, siteId: null });

  const judge = (checks: HealthCheck[]) => {
    const alerts = options.alerts;
    const previous = levels;
    levels = new Map(checks.map((found) => [found.key, found]));
    if (!alerts) return;
    for (const found of checks) {
      const before = previous?.get(found.key)?.level;
      if (before === found.level) continue;
      for (const level of ['warning', 'critical'] as const) {
        if (level !== found.level)
          alerts.clear(ALERT_KIND[level], subjectOf(found), `${found.label} is back at ${found.value} ${found.unit}`);
      }
      if (found.level !== 'ok') alerts.raise(ALERT_KIND[found.level], subjectOf(found), healthSummary(found));
    }
    // A check that is no longer made (a backup job deleted) resolves its alert.
    for (const [key, gone] of previous ?? []) {
      if (levels.has(key) || gone.level === 'ok') continue;
      alerts.clear(ALERT_KIND[gone.level], subjectOf(gone), `${gone.label} is no longer checked`);
    }
  };

  let timer: TimerHandle | null = null;
  const record = () => {
    readingsSinceCheck += 1;
    try {
      // Kept even if the database ping below fails: a stall then is still the minute's.
      lastEventLoopDelayP99Ms = eventLoop.p99SinceLastMs();
      if (!startingUp) keepLastMinute(thisMinute.eventLoopDelayP99sMs, lastEventLoopDelayP99Ms);
      startingUp = false;
      const reading = read();
      keepLastMinute(thisMinute.dbLatenciesMs, reading.dbLatencyMs);
      if (readingsSinceCheck >= READINGS_PER_CHECK) {
        readingsSinceCheck = 0;
        latestChecks = options.checks.evaluate(thisMinute);
        thisMinute = { dbLatenciesMs: [], eventLoopDelayP99sMs: [] };
        judge(latestChecks);
        reading.checks = latestChecks;
      }
      recorded.push(reading);
      if (recorded.length > HEALTH_SAMPLES_KEPT) recorded.splice(0, recorded.length - HEALTH_SAMPLES_KEPT);
    } catch {
      // A reading that fails (the database closing) is simply not recorded; the next one may work.
    }
    timer = timers.after(HEALTH_SAMPLE_EVERY_MS, record);
  };
  timer = timers.after(HEALTH_SAMPLE_EVERY_MS, record);
  return {
    read,
    history: () => ({ sampleEveryMs: HEALTH_SAMPLE_EVERY_MS, samples: [...recorded] }),
    checks: () => latestChecks,
    stop: () => {
      timer?.cancel();
      eventLoop.stop();
    },
  };
}
