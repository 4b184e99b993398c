import { statfsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { HealthCheck, HealthLevel, HealthSignal } from '../../shared/contract';
import { HEALTH_THRESHOLDS, healthLevelOf, percentile } from '../../shared/domain/console-health';

/** Free and total bytes of the file system holding a path; null when it cannot be read (a destination not mounted). */
export interface DiskSpace {
  of(path: string): { freeBytes: number; totalBytes: number } | null;
}

/** statfs: what is available to this (unprivileged) process, not counting the blocks reserved for root. */
export const statfsDiskSpace: DiskSpace = {
  of(path) {
    try {
      const stats = statfsSync(path);
      return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
    } catch {
      return null;
    }
  },
};

/** How much of the memory it may use the process uses, in percent, and of which limit. */
export interface MemoryUse {
  read(): { percent: number; of: string };
}

/**
 * The worse of two limits: the resident set against the cgroup's limit (a container) or the
 * machine's memory, and the JavaScript heap against V8's own limit, which ends the process first.
 */
export const processMemoryUse: MemoryUse = {
  read() {
    const constrained = process.constrainedMemory();
    const machine = totalmem();
    const limit = constrained > 0 && constrained < machine ? constrained : machine;
    const rssPercent = (process.memoryUsage.rss() / limit) * 100;
    const heap = getHeapStatistics();
    const heapPercent = (heap.used_heap_size / heap.heap_size_limit) * 100;
    return rssPercent >= heapPercent
      ? { percent: rssPercent, of: constrained > 0 && constrained < machine ? 'its memory limit' : "the machine's memory" }
      : { percent: heapPercent, of: 'the JavaScript heap limit' };
  },
};

/** The event loop's delay p99 since the last reading, in ms (each reading starts the next period). */
export interface EventLoopDelay {
  p99SinceLastMs(): number;
  stop(): void;
}

export function measuredEventLoopDelay(): EventLoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    p99SinceLastMs() {
      const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
      histogram.reset();
      return p99;
    },
    stop: () => histogram.disable(),
  };
}

/** A place whose free space is checked: the data folder, and every backup job's destination. */
export interface WatchedFolder {
  key: string;
  label: string;
  path: string;
}

export interface HealthChecksOptions {
  dataDir: string;
  /** The database file; its write-ahead log is `<path>-wal`. */
  databasePath: string;
  /** Every backup job's destination, read at each evaluation so a new job is watched at once. */
  backupDestinations(): WatchedFolder[];
  diskSpace?: DiskSpace;
  memory?: MemoryUse;
  eventLoop?: EventLoopDelay;
}

export interface HealthChecks {
  /** A probe started this late against its plan (the engine's hook). */
  noteProbeLateness(lateByMs: number): void;
  /** Judges every check on the last minute's figures and starts the next minute afresh. */
  evaluate(dbLatenciesMs: readonly number[]): HealthCheck[];
  stop(): void;
}

/** More than a minute's probe starts at 200 probes/s; past it the oldest are dropped, the p99 stays fair. */
const MAX_LATENESS_SAMPLES = 20_000;
const MB = 1024 * 1024;

function check(key: string, signal: HealthSignal, label: string, value: number, unit: HealthCheck['unit']): HealthCheck {
  const { warning, critical } = HEALTH_THRESHOLDS[signal];
  return { key, signal, label, value: Math.round(value * 100) / 100, unit, warning, critical, level: healthLevelOf(signal, value) };
}

/**
 * The figures issue 15 puts thresholds on, gathered over a minute: database latency (median of
 * the minute's pings, so one pause for a garbage collection does not page anyone), memory, free
 * disk on the data folder and every backup destination, event-loop delay p99, probe start
 * lateness p99 and the WAL size.
 */
export function createHealthChecks(options: HealthChecksOptions): HealthChecks {
  const diskSpace = options.diskSpace ?? statfsDiskSpace;
  const memory = options.memory ?? processMemoryUse;
  const loopDelay = options.eventLoop ?? measuredEventLoopDelay();
  let lateness: number[] = [];

  const diskCheck = (folder: WatchedFolder): HealthCheck | null => {
    const space = diskSpace.of(folder.path);
    if (space === null || space.totalBytes <= 0) return null;
    return check(folder.key, 'disk', `Free disk: ${folder.label}`, (space.freeBytes / space.totalBytes) * 100, '%');
  };

  const walMegabytes = (): number => {
    try {
      return statSync(`${options.databasePath}-wal`).size / MB;
    } catch {
      return 0;
    }
  };

  return {
    noteProbeLateness(lateByMs) {
      if (lateness.length >= MAX_LATENESS_SAMPLES) lateness.shift();
      lateness.push(lateByMs);
    },
    evaluate(dbLatenciesMs) {
      const used = memory.read();
      const folders: WatchedFolder[] = [{ key: 'disk:data', label: "the console's data folder", path: options.dataDir }];
      folders.push(...options.backupDestinations());
      const checks: HealthCheck[] = [
        check('db-latency', 'db-latency', 'Database latency (median of the last minute)', percentile(dbLatenciesMs, 50), 'ms'),
        check('memory', 'memory', `Memory used, of ${used.of}`, used.percent, '%'),
        ...folders.map(diskCheck).filter((found): found is HealthCheck => found !== null),
        check('event-loop', 'event-loop', 'Event-loop delay p99 over the last minute', loopDelay.p99SinceLastMs(), 'ms'),
        check('probe-lateness', 'probe-lateness', 'Probe start lateness p99 over the last minute', percentile(lateness, 99), 'ms'),
        check('wal', 'wal', 'Write-ahead log size', walMegabytes(), 'MB'),
      ];
      lateness = [];
      return checks;
    },
    stop: () => loopDelay.stop(),
  };
}

/** What a raised health alert says: "Free disk: backup destination of Nightly is 3.2 % (critical below 5 %)". */
export function healthSummary(check: HealthCheck): string {
  const below = HEALTH_THRESHOLDS[check.signal].below;
  const threshold = check.level === 'critical' ? check.critical : check.warning;
  const level: HealthLevel = check.level;
  return `${check.label} is ${check.value} ${check.unit} (${level} ${below ? 'below' : 'above'} ${threshold ?? check.warning} ${check.unit})`;
}
