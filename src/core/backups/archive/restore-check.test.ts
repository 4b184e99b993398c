import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import type * as DatabaseSnapshot from './database-snapshot';
import { checkDatabaseFile, openLiveDatabase } from './database-snapshot';
import { deserializeError, serializeError } from './errors';
import { Manifest, sourceCheckPassed } from './format';
import {
  BackupDamagedError,
  createBackup,
  DatabaseDamagedError,
  FolderError,
  deriveBackupKey,
  restoreBackup,
  restoreDatabase,
  SourceError,
  type BackupKey,
  type OperationProgress,
} from './index';
import type * as ReadBackup from './read-backup';
import { openArchive } from './read-backup';
import { SQLCIPHER_PAGE_SIZE, SqlcipherPageReader, SqlcipherPageWriter } from './sqlcipher-pages';
import { logText, makeConsoleDatabase, randomContent, writeFiles } from './test-sources';

// The real check, only observed: the test needs the moment its verdict is known.
vi.mock('./database-snapshot', async (importOriginal) => {
  const actual = await importOriginal<typeof DatabaseSnapshot>();
  return { ...actual, checkDatabaseFile: vi.fn(actual.checkDatabaseFile), openLiveDatabase: vi.fn(actual.openLiveDatabase) };
});
vi.mock('./read-backup', async (importOriginal) => {
  const actual = await importOriginal<typeof ReadBackup>();
  return { ...actual, openArchive: vi.fn(actual.openArchive) };
});

const { checkDatabaseFile: actualCheck, openLiveDatabase: actualOpenLive } =
  await vi.importActual<typeof DatabaseSnapshot>('./database-snapshot');
const { openArchive: actualOpenArchive } = await vi.importActual<typeof ReadBackup>('./read-backup');
const tempDir = useTempDirs();
let key: BackupKey;

beforeAll(async () => {
  key = await deriveBackupKey('correct horse battery staple', { N: 2 ** 14 });
});

/**
 * A console database whose pages all authenticate but whose last b-tree page is not one (its type
 * byte overwritten), keyed again with its own key: it backs up, and its restored copy fails quick_check.
 */
function makeMalformedDatabase(path: string, databaseKey: Buffer): void {
  makeConsoleDatabase(path, databaseKey, 3000);
  const encrypted = readFileSync(path);
  const plain = new SqlcipherPageReader(databaseKey, encrypted.subarray(0, 16)).decrypt(encrypted, 1);
  plain[plain.length - SQLCIPHER_PAGE_SIZE] = 0xff;
  writeFileSync(path, new SqlcipherPageWriter(databaseKey).encrypt(plain, 1));
}

/** A console database in `root`, made by `make` under a new key: where it is and its key. */
function databaseIn(root: string, make: (path: string, key: Buffer) => void): { path: string; key: Buffer } {
  const database = { path: join(root, 'watchroom.db'), key: randomBytes(32) };
  make(database.path, database.key);
  return database;
}

/** A backup in `root`/backups of the database and folders given, in 64 KiB chunks; its file. */
async function backUp(
  root: string,
  database: { path: string; key: Buffer },
  folders: string[],
  { checkDatabase = true } = {},
): Promise<string> {
  const destination = join(root, 'backups');
  mkdirSync(destination);
  const { file } = await createBackup({
    destination,
    key,
    database,
    folders: folders.map((path) => ({ path })),
    chunkSize: 64 * 1024,
    checkDatabase,
  });
  return file;
}

/** The next backup is made as a Watchroom from before sources were checked made it: no quick_check, nothing recorded. */
function nextBackupUnchecked(): void {
  vi.mocked(openLiveDatabase).mockImplementationOnce((path, databaseKey) => {
    const live = actualOpenLive(path, databaseKey);
    return { ...live, sizeBytes: live.sizeBytes, hold: async (signal) => ({ ...(await live.hold(signal)), quickCheck: () => [] }) };
  });
}

/** Opens backups as if their manifests did not record their source's check, as an older Watchroom's do not. */
function readWithoutSourceCheck(times: number): void {
  for (let time = 0; time < times; time += 1)
    vi.mocked(openArchive).mockImplementationOnce(async (...args) => {
      const archive = await actualOpenArchive(...args);
      delete archive.manifest.databaseCheck;
      return archive;
    });
}

describe("a backup's check of its source database", () => {
  it('fails the backup of a damaged database, says so, and keeps no file', async () => {
    const root = tempDir();
    const database = databaseIn(root, makeMalformedDatabase);

    const error = await backUp(root, database, []).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as Error).message).toMatch(
      /^The console's database is damaged \(quick_check: .+\); this backup was not kept, and earlier backups are untouched\. Restore the console database from the last good backup\.$/,
    );
    expect(readdirSync(join(root, 'backups'))).toEqual([]);
    // It reaches the job from the archive worker as what it is: a scheduled run alerts at once instead of retrying.
    const crossed = deserializeError(serializeError(error));
    expect(crossed).toBeInstanceOf(DatabaseDamagedError);
    expect(crossed).toBeInstanceOf(SourceError);
  });

  it('keeps the safety copy of a damaged database taken before a restore replaces it, and a restore of that copy checks it', async () => {
    // The database is often replaced because it is damaged: its safety copy must not block the repair.
    const root = tempDir();
    const database = databaseIn(root, makeMalformedDatabase);

    const file = await backUp(root, database, [], { checkDatabase: false });

    expect((await openArchive(file, key)).manifest.databaseCheck).toBeUndefined();
    const error = await restoreDatabase({ file, key, target: join(root, 'from-safety-copy.db'), databaseKey: randomBytes(32) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupDamagedError);
    expect((error as Error).message).toMatch(/fails its integrity check/);
  });

  it('opens a backup whose manifest records another check, or more about it, and relies only on a quick_check that passed', () => {
    // A later version may record more: this one must still open, verify and restore its backups.
    const recorded = (databaseCheck: unknown) => Manifest.shape.databaseCheck.parse(databaseCheck);
    expect(sourceCheckPassed(recorded({ check: 'quick_check', ok: true }))).toBe(true);
    expect(sourceCheckPassed(recorded({ check: 'quick_check', ok: true, seconds: 1.2 }))).toBe(true);
    expect(sourceCheckPassed(recorded({ check: 'integrity_check', ok: true }))).toBe(false);
    expect(sourceCheckPassed(recorded({ check: 'quick_check', ok: false }))).toBe(false);
    expect(sourceCheckPassed(recorded(undefined))).toBe(false);
  });

  it("lets a restore skip quick_check when the backup recorded its source's pass; a backup without that record still gets it", async () => {
    const root = tempDir();
    const database = databaseIn(root, (path, databaseKey) => makeConsoleDatabase(path, databaseKey, 2000));
    const file = await backUp(root, database, []);
    const restore = (name: string) => restoreDatabase({ file, key, target: join(root, name), databaseKey: randomBytes(32) });

    expect(await restore('checked-source.db')).toMatchObject({ integrity: 'ok', check: 'page sample' });
    readWithoutSourceCheck(1);
    expect(await restore('older-backup.db')).toMatchObject({ integrity: 'ok', check: 'quick_check' });
    expect(
      await restoreDatabase({ file, key, target: join(root, 'weekly.db'), databaseKey: randomBytes(32), thoroughCheck: true }),
    ).toMatchObject({
      check: 'integrity_check',
    });
  });
});

describe("a restored database's check", () => {
  it("of an older backup's malformed database runs beside the files still restoring: it stops them, says so, and nothing is kept", async () => {
    const root = tempDir();
    const database = databaseIn(root, makeMalformedDatabase);
    nextBackupUnchecked();
    // Far more file data than database: both lanes of files are still writing when the database is checked.
    const sources = join(root, 'site-data');
    const files: Record<string, string | Buffer> = {};
    for (let index = 0; index < 48; index += 1) {
      files[`recordings/${String(index).padStart(2, '0')}.mp4`] = randomContent(384 * 1024);
      files[`logs/${String(index).padStart(2, '0')}.log`] = logText(384 * 1024, index);
    }
    writeFiles(sources, files);
    const file = await backUp(root, database, [sources]);

    for (const existing of [false, true]) {
      const target = join(tempDir(), 'restored');
      if (existing) mkdirSync(target);
      const started: string[] = [];
      let startedWhenFailed: number | null = null;
      vi.mocked(checkDatabaseFile).mockImplementationOnce(async (...args) => {
        const verdict = await actualCheck(...args);
        startedWhenFailed = started.length;
        return verdict;
      });
      const onProgress = ({ currentFile }: OperationProgress) => {
        if (currentFile !== null && !started.includes(currentFile)) started.push(currentFile);
      };
      readWithoutSourceCheck(1);
      const error = await restoreBackup({ file, key, target, databaseKey: randomBytes(32), onProgress, progressIntervalMs: 0 }).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(BackupDamagedError);
      expect(error).toMatchObject({ details: { entryPath: 'database/watchroom.db' } });
      expect((error as Error).message).toMatch(/fails its integrity check/);
      // The files were still restoring when the database failed, and no file was started after it.
      expect(startedWhenFailed).not.toBeNull();
      expect(started).toHaveLength(startedWhenFailed ?? -1);
      expect(started.length).toBeLessThan(1 + Object.keys(files).length);
      if (existing) expect(readdirSync(target)).toEqual([]);
      else expect(existsSync(target)).toBe(false);
    }
  });

  it('blames the restore drive, not the backup, when the database reads back other than it was written', async () => {
    const root = tempDir();
    const database = databaseIn(root, (path, databaseKey) => makeConsoleDatabase(path, databaseKey, 500));
    const file = await backUp(root, database, []);
    const target = join(tempDir(), 'restored');
    vi.mocked(checkDatabaseFile).mockImplementationOnce(async (...args) => {
      // The drive gives back one byte other than was written.
      const [restoredPath] = args;
      const bytes = readFileSync(restoredPath);
      bytes[5000] = (bytes[5000] ?? 0) ^ 1;
      writeFileSync(restoredPath, bytes);
      return actualCheck(...args);
    });

    const error = await restoreBackup({ file, key, target, databaseKey: randomBytes(32) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FolderError);
    expect((error as Error).message).toMatch(/The backup is not at fault/);
    expect(existsSync(target)).toBe(false);
  });
});
