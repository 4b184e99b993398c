export type BackupAlertKind =
  'backup-failed' | 'backup-overdue' | 'backup-verify-failed' | 'backup-test-restore-failed' | 'backup-key-rotation-due';

/** What a job's channel is told of a run: "Backup Completed: Nightly" with its sizes, or "Backup Failed: Nightly" with why. */
export interface BackupNotice {
  outcome: 'completed' | 'failed';
  job: { id: string; name: string };
  /** "Backup Completed: Nightly" */
  title: string;
  /** The sizes, or the error, in words. */
  detail: string;
}

/** How backups tell the control room: through the alerts engine's backup rules, and a job's own channel. */
export interface BackupAlerting {
  raise(kind: BackupAlertKind, job: { id: string; name: string }, summary: string): void;
  clear(kind: BackupAlertKind, job: { id: string; name: string }, reason: string): void;
  /** Queues the notice on the channel's usual send path (its queue, retries, quiet hours); false when there is no such channel. */
  notify(channelId: string, notice: BackupNotice): boolean;
}
