import { statfsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
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
}

/** What the health monitor recorded over the minute the checks are judged on, one entry per 10-s reading. */
export interface MinuteReadings {
  dbLatenciesMs: number[];
  /** Each reading's event-loop delay p99, over its own 10 s. */
  eventLoopDelayP99sMs: number[];
}

export interface HealthChecks {
  /** A probe started this late against its plan (the engine's hook). */
  noteProbeLateness(lateByMs: number): void;
  /** Judges every check on the monitor's readings of the minute and on what it reads now (memory, disk, WAL); starts the next minute afresh. */
  evaluate(minute: MinuteReadings): HealthCheck[];
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
 * disk on the data folder and every backup destination, event-loop delay p99 (the worst 10 s),
 * probe start lateness p99 and the WAL size.
 */
export function createHealthChecks(options: HealthChecksOptions): HealthChecks {
  const diskSpace = options.diskSpace ?? statfsDiskSpace;
  const memory = options.memory ?? processMemoryUse;
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
    evaluate(minute) {
      const used = memory.read();
      const folders: WatchedFolder[] = [{ key: 'disk:data', label: "the console's data folder", path: options.dataDir }];
      folders.push(...options.backupDestinations());
      // The worst of the minute's 10-s p99s, not the minute's p99: core keeps one sampler (each wakes the
      // main thread 100 times a second) and Node cannot merge histograms. At most 1 % of each 10 s is over
      // its p99, so at most 1 % of the minute is over the worst: stricter than the minute's p99, never looser.
      // No reading yet reads 0.
      const worstEventLoopDelayP99Ms = minute.eventLoopDelayP99sMs.reduce((worst, p99) => Math.max(worst, p99), 0);
      const checks: HealthCheck[] = [
        check('db-latency', 'db-latency', 'Database latency (median of the last minute)', percentile(minute.dbLatenciesMs, 50), 'ms'),
        check('memory', 'memory', `Memory used, of ${used.of}`, used.percent, '%'),
        ...folders.map(diskCheck).filter((found): found is HealthCheck => found !== null),
        check('event-loop', 'event-loop', 'Event-loop delay p99, worst 10 s of the last minute', worstEventLoopDelayP99Ms, 'ms'),
        check('probe-lateness', 'probe-lateness', 'Probe start lateness p99 over the last minute', percentile(lateness, 99), 'ms'),
        check('wal', 'wal', 'Write-ahead log size', walMegabytes(), 'MB'),
      ];
      lateness = [];
      return checks;
    },
  };
}

/** What a raised health alert says: "Free disk: backup destination of Nightly is 3.2 % (critical below 5 %)". */
export function healthSummary(check: HealthCheck): string {
  const below = HEALTH_THRESHOLDS[check.signal].below;
  const threshold = check.level === 'critical' ? check.critical : check.warning;
  const level: HealthLevel = check.level;
  return `${check.label} is ${check.value} ${check.unit} (${level} ${below ? 'below' : 'above'} ${threshold ?? check.warning} ${check.unit})`;
}
