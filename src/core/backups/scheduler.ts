import { parseCron, previousCronRun } from '../../shared/domain/cron';
import type { TimerHandle } from '../../shared/domain/clock';
import type { BackupJobRow } from '../db';
import type { CapabilityContext } from '../service';
import { keyRotationDueAt, keySetAtOf } from './model';
import type { BackupAlerting } from './ports';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const TICK_MS = 30_000;

/** What the schedule starts: the task runner's side of it. */
export interface ScheduledWork {
  /** A job never runs two things at once. */
  isBusy(jobId: string): boolean;
  startScheduledBackup(jobId: string): void;
  /** The next try of a failed scheduled run. */
  startRetry(jobId: string): void;
  /** Reads a share of the job's stored backups back. */
  startRollingCheck(jobId: string): void;
  /** Restores the job's latest database backup into a scratch folder; false when it has none to test. */
  startTestRestore(jobId: string): boolean;
}

export interface BackupSchedulerDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'timers' | 'logger' | 'identity'> {
  alerting: BackupAlerting;
  work: ScheduledWork;
}

/**
 * Looks at every job twice a minute: a cron slot that passed (also one missed while the computer
 * was off) starts a backup; a job without a good backup for longer than it promises raises its
 * overdue alert once; a job whose key is as old as its rotation reminder says raises that alert
 * once, until the key is rotated; every day a share of its backups is read back, every week its
 * latest database backup is test-restored.
 */
export class BackupScheduler {
  /** Jobs whose overdue alert is raised: raised once per episode, not at every look. */
  private readonly overdue = new Set<string>();
  /** Jobs whose key-rotation alert is raised this run, with their names (a deleted job's alert still needs its name to resolve). */
  private readonly rotationDue = new Map<string, string>();
  private timer: TimerHandle | null = null;
  private running = false;

  constructor(private readonly deps: BackupSchedulerDeps) {}

  start(): void {
    this.running = true;
    this.tick();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
  }

  /** A good backup (a new one, or one verified good again) brought the job back within its promise. */
  caughtUp(job: { id: string; name: string }, reason: string): void {
    this.overdue.delete(job.id);
    this.deps.alerting.clear('backup-overdue', job, reason);
  }

  /** The jobs' key was rotated (a new passphrase for their folder): their reminders resolve now, not at the next look. */
  keysRotated(jobs: readonly { id: string; name: string }[], reason: string): void {
    for (const job of jobs) {
      this.rotationDue.delete(job.id);
      this.deps.alerting.clear('backup-key-rotation-due', job, reason);
    }
  }

  private tick(): void {
    if (!this.running) return;
    const now = this.deps.clock.now();
    try {
      const jobs = this.deps.repos.backups.listJobs();
      for (const job of jobs) this.checkJob(job, now);
      const present = new Set(jobs.map((job) => job.id));
      for (const [id, name] of this.rotationDue)
        if (!present.has(id)) this.keysRotated([{ id, name }], `${name} was deleted: it makes no more backups`);
    } catch (error) {
      this.deps.logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'backup schedule check failed');
    }
    this.timer = this.deps.timers.after(TICK_MS, () => this.tick());
  }

  /**
   * Raised once per job and kept as a standing state: reported again after a restart it stays the
   * same alert. A reminder switched off or pushed later (the job's days changed) resolves it.
   */
  private checkKeyRotation(job: BackupJobRow, now: number): void {
    const dueAt = keyRotationDueAt(job);
    const due = dueAt !== null && now >= dueAt;
    if (due && !this.rotationDue.has(job.id)) {
      this.rotationDue.set(job.id, job.name);
      const days = Math.floor((now - keySetAtOf(job)) / DAY_MS);
      this.deps.alerting.raise(
        'backup-key-rotation-due',
        job,
        `${job.name}: its backup key is ${days} days old (rotate every ${job.keyRotationDays} days): an admin gives a new passphrase`,
      );
    } else if (!due && this.rotationDue.has(job.id)) {
      const reminder = job.keyRotationDays === 0 ? 'is switched off' : `is now every ${job.keyRotationDays} days`;
      this.keysRotated([job], `${job.name}: the key rotation reminder ${reminder}`);
    }
  }

  private checkJob(job: BackupJobRow, now: number): void {
    this.checkKeyRotation(job, now);
    const { work } = this.deps;
    const zone = this.deps.identity.timeZone();
    const parsed = parseCron(job.schedule);
    const slot = parsed.ok ? previousCronRun(parsed.cron, now, zone) : null;
    if (slot !== null && slot > (job.lastSlotAt ?? job.createdAt) && !work.isBusy(job.id)) {
      this.deps.repos.backups.updateJob(job.id, { lastSlotAt: slot });
      work.startScheduledBackup(job.id);
      return;
    }
    // Kept in the job, so a retry due while the console was off runs at the next start.
    if (job.retryAt !== null && now >= job.retryAt && !work.isBusy(job.id)) {
      work.startRetry(job.id);
      return;
    }
    const goodAge = now - (job.lastGoodAt ?? job.createdAt);
    if (goodAge > job.overdueAfterHours * HOUR_MS && !this.overdue.has(job.id)) {
      this.overdue.add(job.id);
      const since =
        job.lastGoodAt !== null
          ? `the last good backup is ${Math.floor(goodAge / HOUR_MS)} hours old`
          : this.deps.repos.backups.listBackups(job.id).some((b) => b.verify === 'failed')
            ? 'no good backup: the stored ones failed verification'
            : 'no good backup yet';
      this.deps.alerting.raise('backup-overdue', job, `${job.name}: ${since} (expected within ${job.overdueAfterHours} hours)`);
    }
    if (work.isBusy(job.id)) return;
    if (now - (job.lastRollingCheckAt ?? job.createdAt) >= DAY_MS && this.deps.repos.backups.listBackups(job.id).length > 0) {
      work.startRollingCheck(job.id);
    } else if (now - (job.lastTestRestoreAt ?? job.createdAt) >= WEEK_MS) {
      work.startTestRestore(job.id);
    }
  }
}
