export type BackupAlertKind = 'backup-failed' | 'backup-overdue' | 'backup-verify-failed' | 'backup-test-restore-failed';

/** How backups tell the control room: through the alerts engine's backup rules. */
export interface BackupAlerting {
  raise(kind: BackupAlertKind, job: { id: string; name: string }, summary: string): void;
  clear(kind: BackupAlertKind, job: { id: string; name: string }, reason: string): void;
}
