import type { BackupJob, BackupRecord, BackupRun } from '../../shared/contract';
import { nextCronRun, parseCron, type CronZone } from '../../shared/domain/cron';
import type { BackupJobRow, BackupRow, BackupRunRow } from '../db';
import { retiredKeys } from './job-keys';

/** The next time the job's schedule runs after `now`, in the console's time zone; null for a line that never runs. */
export function nextRunOf(row: Pick<BackupJobRow, 'schedule'>, now: number, zone: CronZone): number | null {
  const parsed = parseCron(row.schedule);
  return parsed.ok ? nextCronRun(parsed.cron, now, zone) : null;
}

const DAY_MS = 86_400_000;

/** When the current key was set: its last rotation, or the job's creation for a job older than this record. */
export function keySetAtOf(row: Pick<BackupJobRow, 'keySetAt' | 'createdAt'>): number {
  return row.keySetAt ?? row.createdAt;
}

/** When the admin is to be reminded to rotate the job's key; null for a job that never reminds. */
export function keyRotationDueAt(row: Pick<BackupJobRow, 'keySetAt' | 'createdAt' | 'keyRotationDays'>): number | null {
  return row.keyRotationDays > 0 ? keySetAtOf(row) + row.keyRotationDays * DAY_MS : null;
}

export function toJob(row: BackupJobRow, now: number, zone: CronZone): BackupJob {
  return {
    id: row.id,
    name: row.name,
    sources: row.sources,
    destination: row.destination,
    schedule: row.schedule,
    retention: row.retention,
    compressionLevel: row.compressionLevel,
    overdueAfterHours: row.overdueAfterHours,
    keyId: row.keyId,
    retiredKeyIds: retiredKeys(row).map((k) => k.keyId),
    notify: row.notify,
    keyRotationDays: row.keyRotationDays,
    keySetAt: keySetAtOf(row),
    keyRotationDueAt: keyRotationDueAt(row),
    retryAt: row.retryAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    nextRunAt: nextRunOf(row, now, zone),
    lastRun: row.lastRun,
    lastGoodAt: row.lastGoodAt,
  };
}

export function toRecord(row: BackupRow): BackupRecord {
  return {
    id: row.id,
    jobId: row.jobId,
    fileName: row.fileName,
    path: row.path,
    createdAt: row.createdAt,
    kind: row.kind,
    sizeBytes: row.sizeBytes,
    sourceBytes: row.sourceBytes,
    files: row.files,
    compressionRatio: row.sizeBytes === 0 ? 1 : Math.round((row.sourceBytes / row.sizeBytes) * 100) / 100,
    keyId: row.keyId,
    verify: row.verify,
    verifiedAt: row.verifiedAt,
    verifyDetail: row.verifyDetail,
  };
}

export function toRun(row: BackupRunRow): BackupRun {
  return { ...row };
}

/** "1.2 GiB" */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "41 s", "3 min 5 s" */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'under a second';
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
