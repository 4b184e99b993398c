import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { Logger } from '../logging';

/** What every refused command and the banner say while the data folder's disk is full. */
export const DISK_FULL_MESSAGE = "The disk holding the console's data is full; free space on it and the console resumes by itself";

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * SQLite could not grow the console's database (or its WAL): the data folder's disk is full. Other
 * "no space" errors may concern another disk (a backup destination) and are not this.
 */
export function isDatabaseFullError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_FULL';
}

/** True for "no space left" from SQLite or the file system (a quota counts too), also when wrapped as a cause. */
export function isDiskFullError(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface DiskGuardOptions {
  dataDir: string;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** How often, while full, a probe write checks whether space came back. */
  probeEveryMs?: number;
  /**
   * Size of that probe: space for it means space for the next commits too (a commit needs its WAL
   * frames, and a checkpoint may need a few more pages), so a disk with a few KB free does not
   * flap between full and not full.
   */
  probeBytes?: number;
  /** Core raises the alert and the banner here; called once per episode. */
  onFull(since: number): void;
  onRecovered(since: number): void;
}

export interface DiskGuard {
  /** True from the first write that failed for lack of space until a probe write succeeds. */
  isFull(): boolean;
  /** A write failed: when for lack of space, enter the full state (once) and return true. */
  noteWriteError(error: unknown, where: string): boolean;
  stop(): void;
}

export const PROBE_FILE_NAME = '.watchroom-space-probe';
const DEFAULT_PROBE_EVERY_MS = 5_000;
const DEFAULT_PROBE_BYTES = 1024 * 1024;

/** Writes, syncs and removes a file of this size in the folder: true when all of it fitted. */
export function hasRoomFor(dir: string, bytes: number = DEFAULT_PROBE_BYTES): boolean {
  const probePath = join(dir, PROBE_FILE_NAME);
  let fd: number | null = null;
  try {
    fd = openSync(probePath, 'w', 0o600);
    const chunk = Buffer.alloc(64 * 1024);
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
    fsyncSync(fd);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(probePath);
    } catch {
      // Never created, or already gone: nothing to tidy.
    }
  }
}

/**
 * Watches for the disk under the data folder filling up. Writers report their failures here; while
 * full, a small file is written, synced and removed every few seconds, and the first time that
 * works the console resumes by itself. A real write is the test, not statfs: it also catches
 * quotas and reserved blocks, which free-space figures do not show.
 */
export function createDiskGuard(options: DiskGuardOptions): DiskGuard {
  const probeEveryMs = options.probeEveryMs ?? DEFAULT_PROBE_EVERY_MS;
  const probeBytes = options.probeBytes ?? DEFAULT_PROBE_BYTES;
  let fullSince: number | null = null;
  let probeTimer: TimerHandle | null = null;
  let stopped = false;

  function scheduleProbe(): void {
    probeTimer = options.timers.after(probeEveryMs, () => {
      probeTimer = null;
      if (stopped || fullSince === null) return;
      if (!hasRoomFor(options.dataDir, probeBytes)) return scheduleProbe();
      const since = fullSince;
      fullSince = null;
      options.logger.warn(
        { fullSinceMs: options.clock.now() - since },
        'space is back on the disk holding the data folder: commands are accepted again',
      );
      options.onRecovered(since);
    });
  }

  return {
    isFull: () => fullSince !== null,
    noteWriteError(error, where) {
      if (!isDiskFullError(error)) return false;
      if (fullSince !== null || stopped) return true;
      fullSince = options.clock.now();
      options.logger.error(
        { where, code: (error as { code?: unknown }).code },
        'the disk holding the data folder is full: commands are refused until space is freed',
      );
      options.onFull(fullSince);
      scheduleProbe();
      return true;
    },
    stop() {
      stopped = true;
      probeTimer?.cancel();
      probeTimer = null;
    },
  };
}
