import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { BackupJob, BackupRecord, BackupsChanged, BackupTask, Envelope } from '../../shared/contract';
import { LOCK_FILE_NAME } from './lock';

// Cancel must end a task in every phase within 2 s and release the destination's lock. Each test
// cancels the moment core reports the phase (synchronously, from the progress event), on sources
// big enough that the phase is still running then; the worker runs on real time.

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const CANCEL_WITHIN_MS = 2000;
/** A backtracking matcher needs about n^12 steps for this glob on a name of n "a"s with no "b". */
const HOSTILE_GLOB = '*a*a*a*a*a*a*a*a*a*a*a*a*b';

type Ended = NonNullable<BackupsChanged['ended']>;

function setup() {
  const harness = startTestCore(tempDir(), { clock: new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0)) });
  const call = (method: string, input?: unknown): Promise<Envelope> => harness.call(method, input);
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  harness.core.start();

  /**
   * Runs `start` and, unless `phase` is null, cancels its task when core first reports that phase;
   * resolves when the task ends, with how long the end took after the cancel and every phase reported.
   */
  const follow = async (phase: string | null, start: () => Promise<BackupTask>) => {
    const phases: string[] = [];
    let cancelledAt: number | null = null;
    let taskId: string | null = null;
    const ended = new Promise<Ended>((resolve) => {
      const unsubscribe = harness.core.dispatcher.subscribe((message) => {
        if (message.event === 'backups.progress' && (taskId === null || message.payload.taskId === taskId)) {
          taskId = message.payload.taskId;
          if (phases.at(-1) !== message.payload.phase) phases.push(message.payload.phase);
          if (message.payload.phase === phase && cancelledAt === null) {
            cancelledAt = performance.now();
            // The command runs synchronously up to the abort, inside this event.
            void call('backups.cancel', { taskId });
          }
        }
        if (message.event === 'backups.changed' && message.payload.ended && message.payload.ended.taskId === taskId) {
          unsubscribe();
          resolve(message.payload.ended);
        }
      });
    });
    await start();
    const outcome = await ended;
    if (phase !== null && cancelledAt === null)
      throw new Error(`The task ended without reaching "${phase}" (it went through ${phases.join(', ')})`);
    return { outcome, endedAfterMs: performance.now() - (cancelledAt ?? 0), phases };
  };
  return { ok, follow, close: () => harness.core.close() };
}

/** Incompressible (like video), large enough that reading, hashing and encrypting it takes a while. */
function videoFolder(megabytes = 96): string {
  const folder = join(tempDir(), 'recordings');
  mkdirSync(folder);
  for (let i = 0; i < megabytes / 16; i += 1) writeFileSync(join(folder, `cam-${i}.mp4`), randomBytes(16 * 1024 * 1024));
  return folder;
}

/** Thousands of files with long names of "a": slow to list, and the hostile glob's worst case. */
function manyFilesFolder(folders = 60): string {
  const folder = join(tempDir(), 'index');
  for (let f = 0; f < folders; f += 1) {
    const sub = join(folder, `${'a'.repeat(60)}-${f}`);
    mkdirSync(sub, { recursive: true });
    for (let i = 0; i < 100; i += 1) writeFileSync(join(sub, `${'a'.repeat(180)}-${i}`), '');
  }
  return folder;
}

function jobInput(destination: string, folder: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Nightly',
    sources: [{ kind: 'folder', path: folder }],
    destination,
    schedule: '0 2 * * *',
    passphrase: PASSPHRASE,
    ...overrides,
  };
}

const backupFiles = (destination: string) => readdirSync(destination).filter((name) => name.includes('.wrbk'));

function expectCancelledBackup(result: { outcome: Ended; endedAfterMs: number }, destination: string, backupsBefore: string[] = []) {
  expect(result.outcome).toMatchObject({
    ok: false,
    kind: 'backup',
    detail: 'Cancelled; nothing was kept from this run, earlier backups are untouched.',
  });
  expect(result.endedAfterMs).toBeLessThan(CANCEL_WITHIN_MS);
  expect(existsSync(join(destination, LOCK_FILE_NAME))).toBe(false);
  // No half-written ".partial" and no backup of this run: only what was there before.
  expect(backupFiles(destination)).toEqual(backupsBefore);
}

// Each test makes and backs up tens of megabytes or thousands of files: slow on a busy machine.
describe('cancelling a backup', { timeout: 60_000 }, () => {
  it('while listing files, even with a glob that a backtracking matcher would never finish', async () => {
    const { ok, follow, close } = setup();
    const destination = tempDir();
    const folder = manyFilesFolder();
    const job = await ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, folder, { sources: [{ kind: 'folder', path: folder, exclude: [HOSTILE_GLOB] }] }),
    );
    const result = await follow('Listing files', () => ok<BackupTask>('backups.runNow', { jobId: job.id }));
    expectCancelledBackup(result, destination);
    expect(result.phases).toEqual(['starting', 'Listing files']);
    close();
  });

  it('while hashing, compressing and encrypting', async () => {
    const { ok, follow, close } = setup();
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, videoFolder()));
    const result = await follow('Compressing and encrypting', () => ok<BackupTask>('backups.runNow', { jobId: job.id }));
    expectCancelledBackup(result, destination);
    expect(result.phases).not.toContain('Writing to disk');
    close();
  });

  it('while writing the manifest and syncing the file to disk', async () => {
    const { ok, follow, close } = setup();
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, manyFilesFolder(30)));
    const result = await follow('Writing to disk', () => ok<BackupTask>('backups.runNow', { jobId: job.id }));
    expectCancelledBackup(result, destination);
    close();
  });

  it('while reading the new backup back: the written file is not kept either', async () => {
    const { ok, follow, close } = setup();
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, videoFolder()));
    const result = await follow('Reading back and authenticating', () => ok<BackupTask>('backups.runNow', { jobId: job.id }));
    expectCancelledBackup(result, destination);
    expect(await ok<BackupRecord[]>('backups.list', { jobId: job.id })).toEqual([]);
    close();
  });

  it('while applying the retention policy: the new, verified backup stays and no older one is removed', async () => {
    const { ok, follow, close } = setup();
    const destination = tempDir();
    const folder = join(tempDir(), 'small');
    mkdirSync(folder);
    writeFileSync(join(folder, 'site.json'), '{"cameras":12}');
    const job = await ok<BackupJob>(
      'backups.createJob',
      jobInput(destination, folder, { retention: { keepLast: 1, daily: 0, weekly: 0, monthly: 0, yearly: 0 } }),
    );
    expect((await follow(null, () => ok<BackupTask>('backups.runNow', { jobId: job.id }))).outcome.ok).toBe(true);
    const before = backupFiles(destination);
    expect(before).toHaveLength(1);

    const result = await follow('Applying the retention policy', () => ok<BackupTask>('backups.runNow', { jobId: job.id }));
    expect(result.outcome).toMatchObject({
      ok: false,
      kind: 'backup',
      detail: 'Cancelled while applying the retention policy; the new backup was verified and kept, no other older backup was removed.',
    });
    expect(result.endedAfterMs).toBeLessThan(CANCEL_WITHIN_MS);
    expect(existsSync(join(destination, LOCK_FILE_NAME))).toBe(false);
    expect(backupFiles(destination)).toHaveLength(2);
    expect((await ok<BackupRecord[]>('backups.list', { jobId: job.id })).map((b) => b.verify)).toEqual(['good', 'good']);
    close();
  });
});

describe('cancelling a verification and a restore', { timeout: 60_000 }, () => {
  async function storedBackup({ ok, follow }: Pick<ReturnType<typeof setup>, 'ok' | 'follow'>) {
    const destination = tempDir();
    const job = await ok<BackupJob>('backups.createJob', jobInput(destination, videoFolder(64)));
    expect((await follow(null, () => ok<BackupTask>('backups.runNow', { jobId: job.id }))).outcome.ok).toBe(true);
    const [backup] = await ok<BackupRecord[]>('backups.list', { jobId: job.id });
    if (backup === undefined) throw new Error('the backup was not recorded');
    return { destination, job, backup };
  }

  it('ends a verification and leaves the backup and its verdict as they were', async () => {
    const { ok, follow, close } = setup();
    const { destination, job, backup } = await storedBackup({ ok, follow });
    const result = await follow('Reading back and authenticating', () => ok<BackupTask>('backups.verify', { backupId: backup.id }));
    expect(result.outcome).toMatchObject({
      ok: false,
      kind: 'verify',
      detail: 'Cancelled; the backup and its last verdict are unchanged.',
    });
    expect(result.endedAfterMs).toBeLessThan(CANCEL_WITHIN_MS);
    expect(existsSync(join(destination, LOCK_FILE_NAME))).toBe(false);
    expect(await ok<BackupRecord[]>('backups.list', { jobId: job.id })).toEqual([
      expect.objectContaining({ id: backup.id, verify: 'good' }),
    ]);
    close();
  });

  it('ends a restore and keeps nothing it restored', async () => {
    const { ok, follow, close } = setup();
    const { destination, backup } = await storedBackup({ ok, follow });
    const target = join(tempDir(), 'restored');
    const result = await follow('Restoring', () =>
      ok<BackupTask>('backups.restore', { backupId: backup.id, target: { kind: 'folder', path: target } }),
    );
    expect(result.outcome).toMatchObject({ ok: false, kind: 'restore' });
    expect(result.outcome.detail).toMatch(/^Restore cancelled/);
    expect(result.endedAfterMs).toBeLessThan(CANCEL_WITHIN_MS);
    expect(existsSync(join(destination, LOCK_FILE_NAME))).toBe(false);
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    close();
  });
});
