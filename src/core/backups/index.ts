/** Backups: jobs, schedules, destination locks, retention, verification, restores, and their alerts. */
import type { AuditAppend } from '../audit';
import type { Capability, CapabilityContext } from '../service';
import type { runInWorker } from './archive';
import { createBackupHandlers, type BackupMethods } from './handlers';
import type { BackupAlerting } from './ports';
import { BackupScheduler } from './scheduler';
import { BackupTasks } from './tasks';

export { readBackupAnchors } from './audit-anchors';
export { applyPendingRestore, pendingRestorePaths } from './pending-restore';
export type { BackupAlertKind, BackupAlerting } from './ports';

export interface BackupsContext extends CapabilityContext {
  alerting: BackupAlerting;
  /** The console's live database: backed up as a consistent snapshot, and what a restore replaces. */
  database: { path: string; key: Buffer };
  /** Records what no command records (opening a folder of backups with a passphrase). */
  recordAudit?: (entry: AuditAppend) => void;
  /** Runs archive operations; a worker thread unless a test says otherwise. */
  run?: typeof runInWorker;
}

export function createBackups(context: BackupsContext): Capability<BackupMethods> {
  // The tasks report a caught-up job only once they run, after the scheduler below exists.
  const tasks = new BackupTasks({ ...context, caughtUp: (job, reason) => scheduler.caughtUp(job, reason) });
  const scheduler = new BackupScheduler({ ...context, work: tasks });
  return {
    handlers: createBackupHandlers({ ...context, tasks, keysRotated: (jobs, reason) => scheduler.keysRotated(jobs, reason) }),
    start() {
      tasks.start();
      scheduler.start();
    },
    stop() {
      scheduler.stop();
      tasks.stop();
    },
  };
}
export type Backups = ReturnType<typeof createBackups>;
