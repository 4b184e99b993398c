import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { createChangeFeed } from '../replication';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  AlertDetail,
  AlertSnapshot,
  AppInfo,
  AuditPage,
  BackupJob,
  BackupRecord,
  BackupRun,
  BackupsChanged,
  BackupTask,
  Envelope,
  RetentionPreview,
  Settings,
} from '../../shared/contract';
import { LOCK_FILE_NAME } from './lock';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const HOUR = 3_600_000;

type Ended = NonNullable<BackupsChanged['ended']>;

async function setup(options: { dataDir?: string; clock?: FakeClock; key?: Buffer } = {}) {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
  const dataDir = options.dataDir ?? tempDir();
  const harness = startTestCore(dataDir, { clock, ...(options.key ? { key: options.key } : {}) });
  const ended: Ended[] = [];
  const waiters: ((e: Ended) => void)[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'backups.changed' && message.payload.ended) {
      ended.push(message.payload.ended);
      waiters.splice(0).forEach((resolve) => resolve(message.payload.ended!));
    }
  });
  harness.core.start();
  const call = (method: string, input?: unknown): Promise<Envelope> => harness.call(method, input);
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  /** The next task to end (the worker runs on real time; the schedule on the fake clock). */
  const nextEnded = () => new Promise<Ended>((resolve) => waiters.push(resolve));
  const openAlerts = async () => (await ok<AlertSnapshot>('alerts.snapshot')).alerts.filter((a) => a.state !== 'resolved');
  return { clock, dataDir, key: harness.key, core: harness.core, call, ok, nextEnded, ended, openAlerts };
}

function sourceFolder(): string {
  const folder = join(tempDir(), 'footage-index');
  mkdirSync(join(folder, 'logs'), { recursive: true });
  writeFileSync(join(folder, 'logs', 'gate.log'), 'gate opened 21:40\n'.repeat(2000));
  writeFileSync(join(folder, 'logs', 'skip.tmp'), 'scratch');
  writeFileSync(join(folder, 'site.json'), JSON.stringify({ site: 'Harbour Gate', cameras: 12 }));
  return folder;
}

function jobInput(destination: string, folder: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Nightly',
    sources: [{ kind: 'database' }, { kind: 'folder', path: folder, exclude: ['**/*.tmp'] }],
    destination,
    schedule: '0 2 * * *',
    passphrase: PASSPHRASE,
    ...overrides,
  };
}

describe('backup jobs', () => {
  it('backs up the database and a folder, reads the backup back before it counts, and restores the files to a new folder', async () => {
    const { ok, call, nextEnded, core } = await setup();
    const destination = tempDir();
    const folder = sourceFolder();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, folder));
    expect(job.keyId).toMatch(/^[0-9a-f]{16}$/);

    const done = nextEnded();
    const task = await ok<BackupTask>('backups.runNow', { jobId: job.id });
    expect(task).toMatchObject({ kind: 'backup', jobId: job.id, label: 'Backup of Nightly' });
    const outcome = await done;
    expect(outcome).toMatchObject({ ok: true, kind: 'backup' });
    expect(outcome.detail).toContain('verified');

    const [backup] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });
    expect(backup).toMatchObject({ verify: 'good', kind: 'manual', files: 3 });
    expect(backup!.compressionRatio).toBeGreaterThan(1.5);
    expect(readdirSync(destination).filter((f) => f.endsWith('.wrbk'))).toEqual([backup!.fileName]);

    // The passphrase is never on record.
    const audit = await ok<AuditPage>('audit.list', { action: 'backups.createJob' });
    expect(JSON.stringify(audit.entries)).not.toContain(PASSPHRASE);

    const target = join(tempDir(), 'restored');
    const restored = nextEnded();
    await ok('backups.restore', { backupId: backup!.id, target: { kind: 'folder', path: target, only: ['footage-index/logs/gate.log'] } });
    expect(await restored).toMatchObject({ ok: true, kind: 'restore' });
    expect(readFileSync(join(target, 'footage-index', 'logs', 'gate.log'), 'utf8')).toBe('gate opened 21:40\n'.repeat(2000));
    expect(readdirSync(target)).toEqual(['footage-index']);
    expect((await call('backups.restore', { backupId: backup!.id, target: { kind: 'database', confirm: 'yes' } })).ok).toBe(false);
    core.close();
  });

  it('says a failed restore left no partly restored file, without suggesting the folder was emptied', async () => {
    const { ok, nextEnded, core } = await setup();
    const job = await ok<BackupJob>('backups.createJob', jobInput(tempDir(), sourceFolder()));
    const made = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    await made;
    const [backup] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });
    const target = tempDir();
    const failed = nextEnded();
    await ok('backups.restore', { backupId: backup!.id, passphrase: 'not the passphrase', target: { kind: 'folder', path: target } });
    const outcome = await failed;
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain(
      `No partly restored file was left in ${target}; nothing else there, and nothing in the backup, was changed.`,
    );
    expect(outcome.detail).not.toContain('Nothing was left');
    expect(readdirSync(target)).toEqual([]);
    core.close();
  });

  it('refuses a passphrase that does not open the backups already in the destination, and saves nothing', async () => {
    const { ok, call, nextEnded, core } = await setup();
    const destination = tempDir();
    const folder = sourceFolder();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, folder));
    const done = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    await done;
    // With the job gone, the backups it left still bind the folder to their key.
    await ok('backups.deleteJob', { jobId: job.id });
    const refused = await call(
      'backups.createJob',
      jobInput(destination, folder, { name: 'Second', passphrase: 'a different passphrase' }),
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toContain('does not open the backups already in');
      expect(refused.error.fields?.[0]?.path).toBe('passphrase');
    }
    expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs).toEqual([]);
    core.close();
  });

  it('moves a job to a folder of other backups only with their passphrase, which then keys its new backups', async () => {
    const { ok, call, nextEnded, core } = await setup();
    const folder = sourceFolder();
    const other = tempDir();
    const otherJob = await ok<BackupJob>(
      'backups.createJob',
      jobInput(other, folder, { name: 'Other site', passphrase: 'the other site passphrase' }),
    );
    const done = nextEnded();
    await ok('backups.runNow', { jobId: otherJob.id });
    await done;
    const job = await ok<BackupJob>('backups.createJob', jobInput(tempDir(), folder));
    const moved = {
      name: job.name,
      sources: job.sources,
      destination: other,
      schedule: job.schedule,
      retention: job.retention,
      compressionLevel: job.compressionLevel,
      overdueAfterHours: job.overdueAfterHours,
    };

    const refused = await call('backups.updateJob', { id: job.id, job: moved });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields?.[0]?.path).toBe('passphrase');
    expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs.find((j) => j.id === job.id)?.destination).not.toBe(other);

    const updated = await ok<BackupJob>('backups.updateJob', { id: job.id, job: { ...moved, passphrase: 'the other site passphrase' } });
    expect(updated).toMatchObject({ destination: other, keyId: otherJob.keyId });
    core.close();
  });

  it('says clearly when the destination is missing, raises a backup-failed alert, and resolves it after a good backup', async () => {
    const { ok, nextEnded, openAlerts, core } = await setup();
    const destination = join(tempDir(), 'usb-drive');
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
    const failed = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    const outcome = await failed;
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain(`The destination ${destination} does not exist or is not mounted`);
    expect(await openAlerts()).toEqual([expect.objectContaining({ ruleId: 'builtin-backup-failed', subject: `backup-job:${job.id}` })]);

    mkdirSync(destination);
    const good = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await good).ok).toBe(true);
    expect(await openAlerts()).toEqual([]);
    core.close();
  });

  it('waits for a live lock on the destination, and takes over a stale one', async () => {
    const { ok, nextEnded, core, clock } = await setup();
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
    const lock = {
      holder: 'other-console',
      host: 'nvr-room-pc',
      pid: 4242,
      acquiredAt: clock.now(),
      heartbeatAt: clock.now(),
      what: 'Backup of Weekly',
    };
    writeFileSync(join(destination, LOCK_FILE_NAME), JSON.stringify(lock));
    const busy = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await busy).detail).toContain('Another backup to');
    expect(readFileSync(join(destination, LOCK_FILE_NAME), 'utf8')).toContain('other-console');

    writeFileSync(join(destination, LOCK_FILE_NAME), JSON.stringify({ ...lock, heartbeatAt: clock.now() - 10 * 60_000 }));
    const taken = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await taken).ok).toBe(true);
    expect(readdirSync(destination)).not.toContain(LOCK_FILE_NAME);
    core.close();
  });
});

describe('cancelling', () => {
  it('stops a running backup: nothing half-written stays, and the job says it was cancelled', async () => {
    const { ok, nextEnded, openAlerts, core } = await setup();
    const folder = join(tempDir(), 'recordings');
    mkdirSync(folder);
    // Incompressible, like video: long enough to be caught running.
    for (let i = 0; i < 8; i += 1) writeFileSync(join(folder, `cam-${i}.mp4`), randomBytes(24 * 1024 * 1024));
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, folder, { sources: [{ kind: 'folder', path: folder }] }));
    const ended = nextEnded();
    const task = await ok<BackupTask>('backups.runNow', { jobId: job.id });
    await ok('backups.cancel', { taskId: task.taskId });
    const outcome = await ended;
    expect(outcome).toMatchObject({ ok: false, kind: 'backup' });
    expect(outcome.detail).toContain('Cancelled; nothing was kept from this run');
    expect(readdirSync(destination)).toEqual([]);
    expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs[0]?.lastRun).toMatchObject({ ok: false });
    // Cancelling is not a failure to alert anyone about.
    expect(await openAlerts()).toEqual([]);
    core.close();
  });
});

describe('schedules', () => {
  it('runs at its time, and runs a slot missed while the console was off at the next start', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
    const first = await setup({ clock });
    await first.ok<Settings>('settings.set', { timeZone: 'utc' });
    const destination = tempDir();
    const job = await first.ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
    const scheduled = first.nextEnded();
    await clock.advanceAsync(HOUR + 60_000, 30_000);
    expect(await scheduled).toMatchObject({ ok: true, kind: 'backup' });
    expect((await first.ok<BackupRecord[]>('backups.list', { jobId: job.id }))[0]?.kind).toBe('scheduled');
    first.core.close();

    // Off for two days: the missed 02:00 runs as soon as it starts again.
    clock.advance(2 * 24 * HOUR);
    const second = await setup({ clock, dataDir: first.dataDir, key: first.key });
    const missed = second.nextEnded();
    expect((await missed).ok).toBe(true);
    expect(await second.ok<BackupRecord[]>('backups.list', { jobId: job.id })).toHaveLength(2);
    second.core.close();
  });

  it('raises "backup overdue" when no good backup is as recent as the job asks', async () => {
    const { ok, clock, openAlerts, core } = await setup();
    await ok<BackupJob>(
      'backups.createJob',
      jobInput(join(tempDir(), 'missing'), sourceFolder(), { schedule: '0 3 1 1 *', overdueAfterHours: 2 }),
    );
    await clock.advanceAsync(2 * HOUR + 60_000, 30_000);
    expect(await openAlerts()).toEqual([
      expect.objectContaining({ ruleId: 'builtin-backup-overdue', summary: expect.stringContaining('no good backup yet') }),
    ]);
    core.close();
  });
});

describe('verification', () => {
  it('reads a share of the stored backups back every day: a damaged one is marked failed, named, and alerted; a weekly test restore checks the database', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
    const first = await setup({ clock });
    await first.ok<Settings>('settings.set', { timeZone: 'utc' });
    const destination = tempDir();
    const job = await first.ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, sourceFolder(), { schedule: '0 3 1 1 *', overdueAfterHours: 24 * 30 }),
    );
    const done = first.nextEnded();
    await first.ok('backups.runNow', { jobId: job.id });
    await done;
    const [backup] = await first.ok<BackupRecord[]>('backups.list', { jobId: job.id });
    // One flipped byte in the middle of the file.
    const bytes = readFileSync(backup!.path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(backup!.path, bytes);
    first.core.close();

    // A day later (the console was off: the check runs at start, as it would at its hour).
    clock.advance(24 * HOUR + 60_000);
    const second = await setup({ clock, dataDir: first.dataDir, key: first.key });
    await expect.poll(() => second.ended.find((e) => e.kind === 'verify'), { timeout: 15_000 }).toMatchObject({ ok: false });
    const [after] = await second.ok<BackupRecord[]>('backups.list', { jobId: job.id });
    expect(after).toMatchObject({ verify: 'failed' });
    expect(after!.verifyDetail).toContain(backup!.fileName);
    expect(after!.verifyDetail).toMatch(/frame \d+/);
    expect(await second.openAlerts()).toEqual([
      expect.objectContaining({ ruleId: 'builtin-backup-verify-failed', subject: `backup-job:${job.id}` }),
    ]);

    // The weekly test restore takes the latest good database backup: make one, then a week passes.
    const good = second.nextEnded();
    await second.ok('backups.runNow', { jobId: job.id });
    expect((await good).ok).toBe(true);
    second.core.close();
    clock.advance(7 * 24 * HOUR);
    const third = await setup({ clock, dataDir: first.dataDir, key: first.key });
    // Each poll moves the schedule on by one check (30 s); the restore itself runs on real time.
    const testRestore = async () => {
      await clock.advanceAsync(30_000, 30_000);
      return third.ended.find((e) => e.kind === 'test-restore');
    };
    await expect.poll(testRestore, { timeout: 20_000 }).toMatchObject({ ok: true });
    expect(third.ended.find((e) => e.kind === 'test-restore')?.detail).toContain('passed its integrity check');
    // On the job's run history, so the monthly review still counts it after later test restores.
    const [latest] = await third.ok<BackupRecord[]>('backups.list', { jobId: job.id });
    const { runs } = await third.ok<{ runs: BackupRun[] }>('backups.runs', { jobId: job.id });
    expect(runs[0]).toMatchObject({ trigger: 'test-restore', outcome: 'good', backupId: latest!.id, sizeBytes: null, error: null });
    third.core.close();
  });
});

describe('a stored backup that fails verification', () => {
  /** A job with one good backup, whose file then gets one flipped byte and is verified by hand. */
  async function damagedBackup(overdueAfterHours = 2) {
    const harness = await setup();
    const job = await harness.ok<BackupJob>(
      'backups.createJob',
      jobInput(tempDir(), sourceFolder(), { schedule: '0 3 1 1 *', overdueAfterHours }),
    );
    const made = harness.nextEnded();
    await harness.ok('backups.runNow', { jobId: job.id });
    expect((await made).ok).toBe(true);
    const [backup] = await harness.ok<BackupRecord[]>('backups.list', { jobId: job.id });
    const original = readFileSync(backup!.path);
    const damaged = Buffer.from(original);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = damaged[middle]! ^ 0xff;
    writeFileSync(backup!.path, damaged);
    const verified = harness.nextEnded();
    await harness.ok('backups.verify', { backupId: backup!.id });
    expect((await verified).ok).toBe(false);
    const jobNow = async () => (await harness.ok<{ jobs: BackupJob[] }>('backups.overview')).jobs.find((j) => j.id === job.id)!;
    const alertOf = async (ruleId: string) =>
      (await harness.ok<AlertSnapshot>('alerts.snapshot')).alerts.find((a) => a.ruleId === ruleId && a.subject === `backup-job:${job.id}`);
    return { ...harness, job, backup: backup!, original, jobNow, alertOf };
  }

  it('is not a good backup: the job has no last good backup, and the overdue rule counts from before it', async () => {
    const { clock, jobNow, alertOf, core } = await damagedBackup();
    expect((await jobNow()).lastGoodAt).toBeNull();
    expect(await alertOf('builtin-backup-verify-failed')).toMatchObject({ state: 'firing' });
    await clock.advanceAsync(2 * HOUR + 60_000, 30_000);
    expect(await alertOf('builtin-backup-overdue')).toMatchObject({
      state: 'firing',
      summary: 'Nightly: no good backup: the stored ones failed verification (expected within 2 hours)',
    });
    core.close();
  });

  it('resolves its alert, and the overdue one, when that backup verifies good again', async () => {
    const { ok, clock, backup, original, nextEnded, jobNow, alertOf, core } = await damagedBackup();
    await clock.advanceAsync(2 * HOUR + 60_000, 30_000);
    expect(await alertOf('builtin-backup-overdue')).toMatchObject({ state: 'firing' });
    writeFileSync(backup.path, original);
    const verified = nextEnded();
    await ok('backups.verify', { backupId: backup.id });
    expect((await verified).ok).toBe(true);
    expect(await alertOf('builtin-backup-verify-failed')).toMatchObject({
      state: 'resolved',
      resolution: expect.stringContaining(`${backup.fileName} verified good again`),
    });
    expect((await jobNow()).lastGoodAt).toBe(backup.createdAt);
    // Still older than the job's 2 hours: it stays overdue until a new good backup.
    expect(await alertOf('builtin-backup-overdue')).toMatchObject({ state: 'firing' });
    core.close();
  });

  it('resolves its alert when a new good backup of the job is made (retention then removes the damaged one)', async () => {
    const { ok, clock, job, backup, nextEnded, jobNow, alertOf, core } = await damagedBackup();
    clock.advance(60_000);
    const made = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect(await made).toMatchObject({ ok: true, detail: expect.stringContaining('retention removed 1 older backup') });
    const alert = await alertOf('builtin-backup-verify-failed');
    expect(alert).toMatchObject({
      state: 'resolved',
      resolution: expect.stringMatching(/^A new backup \(.+\) was made and read back good$/),
    });
    const [newest, ...others] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });
    expect(newest).toMatchObject({ verify: 'good' });
    expect(others.map((b) => b.id)).not.toContain(backup.id);
    expect((await jobNow()).lastGoodAt).toBeGreaterThanOrEqual(newest!.createdAt);
    // Resolved, it no longer escalates.
    await clock.advanceAsync(HOUR, 60_000);
    const { alert: later, history } = await ok<AlertDetail>('alerts.get', { id: alert!.id });
    expect(later).toMatchObject({ state: 'resolved', escalationLevel: alert!.escalationLevel });
    expect(history.map((e) => e.kind).filter((kind) => kind === 'escalated')).toEqual([]);
    core.close();
  });

  it('keeps an overdue alert as it was across a restart: same alert, same count', async () => {
    const first = await setup();
    await first.ok<BackupJob>(
      'backups.createJob',
      jobInput(join(tempDir(), 'missing'), sourceFolder(), { schedule: '0 3 1 1 *', overdueAfterHours: 2 }),
    );
    await first.clock.advanceAsync(2 * HOUR + 60_000, 30_000);
    const [before] = await first.openAlerts();
    expect(before).toMatchObject({ ruleId: 'builtin-backup-overdue', count: 1 });
    first.core.close();
    const second = await setup({ clock: first.clock, dataDir: first.dataDir, key: first.key });
    await first.clock.advanceAsync(60_000, 30_000);
    expect(await second.openAlerts()).toEqual([expect.objectContaining({ id: before!.id, count: 1, state: before!.state })]);
    second.core.close();
  });
});

describe('retention', () => {
  it('previews which backups a policy would delete, before anything is deleted', async () => {
    const { ok, nextEnded, core } = await setup();
    const destination = tempDir();
    const job = await ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, sourceFolder(), { retention: { keepLast: 5, daily: 0, weekly: 0, monthly: 0, yearly: 0 } }),
    );
    for (let i = 0; i < 2; i += 1) {
      const done = nextEnded();
      await ok('backups.runNow', { jobId: job.id });
      await done;
    }
    const preview = await ok<RetentionPreview>('backups.retentionPreview', {
      jobId: job.id,
      retention: { keepLast: 1, daily: 0, weekly: 0, monthly: 0, yearly: 0 },
    });
    expect(preview.keep).toHaveLength(1);
    expect(preview.remove).toEqual([expect.objectContaining({ why: 'not needed by the retention policy' })]);
    expect(await ok<BackupRecord[]>('backups.list', { jobId: job.id })).toHaveLength(2);
    core.close();
  });
});

describe('restoring the console database', () => {
  it('takes a safety backup first, checks the restored copy, and switches to it at the next start', async () => {
    const first = await setup();
    // This database serves as a hub: its change feed names it, and consoles follow that name.
    const hubBeforeTheBackup = createChangeFeed(first.core.store.sqlite, { clock: first.clock }).hubId();
    await first.ok<Settings>('settings.set', { consoleName: 'Before the backup' });
    const destination = tempDir();
    const job = await first.ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
    const done = first.nextEnded();
    await first.ok('backups.runNow', { jobId: job.id });
    await done;
    const [backup] = await first.ok<BackupRecord[]>('backups.list', { jobId: job.id });
    await first.ok<Settings>('settings.set', { consoleName: 'After the backup' });

    const restored = first.nextEnded();
    await first.ok('backups.restore', { backupId: backup!.id, target: { kind: 'database', confirm: 'RESTORE' } });
    const outcome = await restored;
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.detail).toContain('Restart Watchroom to switch to it');
    expect((await first.ok<BackupRecord[]>('backups.list', { jobId: job.id })).map((b) => b.kind).sort()).toEqual(['manual', 'safety']);
    first.core.close();

    const second = await setup({ dataDir: first.dataDir, key: first.key });
    expect((await second.ok<Settings>('settings.get')).consoleName).toBe('Before the backup');
    expect((await second.ok<AppInfo>('app.info')).notices).toEqual([
      expect.objectContaining({ title: 'Started on the restored database' }),
    ]);
    // Gone back to the backup, its feed would hand out seqs consoles already applied for other
    // changes: as a hub again it is another hub, so every console takes a fresh snapshot.
    const hubAfterTheRestore = createChangeFeed(second.core.store.sqlite, { clock: second.clock }).hubId();
    expect(hubAfterTheRestore).not.toBe(hubBeforeTheBackup);
    second.core.close();
  });
});

describe('backup keys: one key per destination folder, and a passphrase change rotates it', () => {
  const jobFields = (job: BackupJob) => ({
    name: job.name,
    sources: job.sources,
    destination: job.destination,
    schedule: job.schedule,
    retention: job.retention,
    compressionLevel: job.compressionLevel,
    overdueAfterHours: job.overdueAfterHours,
  });

  it('refuses a second job on the same folder with another passphrase, even before either has written a backup, and accepts the same one', async () => {
    const { ok, call, core } = await setup();
    const destination = tempDir();
    const folder = sourceFolder();
    const first = await ok<BackupJob>('backups.createJob', jobInput(destination, folder));
    // The same folder spelled with a trailing slash is the same destination.
    const refused = await call(
      'backups.createJob',
      jobInput(`${destination}/`, folder, { name: 'Second', passphrase: 'a different passphrase' }),
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toContain('The job "Nightly" already writes to');
      expect(refused.error.fields?.[0]?.path).toBe('passphrase');
    }
    const second = await ok<BackupJob>('backups.createJob', jobInput(destination, folder, { name: 'Second' }));
    expect(second.keyId).toBe(first.keyId);
    core.close();
  });

  it('lets only one of two jobs created at the same moment for an empty folder win with its passphrase', async () => {
    const { call, ok, core } = await setup();
    const destination = tempDir();
    const folder = sourceFolder();
    const answers = await Promise.all([
      call('backups.createJob', jobInput(destination, folder, { name: 'Site A' })),
      call('backups.createJob', jobInput(destination, folder, { name: 'Site B', passphrase: 'site b has its own passphrase' })),
    ]);
    expect(answers.map((a) => a.ok).sort()).toEqual([false, true]);
    expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs).toHaveLength(1);
    core.close();
  });

  // Every passphrase given is stretched with scrypt (a job made, updated twice, a third job tried twice): seconds each on a busy machine.
  it('rotates the key on a passphrase change: new backups use the new key, and older and newer backups both verify and restore without asking', async () => {
    const { ok, call, nextEnded, core } = await setup();
    const destination = tempDir();
    const folder = sourceFolder();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, folder));
    const sibling = await ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, folder, { name: 'Sibling', sources: [{ kind: 'database' }] }),
    );
    const firstRun = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await firstRun).ok).toBe(true);
    const [older] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });

    // The same passphrase again changes nothing.
    expect((await ok<BackupJob>('backups.updateJob', { id: job.id, job: { ...jobFields(job), passphrase: PASSPHRASE } })).keyId).toBe(
      job.keyId,
    );
    const rotated = await ok<BackupJob>('backups.updateJob', {
      id: job.id,
      job: { ...jobFields(job), passphrase: 'the new night shift passphrase' },
    });
    expect(rotated.keyId).not.toBe(job.keyId);
    expect(rotated.retiredKeyIds).toEqual([job.keyId]);
    // One key per folder: the other job writing there moved to the new key with it.
    const jobs = (await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs;
    expect(jobs.find((j) => j.id === sibling.id)?.keyId).toBe(rotated.keyId);
    const audit = await ok<AuditPage>('audit.list', { action: 'backups.updateJob' });
    expect(JSON.stringify(audit.entries)).not.toContain('the new night shift passphrase');

    const secondRun = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await secondRun).ok).toBe(true);
    const newer = (await ok<BackupRecord[]>('backups.list', { jobId: job.id })).find((b) => b.id !== older!.id)!;
    expect(newer.keyId).toBe(rotated.keyId);
    expect(older!.keyId).toBe(job.keyId);

    // Verification reads both back with the key each was made with.
    for (const backup of [older!, newer]) {
      const verified = nextEnded();
      await ok('backups.verify', { backupId: backup.id });
      expect(await verified).toMatchObject({ ok: true, kind: 'verify' });
      expect((await ok<{ path: string }[]>('backups.files', { backupId: backup.id })).map((f) => f.path)).toContain(
        'footage-index/site.json',
      );
    }
    expect((await ok<BackupRecord[]>('backups.list', { jobId: job.id })).map((b) => b.verify)).toEqual(['good', 'good']);

    // Both restore without a passphrase.
    for (const backup of [older!, newer]) {
      const target = join(tempDir(), `restored-${backup.id}`);
      const restored = nextEnded();
      const answer = await call('backups.restore', {
        backupId: backup.id,
        target: { kind: 'folder', path: target, only: ['footage-index/site.json'] },
      });
      expect(answer.ok).toBe(true);
      expect(await restored).toMatchObject({ ok: true, kind: 'restore' });
      expect(JSON.parse(readFileSync(join(target, 'footage-index', 'site.json'), 'utf8'))).toEqual({ site: 'Harbour Gate', cameras: 12 });
    }

    // A new job on the folder now needs the new passphrase, not the old one.
    expect((await call('backups.createJob', jobInput(destination, folder, { name: 'Third' }))).ok).toBe(false);
    expect(
      (
        await ok<BackupJob>(
          'backups.createJob',
          jobInput(destination, folder, { name: 'Third', passphrase: 'the new night shift passphrase' }),
        )
      ).keyId,
    ).toBe(rotated.keyId);
    core.close();
  }, 60_000);

  it('drops a retired key once retention has removed every backup made with it, and keeps it until then', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
    const { ok, nextEnded, core } = await setup({ clock });
    const destination = tempDir();
    const job = await ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, sourceFolder(), { retention: { keepLast: 1, daily: 0, weekly: 0, monthly: 0, yearly: 0 } }),
    );
    const firstRun = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await firstRun).ok).toBe(true);
    await ok<BackupJob>('backups.updateJob', { id: job.id, job: { ...jobFields(job), passphrase: 'the new night shift passphrase' } });
    const stored = () =>
      (core.store.sqlite.prepare('SELECT retired_keys_json AS retired FROM backup_jobs WHERE id = ?').get(job.id) as { retired: string })
        .retired;
    expect(JSON.parse(stored())).toEqual([expect.objectContaining({ keyId: job.keyId })]);
    // A minute later: the two backups must not tie on their time, or "keep the last 1" has no newest.
    clock.advance(60_000);
    const secondRun = nextEnded();
    await ok('backups.runNow', { jobId: job.id });
    expect((await secondRun).detail).toContain('retention removed 1 older backup');
    expect(JSON.parse(stored())).toEqual([]);
    core.close();
  });
});
