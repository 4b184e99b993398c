import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { BackupRun, BackupTask } from '../../shared/contract';
import { selectRetention } from '../../shared/domain/retention';
import type { TimerHandle } from '../../shared/domain/clock';
import type { BackupJobRow, BackupRow, BackupRunRow } from '../db';
import type { CapabilityContext } from '../service';
import type { BackupAlerting, BackupNotice } from './ports';
import {
  DatabaseDamagedError,
  databaseEntryPath,
  listBackupFiles,
  OperationCancelledError,
  openBackupKey,
  readBackupHeader,
  readBackupManifest,
  removeStalePartials,
  runInWorker,
  throwIfCancelled,
  type BackupKey,
  type FolderSource,
  type KdfParams,
  type OperationProgress,
  type RestoredDatabaseCheck,
} from './archive';
import { currentAuditHead } from './audit-anchors';
import { CONSOLE_AUDIT_ROOT, consoleAuditSource, pendingRestorePaths } from './pending-restore';
import { jobKey, jobKeyFor, prunedRetiredKeys } from './job-keys';
import { acquireDestinationLock, LOCK_HEARTBEAT_MS, type DestinationLock } from './lock';
import { formatBytes, formatDuration } from './model';

/** What starts a backup run; a test restore goes on the run history too but makes no backup. */
type BackupTrigger = Exclude<BackupRun['trigger'], 'test-restore'>;

const HOUR_MS = 3_600_000;
/** A rolling check reads this share of a job's backups a day, so every one is read each month. */
const ROLLING_SHARE = 30;
/** A failed scheduled run is tried again after these waits, then it alerts. */
/** What a restored console database was checked for, in the words of the task's result. */
const RESTORED_CHECK_WORDS: Record<RestoredDatabaseCheck, string> = {
  'page sample':
    'read back as written, its schema and a sample of pages opened with its new key; its source passed quick_check when it was backed up',
  quick_check: 'read back as written and SQLite quick_check',
  integrity_check: 'read back as written and SQLite integrity_check',
};

export const RETRY_DELAYS_MS = [5 * 60_000, 15 * 60_000, 45 * 60_000] as const;

/** What a progress bar says the worker is doing. */
const PHASE_WORDS: Record<OperationProgress['phase'], string> = {
  scanning: 'Listing files',
  snapshot: 'Taking the database snapshot',
  archiving: 'Compressing and encrypting',
  finishing: 'Writing to disk',
  verifying: 'Reading back and authenticating',
  restoring: 'Restoring',
  checking: 'Checking the restored database',
  done: 'Done',
};

export interface BackupTasksDeps extends CapabilityContext {
  alerting: BackupAlerting;
  /** A good backup brought a job back within its promise: its overdue alert resolves. */
  caughtUp(job: { id: string; name: string }, reason: string): void;
  /** The console's live database: backed up as a consistent snapshot, and what a restore replaces. */
  database: { path: string; key: Buffer };
  /** Runs an archive operation in a worker thread. */
  run?: typeof runInWorker;
}

interface Running {
  task: BackupTask;
  abort: AbortController;
}

/**
 * The backup a restore reads: one the console has on record, or a file opened from a folder
 * (no id, no job: on a replacement workstation only its passphrase opens it).
 */
export type BackupRef = Pick<BackupRow, 'jobId' | 'fileName' | 'path' | 'keyId'> & { id: string | null };

/** A task ready to go: its first state, to answer with, and what starts it. */
export interface PreparedTask {
  task: BackupTask;
  launch(): void;
}

/**
 * Runs backup tasks (a backup, a check, a test restore, a restore), started by the schedule
 * (scheduler.ts) or by a command: one at a time per destination (a lock file with a heartbeat),
 * each backup read back before it counts as good, then the retention policy. Every day a thirtieth
 * of a job's backups are read back; every week its latest database backup is restored into a
 * scratch folder and checked. Failures, a failed verification or test restore become alerts.
 */
export class BackupTasks {
  private readonly tasks = new Map<string, Running>();
  /** Jobs with something running: a job never runs two things at once. */
  private readonly busy = new Set<string>();
  /** The key id of the newest backup in each destination, read at start and after each backup. */
  private readonly destinationKeys = new Map<string, { keyId: string; kdf: KdfParams }>();
  private readonly run: typeof runInWorker;

  constructor(private readonly deps: BackupTasksDeps) {
    this.run = deps.run ?? runInWorker;
  }

  start(): void {
    for (const job of this.deps.repos.backups.listJobs()) void this.learnDestination(job.destination);
  }

  stop(): void {
    for (const { abort } of this.tasks.values()) abort.abort();
  }

  runningTasks(): BackupTask[] {
    return [...this.tasks.values()].map((r) => r.task);
  }

  isBusy(jobId: string): boolean {
    return this.busy.has(jobId);
  }

  /** The key of the newest backup in a destination, so a job cannot start writing there with another passphrase. */
  destinationKey(folder: string): { keyId: string; kdf: KdfParams } | undefined {
    return this.destinationKeys.get(resolve(folder));
  }

  cancel(taskId: string): boolean {
    const running = this.tasks.get(taskId);
    running?.abort.abort();
    return running !== undefined;
  }

  private latestDatabaseBackup(job: BackupJobRow): BackupRow | undefined {
    if (!job.sources.some((s) => s.kind === 'database')) return undefined;
    return this.deps.repos.backups
      .listBackups(job.id)
      .find((b) => b.verify === 'good' && jobKeyFor(job, b.keyId) !== undefined && b.kind !== 'safety');
  }

  /** A task as it will be shown; nothing runs and nothing is registered until it is launched. */
  private newTask(kind: BackupTask['kind'], jobId: string | null, backupId: string | null, label: string): Running {
    const task: BackupTask = {
      taskId: randomBytes(8).toString('hex'),
      kind,
      jobId,
      backupId,
      label,
      phase: 'starting',
      bytesDone: 0,
      bytesTotal: 0,
      rateBytesPerSec: 0,
      etaSeconds: null,
      currentFile: null,
      startedAt: this.deps.clock.now(),
    };
    return { task, abort: new AbortController() };
  }

  /**
   * Registers a task and starts its work. Commands call this after their transaction committed,
   * so a refused or rolled-back command never leaves a task behind.
   */
  private launch(running: Running, work: () => Promise<void>): PreparedTask {
    return {
      task: running.task,
      launch: () => {
        this.tasks.set(running.task.taskId, running);
        if (running.task.jobId !== null) this.busy.add(running.task.jobId);
        this.deps.emit({ event: 'backups.progress', payload: running.task });
        // A task's own catch records its failure; this is for the record itself failing (a full disk).
        work().catch((error: unknown) => {
          this.deps.logger.error(
            { err: error instanceof Error ? error.message : String(error), task: running.task.label },
            'backup task failed',
          );
          if (this.tasks.has(running.task.taskId)) this.end(running, false, error instanceof Error ? error.message : String(error));
        });
      },
    };
  }

  /** `step` names a step within a task that has several (the safety copy before a restore). */
  private progress(running: Running, step?: string): (progress: OperationProgress) => void {
    return (progress) => {
      const phase = step === undefined ? PHASE_WORDS[progress.phase] : `${step}: ${PHASE_WORDS[progress.phase].toLowerCase()}`;
      running.task = {
        ...running.task,
        phase,
        bytesDone: progress.bytesDone,
        bytesTotal: progress.bytesTotal,
        rateBytesPerSec: progress.rateBytesPerSec,
        etaSeconds: progress.etaSeconds,
        currentFile: progress.currentFile,
      };
      this.deps.emit({ event: 'backups.progress', payload: running.task });
    };
  }

  private end(running: Running, ok: boolean, detail: string): void {
    this.tasks.delete(running.task.taskId);
    if (running.task.jobId !== null) this.busy.delete(running.task.jobId);
    const { taskId, kind, label } = running.task;
    this.deps.emit({ event: 'backups.changed', payload: { jobId: running.task.jobId, ended: { taskId, kind, label, ok, detail } } });
  }

  private async withLock<T>(folder: string, running: Running, work: () => Promise<T>): Promise<T> {
    if (!existsSync(folder))
      throw new Error(`The destination ${folder} does not exist or is not mounted: connect the drive or share, or choose another folder.`);
    const lock: DestinationLock = await acquireDestinationLock(
      folder,
      { holder: running.task.taskId, what: running.task.label },
      this.deps.clock.now(),
    );
    const heartbeat: { timer: TimerHandle | null } = { timer: null };
    const schedule = () => {
      heartbeat.timer = this.deps.timers.after(LOCK_HEARTBEAT_MS, () => {
        void lock.heartbeat(this.deps.clock.now()).catch(() => undefined);
        schedule();
      });
    };
    schedule();
    try {
      // Nobody else writes here while the lock is held: a leftover .partial is a dead run's.
      await removeStalePartials(folder);
      return await work();
    } finally {
      heartbeat.timer?.cancel();
      // A worker stopped for not answering a cancel could not remove its own .partial.
      if (running.abort.signal.aborted) await removeStalePartials(folder).catch(() => undefined);
      await lock.release().catch(() => undefined);
    }
  }

  /** The audit chain's head now, for the manifest: an anchor kept outside the database. */
  private auditHead() {
    return currentAuditHead(this.deps.repos, this.deps.clock.now());
  }

  private async learnDestination(folder: string): Promise<void> {
    try {
      const newest = (await listBackupFiles(folder))
        .filter((b) => b.header !== null)
        .sort((a, b) => (b.header!.createdAt < a.header!.createdAt ? -1 : 1))[0];
      if (newest?.header) this.destinationKeys.set(resolve(folder), { keyId: newest.header.keyId, kdf: newest.header.kdf });
    } catch (error) {
      this.deps.logger.info({ folder, err: error instanceof Error ? error.message : String(error) }, 'backup destination not readable now');
    }
  }

  /** A backup of a job: by hand, on schedule, or a failed scheduled run's retry. */
  prepareBackup(jobId: string, trigger: BackupTrigger): PreparedTask {
    const job = this.deps.repos.backups.getJob(jobId)!;
    // A slot's first try resets its retries; a retry is the next try of the slot.
    const attempt = trigger === 'retry' ? job.retryAttempt + 1 : 1;
    const label = trigger === 'retry' ? `Backup of ${job.name} (try ${attempt} of ${RETRY_DELAYS_MS.length + 1})` : `Backup of ${job.name}`;
    const running = this.newTask('backup', job.id, null, label);
    return this.launch(running, () => this.backup(job, trigger, attempt, running));
  }

  /** The run goes on record; a record that cannot be written (a full disk) is logged, and the task still reports. */
  private recordRun(row: BackupRunRow): void {
    try {
      this.deps.repos.backups.insertRun(row);
    } catch (error) {
      this.deps.logger.error(
        { job: row.jobId, err: error instanceof Error ? error.message : String(error) },
        'recording a backup run failed',
      );
    }
  }

  /** Tells the job's channel, when it has one for this outcome. */
  private notify(job: BackupJobRow, outcome: BackupNotice['outcome'], detail: string): void {
    const notify = job.notify;
    if (!notify || !(outcome === 'completed' ? notify.onSuccess : notify.onFailure)) return;
    const title = `Backup ${outcome === 'completed' ? 'Completed' : 'Failed'}: ${job.name}`;
    if (!this.deps.alerting.notify(notify.channelId, { outcome, job, title, detail }))
      this.deps.logger.warn({ job: job.id, channel: notify.channelId }, 'the backup job names a channel that no longer exists');
  }

  private async backup(job: BackupJobRow, trigger: BackupTrigger, attempt: number, running: Running): Promise<void> {
    const started = this.deps.clock.now();
    const key = jobKey(job);
    const signal = running.abort.signal;
    const run = { id: randomBytes(8).toString('hex'), jobId: job.id, jobName: job.name, trigger, attempt, startedAt: started };
    // A retry or a new slot takes the waiting retry; it is scheduled again below if this try fails too.
    if (trigger !== 'manual') this.deps.repos.backups.updateJob(job.id, { retryAt: null });
    try {
      const outcome = await this.withLock(job.destination, running, async () => {
        const sources = job.sources;
        const database = sources.some((s) => s.kind === 'database') ? this.deps.database : undefined;
        const folders: FolderSource[] = sources.flatMap((s) =>
          s.kind === 'folder' ? [{ path: s.path, include: s.include, exclude: s.exclude }] : [],
        );
        // The audit archives and the anchors moved out of the log go with the database they belong to.
        if (database) folders.push(consoleAuditSource(dirname(database.path)));
        const result = await this.run(
          'backup',
          {
            destination: job.destination,
            key,
            ...(database ? { database } : {}),
            folders,
            label: job.name,
            compressionLevel: job.compressionLevel,
            auditHead: this.auditHead(),
          },
          { signal, onProgress: this.progress(running), clock: this.deps.clock },
        );
        try {
          // Read back and authenticate before it counts as good.
          throwIfCancelled(signal);
          await this.run('verify', { file: result.file, key }, { signal, onProgress: this.progress(running), clock: this.deps.clock });
          throwIfCancelled(signal);
        } catch (error) {
          // Cancelled once written but before it was recorded: nothing of this run is kept.
          if (signal.aborted) await rm(result.file, { force: true });
          throw error;
        }
        const now = this.deps.clock.now();
        this.deps.repos.transaction(() => {
          this.deps.repos.backups.insertBackup({
            id: result.backupId,
            jobId: job.id,
            fileName: result.name,
            path: result.file,
            createdAt: Date.parse(result.createdAt),
            kind: trigger === 'manual' ? 'manual' : 'scheduled',
            sizeBytes: result.fileBytes,
            sourceBytes: result.bytes,
            files: result.entries,
            keyId: result.keyId,
            verify: 'good',
            verifiedAt: now,
            verifyDetail: 'Read back and authenticated after it was written',
          });
        });
        this.destinationKeys.set(resolve(job.destination), { keyId: result.keyId, kdf: key.kdf });
        running.task = { ...running.task, phase: 'Applying the retention policy', currentFile: null };
        this.deps.emit({ event: 'backups.progress', payload: running.task });
        const removed = await this.applyRetention(job.id, signal);
        return { result, removed };
      });
      const now = this.deps.clock.now();
      const { result, removed } = outcome;
      const ratio = result.fileBytes === 0 ? 1 : result.bytes / result.fileBytes;
      const pruned = removed > 0 ? `; retention removed ${removed} older backup${removed === 1 ? '' : 's'}` : '';
      const tries = attempt > 1 ? ` on try ${attempt}` : '';
      // Cancelled during retention: the new backup is verified and recorded, so it stays and counts.
      const detail = signal.aborted
        ? `Cancelled while applying the retention policy; the new backup was verified and kept${pruned}, no other older backup was removed.`
        : `${formatBytes(result.bytes)} in ${formatDuration(now - started)} (${ratio.toFixed(1)}× smaller), verified${tries}${pruned}`;
      this.deps.repos.backups.updateJob(job.id, {
        lastRun: { at: now, ok: !signal.aborted, detail },
        lastGoodAt: now,
        retryAt: null,
        retryAttempt: 0,
      });
      this.recordRun({
        ...run,
        endedAt: now,
        outcome: 'good',
        sizeBytes: result.fileBytes,
        sourceBytes: result.bytes,
        files: result.entries,
        backupId: result.backupId,
        error: null,
        retryAt: null,
      });
      this.deps.alerting.clear('backup-failed', job, 'A backup succeeded');
      this.deps.caughtUp(job, 'A good backup was made');
      // The job can be restored from again; a stored backup that still fails is found by the next check and raised anew.
      this.deps.alerting.clear('backup-verify-failed', job, `A new backup (${result.name}) was made and read back good`);
      this.notify(
        job,
        'completed',
        `${formatBytes(result.fileBytes)} stored from ${formatBytes(result.bytes)}, ${result.entries} file${result.entries === 1 ? '' : 's'}${tries}`,
      );
      this.end(running, !signal.aborted, detail);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const cancelled = error instanceof OperationCancelledError || signal.aborted;
      const now = this.deps.clock.now();
      // A failed scheduled run is tried again after 5, 15 and 45 minutes; only the last failure alerts.
      // A damaged console database is not a passing fault: every try would read the same damage, and
      // the alert would come an hour late, so it alerts at once.
      const retryable = !cancelled && trigger !== 'manual' && !(error instanceof DatabaseDamagedError);
      const delay = retryable ? RETRY_DELAYS_MS[attempt - 1] : undefined;
      const retryAt = delay === undefined ? null : now + delay;
      const detail = cancelled
        ? 'Cancelled; nothing was kept from this run, earlier backups are untouched.'
        : retryAt !== null
          ? `${message} Trying again in ${Math.round(delay! / 60_000)} minutes (try ${attempt + 1} of ${RETRY_DELAYS_MS.length + 1}).`
          : message;
      try {
        this.deps.repos.backups.updateJob(job.id, {
          lastRun: { at: now, ok: false, detail },
          ...(trigger !== 'manual' ? { retryAt, retryAttempt: retryAt === null ? 0 : attempt } : {}),
        });
      } catch (recordError) {
        // A full data disk: the alert (kept in memory until it can be written) and the task's end still report it.
        this.deps.logger.error(
          { job: job.id, err: recordError instanceof Error ? recordError.message : String(recordError) },
          'recording the failed backup failed',
        );
      }
      this.recordRun({
        ...run,
        endedAt: now,
        outcome: cancelled ? 'cancelled' : 'failed',
        sizeBytes: null,
        sourceBytes: null,
        files: null,
        backupId: null,
        error: cancelled ? null : message,
        retryAt,
      });
      if (!cancelled && retryAt === null) {
        this.deps.logger.warn({ job: job.id, err: message }, 'backup failed');
        const after = attempt > 1 ? ` after ${attempt} tries` : '';
        this.deps.alerting.raise('backup-failed', job, `${job.name} failed${after}: ${message}`);
        this.notify(job, 'failed', `${message}${after ? ` (${after.trim()})` : ''}`);
      } else if (!cancelled) {
        this.deps.logger.info({ job: job.id, err: message, retryAt }, 'backup failed; it will be tried again');
      }
      this.end(running, false, detail);
    }
  }

  /** Deletes the backups the job's policy does not keep; safety copies are never its to delete. */
  async applyRetention(jobId: string, signal?: AbortSignal): Promise<number> {
    const job = this.deps.repos.backups.getJob(jobId);
    if (!job) return 0;
    const candidates = this.deps.repos.backups.listBackups(job.id).filter((b) => b.kind !== 'safety');
    const decision = selectRetention(
      candidates.map((b) => ({
        id: b.id,
        createdAt: b.createdAt,
        verify: b.verify === 'good' ? 'good' : b.verify === 'failed' ? 'failed' : 'unverified',
      })),
      job.retention,
      this.deps.identity.timeZone(),
    );
    let removed = 0;
    for (const { id } of decision.remove) {
      // Cancel stops between two deletions: each backup is either still there and listed, or gone.
      if (signal?.aborted) break;
      const row = this.deps.repos.backups.getBackup(id);
      if (!row) continue;
      try {
        await unlink(row.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.deps.logger.warn({ file: row.path, err: (error as Error).message }, 'retention could not delete a backup');
          continue;
        }
      }
      this.deps.repos.backups.deleteBackup(id);
      removed += 1;
    }
    const retired = prunedRetiredKeys(job, new Set(this.deps.repos.backups.listBackups(job.id).map((b) => b.keyId)));
    if (retired !== null) this.deps.repos.backups.updateJob(job.id, { retiredKeysJson: retired });
    return removed;
  }

  /** Reads a backup back and records the verdict. */
  prepareVerify(backupId: string): PreparedTask {
    const row = this.deps.repos.backups.getBackup(backupId)!;
    const job = row.jobId === null ? undefined : this.deps.repos.backups.getJob(row.jobId);
    const running = this.newTask('verify', job?.id ?? null, row.id, `Verify ${row.fileName}`);
    return this.launch(running, async () => {
      const ok = await this.verifyOne(row, job, running);
      if (running.abort.signal.aborted && !ok) this.end(running, false, 'Cancelled; the backup and its last verdict are unchanged.');
      else
        this.end(
          running,
          ok,
          ok
            ? 'every frame authenticated and every file matched its SHA-256'
            : (this.deps.repos.backups.getBackup(row.id)?.verifyDetail ?? 'cancelled'),
        );
    });
  }

  private async verifyOne(row: BackupRow, job: BackupJobRow | undefined, running: Running): Promise<boolean> {
    const key = job ? jobKeyFor(job, row.keyId) : undefined;
    if (!job || !key) {
      this.deps.repos.backups.updateBackup(row.id, {
        verify: 'unverified',
        verifyDetail: 'Made with a key its job does not hold: verify it with its own passphrase by restoring it',
      });
      return false;
    }
    try {
      await this.run(
        'verify',
        { file: row.path, key },
        { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
      );
      this.deps.repos.backups.updateBackup(row.id, {
        verify: 'good',
        verifiedAt: this.deps.clock.now(),
        verifyDetail: 'Every frame authenticated and every file matched its SHA-256',
      });
      this.goodAgain(job, row);
      return true;
    } catch (error) {
      if (error instanceof OperationCancelledError || running.abort.signal.aborted) return false;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.repos.backups.updateBackup(row.id, { verify: 'failed', verifiedAt: this.deps.clock.now(), verifyDetail: message });
      // A backup that no longer reads back is not good: the job's last good backup (and its overdue clock) move back.
      this.deps.repos.backups.updateJob(job.id, { lastGoodAt: this.lastGoodBackupAt(job.id) });
      this.deps.alerting.raise('backup-verify-failed', job, `${job.name}: ${message}`);
      return false;
    }
  }

  /** When the newest backup of a job that was read back good and has not failed a verification since was made; null if none. */
  private lastGoodBackupAt(jobId: string): number | null {
    // Safety copies are never read back when they are made, so they do not count.
    return this.deps.repos.backups.listBackups(jobId).find((b) => b.kind !== 'safety' && b.verify !== 'failed')?.createdAt ?? null;
  }

  /**
   * A stored backup verified good (again): the job's last good backup may move forward, and once
   * none of its backups fails verification any more, the alert about them resolves.
   */
  private goodAgain(job: BackupJobRow, row: BackupRow): void {
    const current = this.deps.repos.backups.getJob(job.id) ?? job;
    const lastGoodAt = Math.max(current.lastGoodAt ?? 0, this.lastGoodBackupAt(job.id) ?? 0) || null;
    if (lastGoodAt !== current.lastGoodAt) this.deps.repos.backups.updateJob(job.id, { lastGoodAt });
    if (lastGoodAt !== null && this.deps.clock.now() - lastGoodAt <= job.overdueAfterHours * HOUR_MS) {
      this.deps.caughtUp(job, `${row.fileName} verified good again`);
    }
    if (!this.deps.repos.backups.listBackups(job.id).some((b) => b.verify === 'failed')) {
      this.deps.alerting.clear(
        'backup-verify-failed',
        job,
        `${row.fileName} verified good again; no stored backup of the job fails verification`,
      );
    }
  }

  startScheduledBackup(jobId: string): void {
    this.prepareBackup(jobId, 'scheduled').launch();
  }

  startRetry(jobId: string): void {
    this.prepareBackup(jobId, 'retry').launch();
  }

  startRollingCheck(jobId: string): void {
    const job = this.deps.repos.backups.getJob(jobId)!;
    // Backups under a retired key are checked like the others: the job still holds their key.
    const stored = this.deps.repos.backups.listBackups(job.id).filter((b) => jobKeyFor(job, b.keyId) !== undefined);
    const share = stored.sort((a, b) => (a.verifiedAt ?? 0) - (b.verifiedAt ?? 0)).slice(0, Math.ceil(stored.length / ROLLING_SHARE));
    this.deps.repos.backups.updateJob(job.id, { lastRollingCheckAt: this.deps.clock.now() });
    const running = this.newTask('verify', job.id, null, `Daily check of ${job.name}'s backups`);
    this.launch(running, async () => {
      let failed = 0;
      for (const row of share) if (!(await this.verifyOne(row, job, running))) failed += 1;
      this.end(running, failed === 0, `${share.length - failed} of ${share.length} backups read back good`);
    }).launch();
  }

  startTestRestore(jobId: string): boolean {
    const job = this.deps.repos.backups.getJob(jobId)!;
    const latest = this.latestDatabaseBackup(job);
    if (latest === undefined) return false;
    const startedAt = this.deps.clock.now();
    this.deps.repos.backups.updateJob(job.id, { lastTestRestoreAt: startedAt });
    // On the run history like a backup run, so a month's test restores can still be counted once later ones have run.
    const recordTestRestore = (outcome: BackupRun['outcome'], error: string | null) =>
      this.recordRun({
        id: randomBytes(8).toString('hex'),
        jobId: job.id,
        jobName: job.name,
        trigger: 'test-restore',
        attempt: 1,
        startedAt,
        endedAt: this.deps.clock.now(),
        outcome,
        sizeBytes: null,
        sourceBytes: null,
        files: null,
        backupId: latest.id,
        error,
        retryAt: null,
      });
    const running = this.newTask('test-restore', job.id, latest.id, `Weekly test restore of ${job.name}`);
    this.launch(running, async () => {
      const scratch = await mkdtemp(join(tmpdir(), 'watchroom-test-restore-'));
      try {
        await this.run(
          'restoreDatabase',
          {
            file: latest.path,
            key: jobKeyFor(job, latest.keyId)!,
            target: join(scratch, 'restored.db'),
            databaseKey: randomBytes(32),
            entryPath: databaseEntryPath(this.deps.database.path),
            thoroughCheck: true,
          },
          { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
        );
        recordTestRestore('good', null);
        this.deps.alerting.clear('backup-test-restore-failed', job, 'A test restore passed');
        this.end(running, true, `${latest.fileName} restored into a scratch folder and passed its integrity check`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const cancelled = error instanceof OperationCancelledError;
        recordTestRestore(cancelled ? 'cancelled' : 'failed', cancelled ? null : message);
        if (!cancelled)
          this.deps.alerting.raise(
            'backup-test-restore-failed',
            job,
            `${job.name}: the test restore of ${latest.fileName} failed: ${message}`,
          );
        this.end(running, false, message);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    }).launch();
    return true;
  }

  /** Reads a backup file opened from a folder back with its passphrase; nothing is recorded (the console may not know it). */
  prepareVerifyFile(file: string, passphrase: string): PreparedTask {
    const running = this.newTask('verify', null, null, `Verify ${basename(file)}`);
    return this.launch(running, async () => {
      try {
        const key = await openBackupKey(passphrase, await readBackupHeader(file));
        const result = await this.run(
          'verify',
          { file, key },
          { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
        );
        this.end(
          running,
          true,
          `${basename(file)}: every frame authenticated and every file matched its SHA-256 (${result.entries} file${result.entries === 1 ? '' : 's'}, ${formatBytes(result.bytes)})`,
        );
      } catch (error) {
        this.end(running, false, `${basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /** Restores chosen files (or all) into a new folder. */
  prepareRestoreFiles(row: BackupRef, target: string, only: string[] | undefined, passphrase: string | undefined): PreparedTask {
    const job = row.jobId === null ? undefined : this.deps.repos.backups.getJob(row.jobId);
    const running = this.newTask('restore', job?.id ?? null, row.id, `Restore ${row.fileName} to ${target}`);
    return this.launch(running, async () => {
      try {
        const key = await this.keyFor(row, job, passphrase);
        const result = await this.run(
          'restore',
          { file: row.path, key, target, ...(only ? { only } : {}), databaseKey: this.deps.database.key },
          { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
        );
        this.end(
          running,
          true,
          `${result.entries.length} file${result.entries.length === 1 ? '' : 's'} (${formatBytes(result.bytes)}) restored to ${result.target}, every frame authenticated`,
        );
      } catch (error) {
        // Said so it cannot read as "the folder was emptied": only what this restore wrote is removed.
        this.end(
          running,
          false,
          `${error instanceof Error ? error.message : String(error)} No partly restored file was left in ${target}; nothing else there, and nothing in the backup, was changed.`,
        );
      }
    });
  }

  /**
   * Restores the console's database: a safety backup of the current one first, then the backup
   * into a new file keyed with the console's key and checked; it replaces the live database when
   * Watchroom next starts (a running core cannot swap its own open database).
   */
  prepareRestoreDatabase(row: BackupRef, passphrase: string | undefined): PreparedTask {
    const job = row.jobId === null ? undefined : this.deps.repos.backups.getJob(row.jobId);
    const running = this.newTask('restore', job?.id ?? null, row.id, `Restore the console database from ${row.fileName}`);
    const { restored, marker, audit } = pendingRestorePaths(this.deps.database.path);
    return this.launch(running, async () => {
      try {
        const key = await this.keyFor(row, job, passphrase);
        if (job) {
          running.task = { ...running.task, phase: 'Safety backup of the current database' };
          await this.withLock(job.destination, running, async () => {
            const safety = await this.run(
              'backup',
              {
                destination: job.destination,
                key: jobKey(job),
                database: this.deps.database,
                folders: [consoleAuditSource(dirname(this.deps.database.path))],
                label: `${job.name} safety copy`,
                compressionLevel: job.compressionLevel,
                auditHead: this.auditHead(),
                // The database is often replaced because it is damaged: its copy must not refuse it.
                checkDatabase: false,
              },
              { signal: running.abort.signal, onProgress: this.progress(running, 'Safety backup'), clock: this.deps.clock },
            );
            this.deps.repos.backups.insertBackup({
              id: safety.backupId,
              jobId: job.id,
              fileName: safety.name,
              path: safety.file,
              createdAt: Date.parse(safety.createdAt),
              kind: 'safety',
              sizeBytes: safety.fileBytes,
              sourceBytes: safety.bytes,
              files: safety.entries,
              keyId: safety.keyId,
              verify: 'unverified',
              verifiedAt: null,
              verifyDetail: null,
            });
          });
        }
        await rm(restored, { force: true });
        const { check } = await this.run(
          'restoreDatabase',
          {
            file: row.path,
            key,
            target: restored,
            databaseKey: this.deps.database.key,
            entryPath: databaseEntryPath(this.deps.database.path),
          },
          { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
        );
        // Its audit archives (and anchors) wait beside it, to take their place with it at the next start.
        await rm(audit, { recursive: true, force: true });
        const manifest = await readBackupManifest(row.path, key);
        if (manifest.entries.some((entry) => entry.path.startsWith(`${CONSOLE_AUDIT_ROOT}/`)))
          await this.run(
            'restore',
            { file: row.path, key, target: audit, only: [CONSOLE_AUDIT_ROOT] },
            { signal: running.abort.signal, onProgress: this.progress(running), clock: this.deps.clock },
          );
        await writeFile(marker, JSON.stringify({ from: row.path, at: this.deps.clock.now() }), { mode: 0o600 });
        this.end(
          running,
          true,
          `the database from ${row.fileName} passed its check (${RESTORED_CHECK_WORDS[check]})${job ? '; a safety backup of the current one was taken first' : ''}. Restart Watchroom to switch to it.`,
        );
      } catch (error) {
        await rm(restored, { force: true });
        await rm(audit, { recursive: true, force: true });
        this.end(running, false, `${error instanceof Error ? error.message : String(error)} The current database is unchanged.`);
      }
    });
  }

  /** The job's key (current or retired) that made the backup; otherwise the passphrase given, refused if wrong before anything is written. */
  private async keyFor(row: BackupRef, job: BackupJobRow | undefined, passphrase: string | undefined): Promise<BackupKey> {
    const held = job ? jobKeyFor(job, row.keyId) : undefined;
    if (held && !passphrase) return held;
    if (!passphrase) throw new Error(`${row.fileName} was made with a key its job does not hold: enter the passphrase it was made with.`);
    return openBackupKey(passphrase, await readBackupHeader(row.path));
  }
}
