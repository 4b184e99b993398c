/** Backups: jobs, schedules, destination locks, retention, verification, restores, and their alerts. */
import type { Capability, CapabilityContext } from '../service';
import type { runInWorker } from './archive';
import { createBackupHandlers, type BackupMethods } from './handlers';
import { BackupService, type BackupAlerting } from './service';

export { readBackupAnchors } from './audit-anchors';
export { applyPendingRestore, pendingRestorePaths, type BackupAlertKind, type BackupAlerting } from './service';

export interface BackupsContext extends CapabilityContext {
  alerting: BackupAlerting;
  /** The console's live database: backed up as a consistent snapshot, and what a restore replaces. */
  database: { path: string; key: Buffer };
  /** Runs archive operations; a worker thread unless a test says otherwise. */
  run?: typeof runInWorker;
}

export function createBackups(context: BackupsContext): Capability<BackupMethods> & { service: BackupService } {
  const service = new BackupService(context);
  return {
    service,
    handlers: createBackupHandlers({ ...context, service }),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
export type Backups = ReturnType<typeof createBackups>;
