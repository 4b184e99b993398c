import { parseCron, previousCronRun } from '../../shared/domain/cron';
import type { TimerHandle } from '../../shared/domain/clock';
import type { BackupJobRow } from '../db';
import type { CapabilityContext } from '../service';
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
 * overdue alert once; every day a share of its backups is read back, every week its latest
 * database backup is test-restored.
 */
export class BackupScheduler {
  /** Jobs whose overdue alert is raised: raised once per episode, not at every look. */
  private readonly overdue = new Set<string>();
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

  private tick(): void {
    if (!this.running) return;
    const now = this.deps.clock.now();
    try {
      for (const job of this.deps.repos.backups.listJobs()) this.checkJob(job, now);
    } catch (error) {
      this.deps.logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'backup schedule check failed');
    }
    this.timer = this.deps.timers.after(TICK_MS, () => this.tick());
  }

  private checkJob(job: BackupJobRow, now: number): void {
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
