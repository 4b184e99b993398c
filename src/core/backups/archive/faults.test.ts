import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { folderError } from './errors';
import {
  createBackup,
  deriveBackupKey,
  FolderError,
  listBackupFiles,
  OperationCancelledError,
  readBackupManifest,
  removeStalePartials,
  restoreBackup,
  SourceError,
  verifyBackup,
  type BackupKey,
  type OperationProgress,
} from './index';
import { logText, makeConsoleDatabase, randomContent, writeFiles } from './test-sources';

const tempDir = useTempDirs();
const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const runningAsRoot = process.getuid?.() === 0;
let key: BackupKey;

beforeAll(async () => {
  key = await deriveBackupKey('fault finding', { N: 2 ** 14 });
});

function sources(): { root: string; folder: string; databasePath: string; databaseKey: Buffer } {
  const root = tempDir();
  const folder = join(root, 'data');
  writeFiles(folder, { 'a.log': logText(400_000), 'b.bin': randomContent(400_000) });
  const databasePath = join(root, 'watchroom.db');
  const databaseKey = randomBytes(32);
  makeConsoleDatabase(databasePath, databaseKey, 20_000);
  return { root, folder, databasePath, databaseKey };
}

function filesWithPlaintextSqlite(folder: string): string[] {
  return readdirSync(folder).filter((name) => readFileSync(join(folder, name)).includes(SQLITE_PLAINTEXT_HEADER));
}

describe('a destination that cannot take the backup', () => {
  it('missing: a clear error naming the folder, nothing written', async () => {
    const { root, folder } = sources();
    const destination = join(root, 'usb-drive', 'backups');
    const error = await createBackup({ destination, key, folders: [{ path: folder }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderError);
    expect(error).toMatchObject({ details: { folder: destination, problem: 'missing' } });
    expect((error as Error).message).toBe(
      `The backup folder ${destination} does not exist. Connect the drive or share it is on, or choose another folder.`,
    );
    expect(existsSync(join(root, 'usb-drive'))).toBe(false);
  });

  it.skipIf(runningAsRoot)('read-only: a clear error, no partial left, earlier backups untouched', async () => {
    const { root, folder } = sources();
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const earlier = await createBackup({ destination, key, folders: [{ path: folder }] });
    chmodSync(destination, 0o500);
    try {
      const error = await createBackup({ destination, key, folders: [{ path: folder }] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ details: { folder: destination, problem: 'read_only' } });
      expect((error as Error).message).toContain(`cannot write to the backup folder ${destination}`);
    } finally {
      chmodSync(destination, 0o700);
    }
    expect(readdirSync(destination)).toEqual([earlier.name]);
    await verifyBackup({ file: earlier.file, key });
  });

  it.runIf(existsSync('/dev/full'))('full: the message says which folder and what to do', () => {
    // A real ENOSPC from the system, not a mock: /dev/full refuses every write with it.
    const fd = openSync('/dev/full', 'w');
    let enospc: unknown;
    try {
      writeSync(fd, Buffer.alloc(16));
    } catch (error) {
      enospc = error;
    } finally {
      closeSync(fd);
    }
    const mapped = folderError('backup folder', '/media/usb/backups', enospc);
    expect(mapped).toBeInstanceOf(FolderError);
    expect((mapped as Error).message).toBe(
      'The backup folder /media/usb/backups is full. Free some space on that drive or choose another folder; nothing was kept from this run and earlier backups were not touched.',
    );
  });

  it('a missing source folder is reported before anything is written', async () => {
    const destination = tempDir();
    await expect(createBackup({ destination, key, folders: [{ path: join(destination, 'nope') }] })).rejects.toBeInstanceOf(SourceError);
    expect(readdirSync(destination)).toEqual([]);
  });

  it('a database key that does not open the database is reported before anything is written', async () => {
    const { databasePath } = sources();
    const destination = tempDir();
    await expect(createBackup({ destination, key, database: { path: databasePath, key: randomBytes(32) } })).rejects.toThrow(
      /does not open with the key given/,
    );
    expect(readdirSync(destination)).toEqual([]);
  });
});

describe('cancel', () => {
  it.each(['snapshot', 'archiving', 'finishing'] as const)('during %s removes everything the run wrote', async (phase) => {
    const { folder, databasePath, databaseKey } = sources();
    const destination = tempDir();
    const controller = new AbortController();
    const onProgress = (progress: OperationProgress) => {
      if (progress.phase === phase && (phase !== 'archiving' || progress.bytesDone > 300_000)) controller.abort();
    };
    const run = createBackup({
      destination,
      key,
      database: { path: databasePath, key: databaseKey },
      folders: [{ path: folder }],
      chunkSize: 64 * 1024,
      signal: controller.signal,
      onProgress,
      progressIntervalMs: 0,
    });
    await expect(run).rejects.toBeInstanceOf(OperationCancelledError);
    expect(readdirSync(destination)).toEqual([]);
  });

  it('of a restore removes what it restored', async () => {
    const { folder } = sources();
    const destination = tempDir();
    const { file } = await createBackup({ destination, key, folders: [{ path: folder }], chunkSize: 64 * 1024 });
    const target = join(tempDir(), 'restore');
    const controller = new AbortController();
    const onProgress = (progress: OperationProgress) => {
      if (progress.bytesDone > 500_000) controller.abort();
    };
    await expect(restoreBackup({ file, key, target, signal: controller.signal, onProgress, progressIntervalMs: 0 })).rejects.toBeInstanceOf(
      OperationCancelledError,
    );
    expect(existsSync(target)).toBe(false);
  });
});

describe('no plaintext database on disk', () => {
  it('never shows a SQLite header in any file of the destination, during or after the backup', async () => {
    const { databasePath, databaseKey } = sources();
    const destination = tempDir();
    let scansDuringDatabase = 0;
    const onProgress = (progress: OperationProgress) => {
      expect(filesWithPlaintextSqlite(destination)).toEqual([]);
      if (progress.phase === 'archiving' && progress.currentFile?.startsWith('database/')) scansDuringDatabase += 1;
    };
    const result = await createBackup({
      destination,
      key,
      database: { path: databasePath, key: databaseKey },
      chunkSize: 64 * 1024,
      onProgress,
      progressIntervalMs: 0,
    });
    expect(scansDuringDatabase).toBeGreaterThan(5);
    expect(readdirSync(destination)).toEqual([result.name]);
    expect(filesWithPlaintextSqlite(destination)).toEqual([]);
    // And the database really is in it.
    expect((await readBackupManifest(result.file, key)).entries[0]?.kind).toBe('database');
  });
});

describe('folder sources', () => {
  it('apply include and exclude patterns, keep relative paths, skip symlinks and the destination', async () => {
    const root = tempDir();
    const folder = join(root, 'site');
    writeFiles(folder, {
      'logs/2025/probe.log': 'probe',
      'logs/2025/debug-1.log': 'debug',
      'cache/thumb.jpg': 'thumb',
      'config.json': '{}',
      'notes.txt': 'notes',
    });
    symlinkSync(join(folder, 'config.json'), join(folder, 'link.json'));
    writeFileSync(join(folder, 'odd\\name.json'), '{}');
    const destination = join(folder, 'backups');
    mkdirSync(destination);
    const result = await createBackup({
      destination,
      key,
      folders: [{ path: folder, include: ['**/*.log', '*.json', 'backups/**'], exclude: ['**/debug-*', 'cache'] }],
    });
    const manifest = await readBackupManifest(result.file, key);
    expect(manifest.entries.map((entry) => entry.path)).toEqual(['site/config.json', 'site/logs/2025/probe.log']);
    expect(manifest.skipped).toEqual([
      { path: 'site/link.json', reason: 'symbolic link (not followed)' },
      { path: 'site/odd\\name.json', reason: 'name contains a backslash' },
    ]);
  });

  it('names each source folder in the backup and refuses two that would collide', async () => {
    const root = tempDir();
    writeFiles(root, { 'a/data/x.txt': 'a', 'b/data/x.txt': 'b' });
    const destination = tempDir();
    const named = await createBackup({
      destination,
      key,
      folders: [
        { path: join(root, 'a', 'data'), name: 'site-a' },
        { path: join(root, 'b', 'data'), name: 'site-b' },
      ],
    });
    expect((await readBackupManifest(named.file, key)).entries.map((entry) => entry.path)).toEqual(['site-a/x.txt', 'site-b/x.txt']);
    await expect(
      createBackup({ destination, key, folders: [{ path: join(root, 'a', 'data') }, { path: join(root, 'b', 'data') }] }),
    ).rejects.toThrow(/both store "data\/x.txt"/);
    expect((await listBackupFiles(destination)).length).toBe(1);
  });
});

describe('leftovers', () => {
  it('are not listed, and removeStalePartials deletes only them', async () => {
    const destination = tempDir();
    writeFileSync(join(destination, 'job-20250101T000000Z-aaaaaaaa.wrbk.partial'), 'x');
    writeFileSync(join(destination, 'job-20250102T000000Z-bbbbbbbb.wrbk.partial'), 'x');
    writeFileSync(join(destination, 'holiday.mp4.partial'), 'not ours');
    expect(await listBackupFiles(destination)).toEqual([]);
    expect((await removeStalePartials(destination)).length).toBe(2);
    expect(readdirSync(destination)).toEqual(['holiday.mp4.partial']);
  });

  it('a file with the backup extension but no backup inside lists with its problem', async () => {
    const destination = tempDir();
    writeFileSync(join(destination, 'odd.wrbk'), 'hello');
    const [listed] = await listBackupFiles(destination);
    expect(listed).toMatchObject({ name: 'odd.wrbk', header: null });
    expect(listed?.problem).toMatch(/does not start like a Watchroom backup/);
  });
});
