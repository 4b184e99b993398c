// Issue 16, recovery on a replacement workstation: backups opened from a folder with the passphrase
// alone, every run on record, retries before an alert, a channel told, and key rotation.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  AlertDetail,
  AlertSnapshot,
  AuditPage,
  BackupJob,
  BackupRecord,
  BackupRunHistory,
  BackupsChanged,
  Envelope,
  FolderListing,
  Settings,
  Site,
} from '../../shared/contract';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
/** The alert notifier's shape, as the test core takes it (a capability's test does not import another capability). */
type Notifier = NonNullable<NonNullable<Parameters<typeof startTestCore>[1]>['notifier']>;
type NotificationMessage = Parameters<Notifier['send']>[1];
/** These run real backups in worker threads on a shared machine. */
const SLOW = 90_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Ended = NonNullable<BackupsChanged['ended']>;

/** Keeps what would have gone to a channel. */
function recordingNotifier() {
  const sent: { channel: string; message: NotificationMessage }[] = [];
  const notifier: Notifier = {
    send: (channel, message) => void sent.push({ channel: channel.name, message }),
    test: () => Promise.reject(new Error('not used')),
    stop: () => undefined,
  };
  return { notifier, sent };
}

async function setup(options: { dataDir?: string; clock?: FakeClock; key?: Buffer; notifier?: Notifier } = {}) {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
  const dataDir = options.dataDir ?? tempDir();
  const harness = startTestCore(dataDir, {
    clock,
    ...(options.key ? { key: options.key } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  const waiters: ((e: Ended) => void)[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'backups.changed' && message.payload.ended)
      waiters.splice(0).forEach((resolve) => resolve(message.payload.ended!));
  });
  harness.core.start();
  const call = (method: string, input?: unknown): Promise<Envelope> => harness.call(method, input);
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const nextEnded = () => new Promise<Ended>((resolve) => waiters.push(resolve));
  /** Starts a command's task and waits for it to end. */
  const task = async (method: string, input: unknown): Promise<Ended> => {
    const ended = nextEnded();
    await ok(method, input);
    return ended;
  };
  const openAlerts = async () => (await ok<AlertSnapshot>('alerts.snapshot')).alerts.filter((a) => a.state !== 'resolved');
  return { clock, dataDir, key: harness.key, core: harness.core, call, ok, task, nextEnded, openAlerts };
}

function sourceFolder(): string {
  const folder = join(tempDir(), 'footage-index');
  mkdirSync(join(folder, 'logs'), { recursive: true });
  writeFileSync(join(folder, 'logs', 'gate.log'), 'gate opened 21:40\n'.repeat(2000));
  writeFileSync(join(folder, 'site.json'), JSON.stringify({ site: 'Harbour Gate', cameras: 12 }));
  return folder;
}

function jobInput(destination: string, folder: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Nightly',
    sources: [{ kind: 'database' }, { kind: 'folder', path: folder }],
    destination,
    schedule: '0 2 * * *',
    passphrase: PASSPHRASE,
    ...overrides,
  };
}

/** Flips one byte: what a failing disk or someone editing the file leaves. */
function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0xff;
  writeFileSync(file, bytes);
}

describe('open backups in a folder', () => {
  it(
    'lists, verifies and restores a lost console’s backups on a fresh console from the folder and passphrase alone; B then shows A’s sites and history',
    async () => {
      // Console A: a site, a job, two backups (the second holds the first run's record).
      const a = await setup();
      await a.ok<Site>('sites.create', { name: 'Harbour Gate' });
      const destination = tempDir();
      const job = await a.ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
      expect((await a.task('backups.runNow', { jobId: job.id })).ok).toBe(true);
      a.clock.advance(MINUTE);
      expect((await a.task('backups.runNow', { jobId: job.id })).ok).toBe(true);
      const [newest, oldest] = await a.ok<BackupRecord[]>('backups.list', { jobId: job.id });
      a.core.close();

      // What a failing drive or a meddler leaves beside them: a damaged data frame, a tampered manifest, a file that is no backup.
      const damagedData = join(destination, 'damaged-data.wrbk');
      copyFileSync(oldest!.path, damagedData);
      flipByte(damagedData, 4096);
      const tamperedManifest = join(destination, 'tampered-manifest.wrbk');
      copyFileSync(oldest!.path, tamperedManifest);
      flipByte(tamperedManifest, statSync(tamperedManifest).size - 24 - 40);
      writeFileSync(join(destination, 'holiday-photos.wrbk'), 'not a backup at all');

      // Console B: a fresh install, no job configured.
      const b = await setup();
      expect((await b.ok<{ jobs: BackupJob[] }>('backups.overview')).jobs).toEqual([]);
      const listing = await b.ok<FolderListing>('backups.openFolder', { folder: destination, passphrase: PASSPHRASE });
      const byName = new Map(listing.backups.map((entry) => [entry.fileName, entry]));
      expect(listing.backups[0]?.fileName).toBe(newest!.fileName);
      expect(byName.get(oldest!.fileName)).toMatchObject({ problem: null, backupId: oldest!.id });
      expect(byName.get(newest!.fileName)).toMatchObject({
        problem: null,
        hasDatabase: true,
        files: 3,
        keyId: job.keyId,
        roots: expect.arrayContaining(['footage-index']),
        createdAt: newest!.createdAt,
      });
      // A damaged data frame is found by verifying, not by listing (only the manifest is read to list).
      expect(byName.get('damaged-data.wrbk')?.problem).toBeNull();
      expect(byName.get('tampered-manifest.wrbk')?.problem).toMatch(/failed authentication|damaged/);
      expect(byName.get('holiday-photos.wrbk')).toMatchObject({ backupId: null, problem: expect.any(String) });
      // The files that did not open are listed last.
      expect(listing.backups.slice(-2).every((entry) => entry.problem !== null)).toBe(true);

      // A wrong passphrase: every file says so, and nothing fails.
      const wrong = await b.ok<FolderListing>('backups.openFolder', { folder: destination, passphrase: 'not the passphrase at all' });
      expect(wrong.backups.find((entry) => entry.fileName === newest!.fileName)?.problem).toBe(
        'Made with another passphrase: this one does not open it.',
      );
      // A folder that is not there is a clear refusal.
      const missing = await b.call('backups.openFolder', { folder: join(destination, 'no-such-drive'), passphrase: PASSPHRASE });
      expect(missing.ok).toBe(false);

      expect(await b.task('backups.verifyFile', { file: newest!.path, passphrase: PASSPHRASE })).toMatchObject({
        ok: true,
        kind: 'verify',
      });
      const damaged = await b.task('backups.verifyFile', { file: damagedData, passphrase: PASSPHRASE });
      expect(damaged.ok).toBe(false);
      expect(damaged.detail).toContain('damaged-data.wrbk');

      // Files into a new folder, each checked.
      const restoredFiles = join(tempDir(), 'restored');
      expect(
        await b.task('backups.restoreFile', {
          file: newest!.path,
          passphrase: PASSPHRASE,
          target: { kind: 'folder', path: restoredFiles },
        }),
      ).toMatchObject({ ok: true, kind: 'restore' });
      expect(JSON.parse(readFileSync(join(restoredFiles, 'footage-index', 'site.json'), 'utf8'))).toEqual({
        site: 'Harbour Gate',
        cameras: 12,
      });

      // The database, through the pending restore: it replaces B's at the next start.
      const database = await b.task('backups.restoreFile', {
        file: newest!.path,
        passphrase: PASSPHRASE,
        target: { kind: 'database', confirm: 'RESTORE' },
      });
      expect(database).toMatchObject({ ok: true });
      expect(database.detail).toContain('Restart Watchroom to switch to it');
      // Opening the folder is on record (the passphrase never is); the restore is a command of its own.
      const audit = await b.ok<AuditPage>('audit.list', {});
      expect(audit.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['backups.openFolder', 'backups.restoreFile']));
      expect(JSON.stringify(audit.entries)).not.toContain(PASSPHRASE);
      b.core.close();

      const restarted = await setup({ dataDir: b.dataDir, key: b.key });
      expect((await restarted.ok<Site[]>('sites.list')).map((site) => site.name)).toContain('Harbour Gate');
      const jobs = (await restarted.ok<{ jobs: BackupJob[] }>('backups.overview')).jobs;
      expect(jobs.map((j) => j.name)).toEqual(['Nightly']);
      const history = await restarted.ok<BackupRunHistory>('backups.runs', { jobId: job.id });
      expect(history.runs).toEqual([expect.objectContaining({ outcome: 'good', trigger: 'manual', backupId: oldest!.id, files: 3 })]);
      restarted.core.close();
    },
    SLOW,
  );
});

describe('run history and retries', () => {
  it(
    'retries a failed scheduled run after 5, 15 and 45 minutes, keeps every try on record, and alerts (and notifies) only after the last',
    async () => {
      const { notifier, sent } = recordingNotifier();
      const { ok, clock, openAlerts, core } = await setup({ notifier });
      await ok<Settings>('settings.set', { timeZone: 'utc' });
      const channel = await ok<{ id: string }>('channels.create', {
        name: 'Duty phone',
        config: { kind: 'webhook', url: 'https://example.com/hook', secret: 'a-signing-secret-of-16' },
      });
      const destination = join(tempDir(), 'usb-drive');
      const job = await ok<BackupJob>(
        'backups.createJob',
        jobInput(destination, sourceFolder(), { notify: { channelId: channel.id, onSuccess: true, onFailure: true } }),
      );

      // 02:00: the first try fails (the drive is not connected); no alert yet, a retry at 02:05.
      await clock.advanceAsync(HOUR + MINUTE, 30_000);
      let runs = (await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs;
      expect(runs).toEqual([expect.objectContaining({ outcome: 'failed', trigger: 'scheduled', attempt: 1 })]);
      expect(runs[0]!.retryAt).toBe(runs[0]!.endedAt + 5 * MINUTE);
      expect(runs[0]!.error).toContain('does not exist or is not mounted');
      expect(await openAlerts()).toEqual([]);
      expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs[0]?.retryAt).toBe(runs[0]!.retryAt);

      await clock.advanceAsync(5 * MINUTE, 30_000);
      await clock.advanceAsync(15 * MINUTE, 30_000);
      runs = (await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs;
      expect(runs.map((run) => [run.trigger, run.attempt])).toEqual([
        ['retry', 3],
        ['retry', 2],
        ['scheduled', 1],
      ]);
      expect(await openAlerts()).toEqual([]);
      expect(sent).toEqual([]);

      // The fourth try, 45 minutes later, fails too: now the alert, and the channel is told.
      await clock.advanceAsync(45 * MINUTE, 30_000);
      runs = (await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs;
      expect(runs[0]).toMatchObject({ trigger: 'retry', attempt: 4, outcome: 'failed', retryAt: null });
      expect(await openAlerts()).toEqual([
        expect.objectContaining({ ruleId: 'builtin-backup-failed', summary: expect.stringContaining('Nightly failed after 4 tries') }),
      ]);
      expect(sent).toEqual([
        {
          channel: 'Duty phone',
          message: expect.objectContaining({ ruleName: 'Backup Failed: Nightly', severity: 'high', event: 'fired' }),
        },
      ]);
      // No fifth try.
      await clock.advanceAsync(2 * HOUR, 30_000);
      expect((await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs).toHaveLength(4);
      core.close();
    },
    SLOW,
  );

  it(
    'raises nothing when a retry succeeds, and tells the channel "Backup Completed" with the sizes',
    async () => {
      const { notifier, sent } = recordingNotifier();
      const { ok, clock, openAlerts, nextEnded, core } = await setup({ notifier });
      await ok<Settings>('settings.set', { timeZone: 'utc' });
      const channel = await ok<{ id: string }>('channels.create', {
        name: 'Backups chat',
        config: { kind: 'webhook', url: 'https://example.com/hook', secret: 'a-signing-secret-of-16' },
      });
      const destination = join(tempDir(), 'usb-drive');
      const job = await ok<BackupJob>(
        'backups.createJob',
        jobInput(destination, sourceFolder(), { notify: { channelId: channel.id, onSuccess: true, onFailure: true } }),
      );
      await clock.advanceAsync(HOUR + MINUTE, 30_000);
      // Someone plugs the drive in before the retry.
      mkdirSync(destination);
      const retried = nextEnded();
      await clock.advanceAsync(5 * MINUTE, 30_000);
      expect(await retried).toMatchObject({ ok: true });
      expect(await openAlerts()).toEqual([]);
      const runs = (await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs;
      expect(runs.map((run) => [run.trigger, run.attempt, run.outcome])).toEqual([
        ['retry', 2, 'good'],
        ['scheduled', 1, 'failed'],
      ]);
      expect(runs[0]).toMatchObject({ files: 3, sizeBytes: expect.any(Number), sourceBytes: expect.any(Number), error: null });
      expect(runs[0]!.endedAt).toBeGreaterThanOrEqual(runs[0]!.startedAt);
      expect(sent).toEqual([
        {
          channel: 'Backups chat',
          message: expect.objectContaining({
            ruleName: 'Backup Completed: Nightly',
            severity: 'info',
            summary: expect.stringMatching(/^Backup Completed: Nightly \(.+ stored from .+, 3 files on try 2\)$/),
          }),
        },
      ]);
      expect((await ok<{ jobs: BackupJob[] }>('backups.overview')).jobs[0]?.retryAt).toBeNull();
      core.close();
    },
    SLOW,
  );

  it('keeps the last 7 good and 3 failed runs in view however many runs of the other outcome came after them', async () => {
    const { ok, clock, core } = await setup();
    const job = await ok<BackupJob>('backups.createJob', jobInput(tempDir(), sourceFolder()));
    // A season of runs, as the task runner records them: 7 good, then 3 failed, then 40 good and 40 failed.
    const insert = core.store.sqlite.prepare(
      `INSERT INTO backup_runs (id, job_id, job_name, trigger, attempt, started_at, ended_at, outcome, error)
       VALUES (?, ?, 'Nightly', 'scheduled', 1, ?, ?, ?, ?)`,
    );
    const outcomes = [
      ...Array<string>(7).fill('good'),
      ...Array<string>(3).fill('failed'),
      ...Array<string>(40).fill('good'),
      ...Array<string>(40).fill('failed'),
    ];
    outcomes.forEach((outcome, i) => {
      const at = clock.now() - (outcomes.length - i) * DAY;
      insert.run(`run-${i}`, job.id, at, at + MINUTE, outcome, outcome === 'failed' ? 'The destination is not mounted' : null);
    });
    const runs = (await ok<BackupRunHistory>('backups.runs', { jobId: job.id })).runs;
    expect(runs.filter((run) => run.outcome === 'good').length).toBeGreaterThanOrEqual(7);
    expect(runs.filter((run) => run.outcome === 'failed').length).toBeGreaterThanOrEqual(3);
    expect(runs[0]?.id).toBe('run-89');
    expect(runs.map((run) => run.startedAt)).toEqual([...runs.map((run) => run.startedAt)].sort((x, y) => y - x));
    core.close();
  });
});

describe('key rotation', () => {
  it(
    'is due after 90 days; a new passphrase keys new backups, and both older and newer backups restore',
    async () => {
      const { ok, call, task, clock, core } = await setup();
      const destination = tempDir();
      const job = await ok<BackupJob>('backups.createJob', jobInput(destination, sourceFolder()));
      expect(job.keyRotationDays).toBe(90);
      expect(job.keyRotationDueAt).toBe(job.keySetAt + 90 * DAY);
      expect((await task('backups.runNow', { jobId: job.id })).ok).toBe(true);

      // Ninety days on, the Backups page shows the reminder (the due time has passed); the admin gives a new passphrase.
      clock.advance(MINUTE);
      // The same passphrase is no rotation.
      expect((await call('backups.rotateKey', { jobId: job.id, passphrase: PASSPHRASE })).ok).toBe(false);
      const rotated = await ok<BackupJob>('backups.rotateKey', { jobId: job.id, passphrase: 'the passphrase for next quarter' });
      expect(rotated.keyId).not.toBe(job.keyId);
      expect(rotated.retiredKeyIds).toEqual([job.keyId]);
      expect(rotated.keySetAt).toBe(clock.now());
      expect(rotated.keyRotationDueAt).toBe(clock.now() + 90 * DAY);

      clock.advance(MINUTE);
      expect((await task('backups.runNow', { jobId: job.id })).ok).toBe(true);
      const [newer, older] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });
      expect([newer!.keyId, older!.keyId]).toEqual([rotated.keyId, job.keyId]);
      for (const backup of [older!, newer!]) {
        const target = join(tempDir(), `restored-${backup.id}`);
        expect(await task('backups.restore', { backupId: backup.id, target: { kind: 'folder', path: target } })).toMatchObject({
          ok: true,
        });
        expect(readFileSync(join(target, 'footage-index', 'site.json'), 'utf8')).toContain('Harbour Gate');
      }
      // On a replacement workstation each opens with its own passphrase.
      const withOld = await ok<FolderListing>('backups.openFolder', { folder: destination, passphrase: PASSPHRASE });
      expect(withOld.backups.filter((b) => b.problem === null).map((b) => b.backupId)).toEqual([older!.id]);
      const withNew = await ok<FolderListing>('backups.openFolder', { folder: destination, passphrase: 'the passphrase for next quarter' });
      expect(withNew.backups.filter((b) => b.problem === null).map((b) => b.backupId)).toEqual([newer!.id]);
      core.close();
    },
    SLOW,
  );
});

describe('the key rotation reminder as an alert', () => {
  it(
    'raises one low alert per job 90 days on, keeps it one across a restart, resolves it by the rotation, and raises none after',
    async () => {
      const createdAt = Date.UTC(2026, 10, 23, 1, 0, 0);
      const first = await setup({ clock: new FakeClock(createdAt) });
      const job = await first.ok<BackupJob>(
        'backups.createJob',
        // Once a year on 1 June: no run falls in these 91 days, so the test waits on no backup.
        jobInput(tempDir(), sourceFolder(), { sources: [{ kind: 'database' }], schedule: '0 2 1 6 *' }),
      );
      first.core.close();
      const rotationAlerts = async (harness: Awaited<ReturnType<typeof setup>>) =>
        (await harness.openAlerts()).filter((alert) => alert.ruleId === 'builtin-backup-key-rotation-due');

      // 91 days later: the key is past its 90 days.
      const clock = new FakeClock(createdAt + 91 * DAY);
      const second = await setup({ clock, dataDir: first.dataDir, key: first.key });
      await clock.advanceAsync(2 * MINUTE, 30_000);
      const [raised, ...more] = await rotationAlerts(second);
      expect(more).toEqual([]);
      expect(raised).toMatchObject({
        subject: `backup-job:${job.id}`,
        subjectName: 'Nightly',
        severity: 'low',
        count: 1,
        summary: 'Nightly: its backup key is 91 days old (rotate every 90 days): an admin gives a new passphrase',
      });
      second.core.close();

      // Started again still due: the same alert, not a repeat.
      clock.advance(MINUTE);
      const third = await setup({ clock, dataDir: first.dataDir, key: first.key });
      await clock.advanceAsync(MINUTE, 30_000);
      expect(await rotationAlerts(third)).toEqual([expect.objectContaining({ id: raised!.id, count: 1 })]);
      await third.ok<BackupJob>('backups.rotateKey', { jobId: job.id, passphrase: 'the passphrase for next quarter' });
      await clock.advanceAsync(MINUTE, 30_000);
      expect(await rotationAlerts(third)).toEqual([]);
      const detail = await third.ok<AlertDetail>('alerts.get', { id: raised!.id });
      expect(detail.alert).toMatchObject({ state: 'resolved', resolution: expect.stringMatching(/^Key rotated by /) });
      third.core.close();

      clock.advance(MINUTE);
      const fourth = await setup({ clock, dataDir: first.dataDir, key: first.key });
      await clock.advanceAsync(MINUTE, 30_000);
      expect(await rotationAlerts(fourth)).toEqual([]);
      fourth.core.close();
    },
    SLOW,
  );
});
