import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { WatchroomError, type BackupJob, type ParsedInput, type RetentionPreview } from '../../shared/contract';
import { nextCronRun, parseCron } from '../../shared/domain/cron';
import { selectRetention } from '../../shared/domain/retention';
import type { AuditAppend } from '../audit';
import type { BackupJobRow } from '../db';
import {
  requirePermission,
  type CallContext,
  type Capability,
  type CapabilityContext,
  type CommandOutcome,
  type MethodsOf,
} from '../service';
import { deriveBackupKeySync, readBackupManifest, type BackupKey, type KdfParams } from './archive';
import { jobKey, jobKeyFor, sameFolder, switchKeyColumns } from './job-keys';
import { openBackupFolder } from './folder-recovery';
import { toJob, toRecord, toRun } from './model';
import type { BackupTasks } from './tasks';

export type BackupMethods = MethodsOf<'backups'>;

export interface BackupHandlerDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  tasks: BackupTasks;
  /** A new passphrase keyed these jobs: their key-rotation alerts resolve. */
  keysRotated: (jobs: readonly { id: string; name: string }[], reason: string) => void;
  /** Records what no command records: opening a folder of backups with a passphrase. */
  recordAudit?: (entry: AuditAppend) => void;
}

/** The last runs a job shows, and at least this many good and failed ones however far back they are. */
const RECENT_RUNS = 30;
const GOOD_RUNS_KEPT_IN_VIEW = 7;
const FAILED_RUNS_KEPT_IN_VIEW = 3;

type JobSpec = Omit<ParsedInput<'backups.createJob'>, 'passphrase'>;

/** The one key a destination folder is bound to now, and the jobs that bind it (none: backups already in it do). */
interface FolderKey {
  keyId: string;
  kdf: KdfParams;
  jobs: BackupJobRow[];
}

/** Commands and queries of backup jobs, backups, retention and restores. */
export function createBackupHandlers(deps: BackupHandlerDeps): Capability<BackupMethods>['handlers'] {
  const { repos, clock, tasks } = deps;
  const repo = repos.backups;

  function requireJob(id: string): BackupJobRow {
    const job = repo.getJob(id);
    if (!job) throw new WatchroomError('not_found', `There is no backup job ${id}; it may have been removed on another console`);
    return job;
  }

  function requireBackup(id: string) {
    const row = repo.getBackup(id);
    if (!row) throw new WatchroomError('not_found', `There is no backup ${id}; retention or another console may have removed it`);
    return row;
  }

  function checkSchedule(schedule: string): void {
    const parsed = parseCron(schedule);
    if (!parsed.ok)
      throw new WatchroomError('invalid_input', `The schedule "${schedule}" is not a cron line: ${parsed.message}`, [
        { path: 'schedule', message: parsed.message },
      ]);
    if (nextCronRun(parsed.cron, clock.now(), deps.identity.timeZone()) === null) {
      throw new WatchroomError('invalid_input', `The schedule "${schedule}" never runs`, [
        { path: 'schedule', message: 'This line never runs: check the day and month' },
      ]);
    }
  }

  /**
   * One key per destination folder at a time: the key of the jobs already configured for it, or
   * else of the newest backup in it. Commands run one at a time in their transaction, so of two
   * jobs created at once for an empty folder the second already sees the first.
   */
  function folderKey(destination: string, exceptJobId: string | null): FolderKey | undefined {
    const jobs = repo.listJobs().filter((j) => j.id !== exceptJobId && sameFolder(j.destination, destination));
    const first = jobs[0];
    if (first) return { keyId: first.keyId, kdf: jobKey(first).kdf, jobs };
    const stored = tasks.destinationKey(destination);
    return stored ? { ...stored, jobs: [] } : undefined;
  }

  /**
   * The key for a passphrase in a destination: a folder bound to a key keeps it, so the
   * passphrase must give that key; a wrong one is refused and nothing is saved. scrypt runs here,
   * in the command, about a tenth of a second: a job's passphrase is entered once.
   */
  function keyFor(passphrase: string, destination: string, exceptJobId: string | null): BackupKey {
    const bound = folderKey(destination, exceptJobId);
    if (!bound) return deriveBackupKeySync(passphrase);
    const key = deriveBackupKeySync(passphrase, bound.kdf);
    if (key.keyId === bound.keyId) return key;
    const owner = bound.jobs[0];
    if (owner) {
      throw new WatchroomError(
        'invalid_input',
        `The job "${owner.name}" already writes to ${destination} with another passphrase, and a folder holds backups of one key at a time; nothing was saved`,
        [{ path: 'passphrase', message: `Enter the passphrase of "${owner.name}" (key ${bound.keyId}), or choose another folder` }],
      );
    }
    throw new WatchroomError('invalid_input', `This passphrase does not open the backups already in ${destination}; nothing was saved`, [
      {
        path: 'passphrase',
        message: `The backups in this folder were made with another passphrase (key ${bound.keyId}): enter that one, or choose another folder`,
      },
    ]);
  }

  /**
   * A new passphrase for a job that stays in its folder is a key rotation of that folder: new
   * backups of every job writing there use the new key, and each keeps the old one for the
   * backups it made. The same passphrase typed again changes nothing.
   */
  function rotation(job: BackupJobRow, passphrase: string): { key: BackupKey; jobs: BackupJobRow[] } | undefined {
    if (deriveBackupKeySync(passphrase, jobKey(job).kdf).keyId === job.keyId) return undefined;
    const others = repo.listJobs().filter((j) => j.id !== job.id && sameFolder(j.destination, job.destination));
    return { key: deriveBackupKeySync(passphrase), jobs: [job, ...others] };
  }

  function describe(spec: JobSpec) {
    return {
      name: spec.name,
      destination: spec.destination,
      schedule: spec.schedule,
      sources: spec.sources,
      retention: spec.retention,
      compressionLevel: spec.compressionLevel,
      overdueAfterHours: spec.overdueAfterHours,
      notify: spec.notify,
      keyRotationDays: spec.keyRotationDays,
    };
  }

  const now = () => clock.now();
  const jobOf = (row: BackupJobRow): BackupJob => toJob(row, now(), deps.identity.timeZone());
  const changed = (jobId: string | null) => [{ event: 'backups.changed' as const, payload: { jobId, ended: null } }];

  function preview(job: BackupJobRow, retention = job.retention): RetentionPreview {
    const rows = repo.listBackups(job.id).filter((b) => b.kind !== 'safety');
    const byId = new Map(rows.map((b) => [b.id, b]));
    const decision = selectRetention(
      rows.map((b) => ({
        id: b.id,
        createdAt: b.createdAt,
        verify: b.verify === 'good' ? 'good' : b.verify === 'failed' ? 'failed' : 'unverified',
      })),
      retention,
      deps.identity.timeZone(),
    );
    return {
      keep: decision.keep.map((k) => ({
        backupId: k.id,
        createdAt: k.createdAt,
        fileName: byId.get(k.id)?.fileName ?? k.id,
        reasons: k.reasons,
      })),
      remove: decision.remove.map((r) => ({
        backupId: r.id,
        createdAt: r.createdAt,
        fileName: byId.get(r.id)?.fileName ?? r.id,
        why: r.why,
      })),
    };
  }

  return {
    'backups.overview': () => ({ jobs: repo.listJobs().map(jobOf), running: tasks.runningTasks() }),
    'backups.list': ({ jobId }: { jobId: string }) => {
      requireJob(jobId);
      return repo.listBackups(jobId).map(toRecord);
    },
    'backups.files': async ({ backupId }: { backupId: string }) => {
      const row = requireBackup(backupId);
      const job = row.jobId === null ? undefined : repo.getJob(row.jobId);
      const key = job ? jobKeyFor(job, row.keyId) : undefined;
      if (!key)
        throw new WatchroomError(
          'conflict',
          `${row.fileName} was made with a key its job does not hold; restore it whole with its passphrase`,
        );
      const manifest = await readBackupManifest(row.path, key);
      return manifest.entries.map((entry) => ({ path: entry.path, kind: entry.kind, size: entry.size }));
    },
    'backups.retentionPreview': ({ jobId, retention }: ParsedInput<'backups.retentionPreview'>) => preview(requireJob(jobId), retention),

    'backups.createJob': (input: ParsedInput<'backups.createJob'>): CommandOutcome<BackupJob> => {
      const { passphrase, ...spec } = input;
      checkSchedule(spec.schedule);
      const key = keyFor(passphrase, spec.destination, null);
      const at = now();
      const row: BackupJobRow = {
        id: randomBytes(8).toString('hex'),
        name: spec.name,
        sources: spec.sources,
        destination: spec.destination,
        schedule: spec.schedule,
        retention: spec.retention,
        compressionLevel: spec.compressionLevel,
        overdueAfterHours: spec.overdueAfterHours,
        keyHex: key.key.toString('hex'),
        kdfJson: JSON.stringify(key.kdf),
        keyId: key.keyId,
        retiredKeysJson: '[]',
        notify: spec.notify,
        keyRotationDays: spec.keyRotationDays,
        keySetAt: at,
        retryAt: null,
        retryAttempt: 0,
        createdAt: at,
        updatedAt: at,
        // The schedule starts now: slots before the job existed are not missed runs.
        lastSlotAt: at,
        lastRun: null,
        lastGoodAt: null,
        lastRollingCheckAt: null,
        lastTestRestoreAt: null,
      };
      repo.insertJob(row);
      return { value: jobOf(row), target: `backup-job:${row.id}`, after: { ...describe(spec), keyId: key.keyId }, events: changed(row.id) };
    },

    'backups.updateJob': ({ id, job: input }: ParsedInput<'backups.updateJob'>, { actor }: CallContext): CommandOutcome<BackupJob> => {
      const before = requireJob(id);
      const { passphrase, ...spec } = input;
      checkSchedule(spec.schedule);
      const at = now();
      // Staying in its folder, a new passphrase rotates the folder's key. Moving to another
      // folder, the job takes that folder's key: the passphrase must give it, and without one
      // the job's own key must be it.
      const stays = sameFolder(before.destination, spec.destination);
      const rotated = stays && passphrase !== undefined ? rotation(before, passphrase) : undefined;
      const key = !stays && passphrase !== undefined ? keyFor(passphrase, spec.destination, id) : rotated?.key;
      const bound = !stays && passphrase === undefined ? folderKey(spec.destination, id) : undefined;
      if (bound !== undefined && bound.keyId !== before.keyId) {
        throw new WatchroomError('invalid_input', `The backups in ${spec.destination} are made with another passphrase`, [
          { path: 'passphrase', message: 'Enter the passphrase of the backups in that folder, or choose another folder' },
        ]);
      }
      if (rotated) {
        for (const other of rotated.jobs.filter((j) => j.id !== id))
          repo.updateJob(other.id, { ...switchKeyColumns(other, rotated.key, at), keySetAt: at, updatedAt: at });
      }
      const values = {
        name: spec.name,
        sources: spec.sources,
        destination: spec.destination,
        schedule: spec.schedule,
        retention: spec.retention,
        compressionLevel: spec.compressionLevel,
        overdueAfterHours: spec.overdueAfterHours,
        notify: spec.notify,
        keyRotationDays: spec.keyRotationDays,
        updatedAt: at,
        ...(key ? { ...switchKeyColumns(before, key, at), ...(key.keyId !== before.keyId ? { keySetAt: at } : {}) } : {}),
      };
      repo.updateJob(id, values);
      const after = requireJob(id);
      return {
        value: jobOf(after),
        target: `backup-job:${id}`,
        before: { ...describe(toJob(before, now(), deps.identity.timeZone())), keyId: before.keyId },
        after: { ...describe(spec), keyId: after.keyId, ...(rotated ? { keyRotatedFor: rotated.jobs.map((j) => j.name) } : {}) },
        events: changed(id),
        ...(rotated ? { afterCommit: () => deps.keysRotated(rotated.jobs, `Key rotated by ${actor.displayName}`) } : {}),
      };
    },

    'backups.deleteJob': ({ jobId }: { jobId: string }) => {
      const job = requireJob(jobId);
      if (tasks.isBusy(jobId)) throw new WatchroomError('conflict', `${job.name} is running now: cancel it first`);
      repo.deleteJob(jobId);
      return {
        value: { id: jobId },
        target: `backup-job:${jobId}`,
        before: { name: job.name, destination: job.destination },
        after: { backupsKeptIn: job.destination },
        events: changed(jobId),
      };
    },

    'backups.runNow': ({ jobId }: { jobId: string }) => {
      const job = requireJob(jobId);
      if (tasks.isBusy(jobId)) throw new WatchroomError('conflict', `${job.name} is already running`);
      const prepared = tasks.prepareBackup(jobId, 'manual');
      return {
        value: prepared.task,
        target: `backup-job:${jobId}`,
        after: { started: 'backup', taskId: prepared.task.taskId },
        afterCommit: prepared.launch,
      };
    },

    'backups.cancel': ({ taskId }: { taskId: string }) => {
      if (!tasks.runningTasks().some((t) => t.taskId === taskId)) throw new WatchroomError('conflict', 'That task is not running any more');
      return {
        value: { taskId },
        target: `backup-task:${taskId}`,
        after: { cancelled: true },
        afterCommit: () => void tasks.cancel(taskId),
      };
    },

    'backups.verify': ({ backupId }: { backupId: string }) => {
      const row = requireBackup(backupId);
      if (row.jobId !== null && tasks.isBusy(row.jobId))
        throw new WatchroomError('conflict', 'Its job is running now: verify it when that is done');
      const prepared = tasks.prepareVerify(backupId);
      return {
        value: prepared.task,
        target: `backup:${backupId}`,
        after: { started: 'verify', taskId: prepared.task.taskId },
        afterCommit: prepared.launch,
      };
    },

    'backups.applyRetention': ({ jobId }: { jobId: string }) => {
      const job = requireJob(jobId);
      if (tasks.isBusy(jobId)) throw new WatchroomError('conflict', `${job.name} is running now: apply retention when it is done`);
      const planned = preview(job);
      return {
        value: planned,
        target: `backup-job:${jobId}`,
        after: { removing: planned.remove.map((r) => r.fileName) },
        afterCommit: () => void tasks.applyRetention(jobId),
        events: changed(jobId),
      };
    },

    'backups.restore': ({ backupId, passphrase, target }: ParsedInput<'backups.restore'>, { actor }) => {
      // Restoring files is a supervisor's; replacing the console's own database is an admin's.
      if (target.kind === 'database') requirePermission(actor, 'backups.restoreDatabase', 'restore the console’s database');
      const row = requireBackup(backupId);
      const job = row.jobId === null ? undefined : repo.getJob(row.jobId);
      if (job && tasks.isBusy(job.id)) throw new WatchroomError('conflict', `${job.name} is running now: restore when it is done`);
      if ((!job || !jobKeyFor(job, row.keyId)) && !passphrase) {
        throw new WatchroomError('invalid_input', `${row.fileName} was made with a key its job does not hold`, [
          { path: 'passphrase', message: 'Enter the passphrase this backup was made with' },
        ]);
      }
      const after =
        target.kind === 'database'
          ? { restore: 'database', from: row.fileName }
          : { restore: 'files', from: row.fileName, to: target.path, only: target.only?.length ?? 'all' };
      const prepared =
        target.kind === 'database'
          ? tasks.prepareRestoreDatabase(row, passphrase)
          : tasks.prepareRestoreFiles(row, target.path, target.only, passphrase);
      return {
        value: prepared.task,
        target: `backup:${backupId}`,
        after: { ...after, taskId: prepared.task.taskId },
        afterCommit: prepared.launch,
      };
    },

    // Recovery on a replacement workstation (issue 16).
    'backups.openFolder': async ({ folder, passphrase }: ParsedInput<'backups.openFolder'>, { actor }) => {
      const listing = await openBackupFolder(folder, passphrase);
      deps.recordAudit?.({
        actor: actor.id,
        actorName: actor.displayName,
        seat: actor.seat,
        authorizedBy: actor.authorizedBy,
        action: 'backups.openFolder',
        target: `backup-folder:${folder}`,
        after: { backups: listing.backups.length, opened: listing.backups.filter((b) => b.problem === null).length },
        result: 'ok',
      });
      return listing;
    },

    'backups.verifyFile': ({ file, passphrase }: ParsedInput<'backups.verifyFile'>) => {
      const prepared = tasks.prepareVerifyFile(file, passphrase);
      return {
        value: prepared.task,
        target: `backup-file:${file}`,
        after: { started: 'verify', taskId: prepared.task.taskId },
        afterCommit: prepared.launch,
      };
    },

    'backups.restoreFile': ({ file, passphrase, target }: ParsedInput<'backups.restoreFile'>) => {
      // No job and no id: the file from the folder, opened with the passphrase given, refused before anything is written if wrong.
      const ref = { id: null, jobId: null, fileName: basename(file), path: file, keyId: '' };
      const prepared =
        target.kind === 'database'
          ? tasks.prepareRestoreDatabase(ref, passphrase)
          : tasks.prepareRestoreFiles(ref, target.path, undefined, passphrase);
      return {
        value: prepared.task,
        target: `backup-file:${file}`,
        after: {
          ...(target.kind === 'database' ? { restore: 'database' } : { restore: 'files', to: target.path }),
          from: file,
          taskId: prepared.task.taskId,
        },
        afterCommit: prepared.launch,
      };
    },

    'backups.runs': ({ jobId }: ParsedInput<'backups.runs'>) => {
      requireJob(jobId);
      const byId = new Map(
        [
          ...repo.listRuns(jobId, RECENT_RUNS),
          ...repo.listRuns(jobId, GOOD_RUNS_KEPT_IN_VIEW, 'good'),
          ...repo.listRuns(jobId, FAILED_RUNS_KEPT_IN_VIEW, 'failed'),
        ].map((run) => [run.id, run]),
      );
      return { runs: [...byId.values()].sort((a, b) => b.startedAt - a.startedAt).map(toRun) };
    },

    'backups.rotateKey': ({ jobId, passphrase }: ParsedInput<'backups.rotateKey'>, { actor }: CallContext): CommandOutcome<BackupJob> => {
      const before = requireJob(jobId);
      const rotated = rotation(before, passphrase);
      if (!rotated)
        throw new WatchroomError('invalid_input', 'That is the passphrase the job already uses: give a new one to rotate its key', [
          { path: 'passphrase', message: 'Give a new passphrase' },
        ]);
      const at = now();
      for (const job of rotated.jobs) repo.updateJob(job.id, { ...switchKeyColumns(job, rotated.key, at), keySetAt: at, updatedAt: at });
      const after = requireJob(jobId);
      return {
        value: jobOf(after),
        target: `backup-job:${jobId}`,
        before: { keyId: before.keyId },
        after: { keyId: after.keyId, keyRotatedFor: rotated.jobs.map((j) => j.name) },
        events: changed(jobId),
        afterCommit: () => deps.keysRotated(rotated.jobs, `Key rotated by ${actor.displayName}`),
      };
    },
  };
}
