import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../../db';
import {
  deriveBackupKey,
  OperationCancelledError,
  runInWorker,
  WrongPassphraseError,
  type BackupKey,
  type OperationProgress,
} from './index';
import { addProbeResults, logText, makeConsoleDatabase, randomContent, writeFiles } from './test-sources';

const tempDir = useTempDirs();
let key: BackupKey;

beforeAll(async () => {
  key = await deriveBackupKey('worker thread', { N: 2 ** 14 });
});

function countResults(path: string, databaseKey: Buffer): number {
  const store = openDatabase(path, databaseKey, { readonly: true });
  try {
    return (store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

describe('archive operations in a worker thread', () => {
  it('back up the live database while the console keeps writing, then verify and restore it', async () => {
    const root = tempDir();
    const databasePath = join(root, 'watchroom.db');
    const databaseKey = randomBytes(32);
    makeConsoleDatabase(databasePath, databaseKey, 200_000);
    const folder = join(root, 'files');
    writeFiles(folder, { 'log.txt': logText(3_000_000), 'clip.bin': randomContent(3_000_000) });
    const destination = join(root, 'backups');
    mkdirSync(destination);

    // The console: one writer connection adding probe results all through the backup.
    const live = openDatabase(databasePath, databaseKey);
    let written = 200_000;
    const writer = setInterval(() => {
      addProbeResults(live.sqlite, 200, written);
      written += 200;
    }, 2);
    const progress: OperationProgress[] = [];
    let result;
    try {
      result = await runInWorker(
        'backup',
        { destination, key, database: { path: databasePath, key: databaseKey }, folders: [{ path: folder }], chunkSize: 64 * 1024 },
        { onProgress: (p) => progress.push(p) },
      );
    } finally {
      clearInterval(writer);
    }
    const writtenAfter = written;
    live.close();

    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.some((p) => p.phase === 'archiving' && p.currentFile === 'database/watchroom.db')).toBe(true);

    const verified = await runInWorker('verify', { file: result.file, key });
    expect(verified.entries).toBe(3);

    const restoredPath = join(tempDir(), 'restored.db');
    const newKey = randomBytes(32);
    const restored = await runInWorker('restoreDatabase', { file: result.file, key, target: restoredPath, databaseKey: newKey });
    expect(restored.integrity).toBe('ok');
    // A consistent snapshot: every row of a committed batch, taken somewhere during the run.
    const rows = countResults(restoredPath, newKey);
    expect(rows).toBeGreaterThanOrEqual(200_000);
    expect(rows).toBeLessThanOrEqual(writtenAfter);
    expect((rows - 200_000) % 200).toBe(0);

    const target = join(tempDir(), 'all');
    const all = await runInWorker('restore', { file: result.file, key, target, databaseKey: newKey });
    expect(all.entries.map((e) => e.path)).toEqual(['database/watchroom.db', 'files/clip.bin', 'files/log.txt']);
  }, 60_000);

  it('reports progress no more than about ten times a second', async () => {
    const folder = tempDir();
    writeFiles(folder, { 'big.bin': randomContent(60_000_000) });
    const destination = tempDir();
    let reports = 0;
    const started = performance.now();
    await runInWorker(
      'backup',
      { destination, key, folders: [{ path: folder }], chunkSize: 64 * 1024 },
      { onProgress: () => (reports += 1) },
    );
    const elapsedMs = performance.now() - started;
    // 915 chunks; one report per 100 ms, plus one per phase (scanning, archiving, finishing, done).
    expect(reports).toBeGreaterThan(0);
    expect(reports).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 4);
  }, 60_000);

  it('cancel: the worker removes its partial file and the error keeps its class', async () => {
    const folder = tempDir();
    writeFiles(folder, { 'a.bin': randomContent(30_000_000) });
    const destination = tempDir();
    const controller = new AbortController();
    const run = runInWorker(
      'backup',
      // Every chunk reported, so the cancel lands early whatever the machine's speed.
      { destination, key, folders: [{ path: folder }], chunkSize: 64 * 1024, progressIntervalMs: 0 },
      { signal: controller.signal, onProgress: (p) => p.bytesDone > 1_000_000 && controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(OperationCancelledError);
    expect(readdirSync(destination)).toEqual([]);

    const done = await runInWorker('backup', { destination, key, folders: [{ path: folder }] });
    const other = await deriveBackupKey('another passphrase', { N: 2 ** 14 });
    await expect(runInWorker('verify', { file: done.file, key: other })).rejects.toBeInstanceOf(WrongPassphraseError);
  }, 60_000);

  it('cancel: a read that never returns (a hung network share) still ends the task within 2 s', async () => {
    const folder = tempDir();
    writeFiles(folder, { 'a.bin': randomContent(8 * 1024 * 1024), 'b.bin': 'replaced below' });
    const hung = join(folder, 'b.bin');
    const destination = tempDir();
    const controller = new AbortController();
    let cancelledAt = 0;
    const run = runInWorker(
      'backup',
      { destination, key, folders: [{ path: folder }], chunkSize: 64 * 1024, progressIntervalMs: 0 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          // Listed as a file, it becomes a FIFO with no writer: opening it blocks like a dead mount.
          if (p.phase === 'archiving' && existsSync(hung) && !statSync(hung).isFIFO()) {
            rmSync(hung);
            execFileSync('mkfifo', [hung]);
          }
          if (p.bytesDone >= 8 * 1024 * 1024 && !controller.signal.aborted) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    try {
      await expect(run).rejects.toBeInstanceOf(OperationCancelledError);
      expect(performance.now() - cancelledAt).toBeLessThan(2000);
    } finally {
      // Give the blocked open a writer, so the thread it holds is released.
      closeSync(openSync(hung, 'r+'));
    }
  }, 60_000);
});
