import { and, desc, eq, isNull } from 'drizzle-orm';
import type { BackupRun } from '../../../shared/contract/recovery';
import type { WatchroomDb } from '../open';
import { backupJobs, backupRuns, backups } from '../schema';

export type BackupJobRow = typeof backupJobs.$inferSelect;
export type BackupRow = typeof backups.$inferSelect;
export type BackupRunRow = typeof backupRuns.$inferSelect;

export interface BackupsRepository {
  listJobs(): BackupJobRow[];
  getJob(id: string): BackupJobRow | undefined;
  insertJob(row: BackupJobRow): void;
  updateJob(id: string, values: Partial<Omit<BackupJobRow, 'id' | 'createdAt'>>): void;
  deleteJob(id: string): void;

  /** A job's backups, newest first; null lists the safety copies no job owns. */
  listBackups(jobId: string | null): BackupRow[];
  getBackup(id: string): BackupRow | undefined;
  insertBackup(row: BackupRow): void;
  updateBackup(id: string, values: Partial<Pick<BackupRow, 'verify' | 'verifiedAt' | 'verifyDetail'>>): void;
  deleteBackup(id: string): void;

  /** Every run of a job is kept, like the audit log: never deleted, not even with its job. */
  insertRun(row: BackupRunRow): void;
  /** A job's newest runs first; with an outcome, only those. */
  listRuns(jobId: string, limit: number, outcome?: BackupRun['outcome']): BackupRunRow[];
}

export function createBackupsRepository(db: WatchroomDb): BackupsRepository {
  return {
    listJobs: () => db.select().from(backupJobs).orderBy(backupJobs.name).all(),
    getJob: (id) => db.select().from(backupJobs).where(eq(backupJobs.id, id)).get(),
    insertJob: (row) => void db.insert(backupJobs).values(row).run(),
    updateJob: (id, values) => void db.update(backupJobs).set(values).where(eq(backupJobs.id, id)).run(),
    deleteJob: (id) => void db.delete(backupJobs).where(eq(backupJobs.id, id)).run(),

    listBackups: (jobId) =>
      db
        .select()
        .from(backups)
        .where(jobId === null ? isNull(backups.jobId) : and(eq(backups.jobId, jobId)))
        .orderBy(desc(backups.createdAt))
        .all(),
    getBackup: (id) => db.select().from(backups).where(eq(backups.id, id)).get(),
    insertBackup: (row) => void db.insert(backups).values(row).run(),
    updateBackup: (id, values) => void db.update(backups).set(values).where(eq(backups.id, id)).run(),
    deleteBackup: (id) => void db.delete(backups).where(eq(backups.id, id)).run(),

    insertRun: (row) => void db.insert(backupRuns).values(row).run(),
    listRuns: (jobId, limit, outcome) =>
      db
        .select()
        .from(backupRuns)
        .where(outcome === undefined ? eq(backupRuns.jobId, jobId) : and(eq(backupRuns.jobId, jobId), eq(backupRuns.outcome, outcome)))
        .orderBy(desc(backupRuns.startedAt))
        .limit(limit)
        .all(),
  };
}
