/** Backups: jobs, schedules, destination locks, retention, verification, restores, and their alerts. */
import type { EventMessage, Settings } from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';
import type { runInWorker } from './archive';
import { createBackupHandlers } from './handlers';
import { BackupService, type BackupAlerting } from './service';

export { readBackupAnchors } from './audit-anchors';
export { applyPendingRestore, pendingRestorePaths, type BackupAlertKind, type BackupAlerting } from './service';

export interface BackupsOptions {
  repos: Repositories;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  emit: (message: EventMessage) => void;
  settings: () => Settings;
  alerting: BackupAlerting;
  database: { path: string; key: Buffer };
  /** Runs archive operations; a worker thread unless a test says otherwise. */
  run?: typeof runInWorker;
}

export function createBackups(options: BackupsOptions) {
  const service = new BackupService(options);
  return {
    service,
    handlers: createBackupHandlers({ repos: options.repos, clock: options.clock, service, timeZone: () => options.settings().timeZone }),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
export type Backups = ReturnType<typeof createBackups>;
