import type { BackupJob, BackupRecord } from '../../../shared/contract';
import { formatUptime } from '../../format/quantities';

const KIB = 1024;
const MIB = KIB * KIB;
const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * Backup sizes in binary units ("1.2 GiB"), the units core's own outcome lines use, so a size on
 * a row and the same size in "Backup of Nightly done: 1.2 GiB in 41 s" read alike.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < KIB) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  // 1,023.97 KiB would read "1024.0 KiB": it is the next unit up by then.
  while (value >= KIB - 0.05 && unit < SIZE_UNITS.length - 1) {
    value /= KIB;
    unit += 1;
  }
  return `${value.toFixed(1)} ${SIZE_UNITS[unit]}`;
}

/** Always MiB/s, so rates compare at a glance; two decimals below 1, where one would read 0.0. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  const mebibytes = bytesPerSecond / MIB;
  return `${mebibytes.toFixed(mebibytes < 1 ? 2 : 1)} MiB/s`;
}

/** "45 s left", "4 min 05 s left", "2 h 10 min left"; null while core cannot tell yet. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'time left not known yet';
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s left`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s left`;
  return `${formatUptime(whole * 1000)} left`;
}

/** Whole percent done, or null when the total is not known yet (the bar then says it is working). */
export function percentDone(bytesDone: number, bytesTotal: number): number | null {
  if (bytesTotal <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((bytesDone / bytesTotal) * 100)));
}

/** Source bytes per stored byte: "3.1×". */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) && ratio > 0 ? `${ratio.toFixed(1)}×` : '—';
}

const HOUR = 3_600_000;

/**
 * Whether "backup overdue" applies: no good backup within the job's window. A job that never
 * made one counts from when it was created.
 */
export function isOverdue(job: Pick<BackupJob, 'lastGoodAt' | 'createdAt' | 'overdueAfterHours'>, now: number): boolean {
  return now - (job.lastGoodAt ?? job.createdAt) > job.overdueAfterHours * HOUR;
}

export const BACKUP_KIND_LABEL: Record<BackupRecord['kind'], string> = { scheduled: 'Scheduled', manual: 'Manual', safety: 'Safety' };

export const BACKUP_KIND_HINT: Record<BackupRecord['kind'], string> = {
  scheduled: 'Made on the job’s schedule',
  manual: 'Made with Run now',
  safety: 'Taken of the database just before a restore replaced it',
};

/** Why the retention policy keeps a backup, in words. */
const KEEP_REASON: Record<string, string> = {
  last: 'one of the latest',
  daily: 'newest of its day',
  weekly: 'newest of its week',
  monthly: 'newest of its month',
  yearly: 'newest of its year',
};

export function describeKeepReasons(reasons: readonly string[]): string {
  return reasons.map((reason) => KEEP_REASON[reason] ?? reason).join(', ');
}
