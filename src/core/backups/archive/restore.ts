// Restoring: chosen entries (or all) into a new or empty folder, or the database alone into a new
// file keyed with the key the caller gives. Every frame is authenticated before its bytes are
// written, and a file takes its real name only once all of its frames have; on any failure or
// cancel, everything this restore wrote is removed.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, stat, utimes, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { checkDatabaseFile, type RestoredDatabaseCheck, type WrittenFile } from './database-snapshot';
import { AlignedWriteBuffer, RestoreFileWriter } from './direct-write';
import { ArchiveInputError, damaged, errorCode, folderError, FolderError, OperationCancelledError, SourceError } from './errors';
import { PARTIAL_SUFFIX, removeQuietly, syncFolder } from './folder';
import { sourceCheckPassed, type ManifestEntry } from './format';
import type { FrameReader } from './frames';
import type { BackupKey } from './keys';
import { ProgressTracker, type ProgressOptions } from './progress';
import { openArchive, streamEntry, type OpenedArchive } from './read-backup';
import { PageError, SQLCIPHER_PAGE_SIZE, SqlcipherPageWriter } from './sqlcipher-pages';

export interface RestoreOptions extends ProgressOptions {
  file: string;
  key: BackupKey;
  /** A folder that does not exist yet, or an empty one. */
  target: string;
  /** Entry paths, or folders inside the backup, to restore; every entry when absent. */
  only?: string[];
  /** The 32-byte key a restored database is encrypted with; required when a database entry is chosen. */
  databaseKey?: Buffer;
  signal?: AbortSignal;
}

export interface RestoredEntry {
  path: string;
  kind: ManifestEntry['kind'];
  size: number;
}

export interface RestoreResult {
  target: string;
  entries: RestoredEntry[];
  bytes: number;
}

export interface RestoreDatabaseOptions extends ProgressOptions {
  file: string;
  key: BackupKey;
  /** The database file to create; it must not exist. */
  target: string;
  /** The 32-byte key the restored database is encrypted with. */
  databaseKey: Buffer;
  /** Which database entry, when a backup holds several; the only one otherwise. */
  entryPath?: string;
  /** integrity_check (every index against its table) instead of quick_check: for the weekly test restore. */
  thoroughCheck?: boolean;
  signal?: AbortSignal;
}

export interface RestoreDatabaseResult {
  path: string;
  bytes: number;
  /** The restored file passed its check, opened with databaseKey. */
  integrity: 'ok';
  /** Which check it passed: see RestoredDatabaseCheck. */
  check: RestoredDatabaseCheck;
}

function checkDatabaseKey(key: Buffer | undefined): asserts key is Buffer {
  if (!key || key.length !== 32) throw new ArchiveInputError('A restored database is encrypted: give a 32-byte key for it.');
}

/** `only` names entries, or folders inside the backup (every entry below them). */
function selectEntries(archive: OpenedArchive, only: string[] | undefined): ManifestEntry[] {
  const { entries } = archive.manifest;
  if (!only) return entries;
  const chosen = (entry: ManifestEntry, wanted: string) => entry.path === wanted || entry.path.startsWith(`${wanted.replace(/\/+$/, '')}/`);
  const unknown = only.filter((wanted) => !entries.some((entry) => chosen(entry, wanted)));
  if (unknown.length > 0)
    throw new SourceError(`Backup ${archive.info.file} holds no ${unknown.map((path) => `"${path}"`).join(', ')}.`, {
      file: archive.info.file,
    });
  return entries.filter((entry) => only.some((wanted) => chosen(entry, wanted)));
}

/** Frames are read front to back; a new reader is started only where the chosen entries skip. */
function readerAt(archive: OpenedArchive, current: FrameReader | null, offset: number): FrameReader {
  return current && current.offset === offset ? current : archive.frames(offset);
}

/** Files from this size on are written direct, where the system allows it. */
const DIRECT_WRITE_MIN_BYTES = 4 * 1024 * 1024;

/**
 * fsyncs run while the next entry is being restored (the disk works while the CPU does), at most a
 * few at a time; every one must succeed before anything restored is kept.
 */
class Flusher {
  private readonly pending: Promise<unknown>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly folder: string) {}

  /** Takes over the handle: syncs it, then closes it. */
  async add(handle: FileHandle): Promise<void> {
    const flushing = handle.sync().finally(() => handle.close());
    this.pending.push(
      flushing.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
    if (this.pending.length > 4) await this.pending.shift();
    this.rethrow();
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw folderError('restore folder', this.folder, this.failure.error);
  }
}

/** A file that did not compress (stored as it was, frame overhead aside) is mostly a wait on the disk to restore. */
function waitsOnDisk(entry: ManifestEntry): boolean {
  return entry.kind === 'file' && entry.storedBytes >= entry.size;
}

/**
 * Where the chosen files, in backup order, switch between waiting on the disk and not more often than this,
 * they are restored in one lane: each switch would cost both lanes a new reader (a 16 MiB buffer
 * and a read ahead of 4 MiB that is thrown away).
 */
const MAX_LANE_SWITCHES = 8;

/**
 * The entries in lanes restored side by side, each lane in backup order: the databases, the files
 * that did not compress, the other files. Restoring a database is all CPU (decrypt, decompress,
 * re-encrypt every page), so is decompressing logs, and files that did not compress mostly wait on
 * the disk: side by side, one core does the others' work while those reads and writes are on the
 * device, instead of waiting for them.
 */
function restoreLanes(entries: ManifestEntry[]): ManifestEntry[][] {
  const files = entries.filter((entry) => entry.kind === 'file');
  const switches = files.filter((entry, index) => index > 0 && waitsOnDisk(entry) !== waitsOnDisk(files[index - 1] ?? entry)).length;
  const fileLanes =
    switches <= MAX_LANE_SWITCHES ? [files.filter((entry) => waitsOnDisk(entry)), files.filter((entry) => !waitsOnDisk(entry))] : [files];
  return [entries.filter((entry) => entry.kind === 'database'), ...fileLanes].filter((lane) => lane.length > 0);
}

/**
 * Runs the tasks at once. The first failure stops the others (through the signal they are given)
 * and is thrown once every task has ended, so nothing still writes while the caller cleans up.
 */
async function sideBySide(tasks: ((signal: AbortSignal) => Promise<void>)[], outer: AbortSignal | undefined): Promise<void> {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  const failures: unknown[] = [];
  await Promise.all(
    tasks.map((task) =>
      task(signal).catch((error: unknown) => {
        failures.push(error);
        stop.abort();
      }),
    ),
  );
  if (failures.length > 0) throw failures[0];
}

/**
 * Writes one entry to `path`: a file as it is, a database re-encrypted with `databaseKey`. Returns
 * the bytes written and, for a database only (its check compares them), their CRC-32; 0 for a file.
 */
async function restoreEntry(
  archive: OpenedArchive,
  entry: ManifestEntry,
  reader: FrameReader,
  path: string,
  databaseKey: Buffer | undefined,
  progress: ProgressTracker,
  signal: AbortSignal | undefined,
  flusher: Flusher,
  folder: string,
  /** Large files and databases are written direct through it where the system allows. */
  alignedBuffer: AlignedWriteBuffer | null,
): Promise<WrittenFile> {
  if (entry.kind === 'database') {
    checkDatabaseKey(databaseKey);
    if (entry.pageSize !== SQLCIPHER_PAGE_SIZE)
      throw new ArchiveInputError(`The database in ${archive.info.file} has a page size this Watchroom cannot restore.`);
  }
  const pages = entry.kind === 'database' && databaseKey ? new SqlcipherPageWriter(databaseKey) : null;
  const inFolder = (error: unknown) => Promise.reject(folderError('restore folder', folder, error));
  // Small files are written through the page cache: the device's wait on each of them, before the
  // next file starts, would cost more than their copies. Large files and the database go around it
  // (see direct-write.ts).
  const direct = entry.kind === 'database' || entry.size >= DIRECT_WRITE_MIN_BYTES ? alignedBuffer : null;
  const writer = await RestoreFileWriter.create(path, 0o600, direct).catch(inFolder);
  const written: WrittenFile = { bytes: 0, crc32: 0 };
  try {
    let pageNumber = 1;
    await streamEntry(
      archive,
      entry,
      reader,
      async (chunk, frameIndex) => {
        let data = chunk;
        if (pages) {
          try {
            data = pages.encrypt(chunk, pageNumber);
          } catch (error) {
            if (error instanceof PageError) throw damaged(archive.info.file, error.message, { entryPath: entry.path, frameIndex });
            throw error;
          }
          pageNumber += chunk.length / SQLCIPHER_PAGE_SIZE;
          written.crc32 = crc32(data, written.crc32);
        }
        written.bytes += data.length;
        // One write in flight while the next frame is read, authenticated and decompressed: the
        // disk and the CPU work at once.
        await writer.append(data).catch(inFolder);
        progress.advance(chunk.length);
      },
      // Authenticated frames are all a restore needs; recomputing each entry's SHA-256 would cost
      // about a seventh of a one-core restore and prove nothing more against a changed backup.
      'frames',
      signal,
    );
    await writer.finish().catch(inFolder);
    // A backup made before modes were kept restores its files as 0600, as it always did.
    if (entry.kind === 'file' && entry.mode !== undefined) await writer.file.chmod(entry.mode);
    // Seconds as a number keep the sub-millisecond part that a Date would drop.
    if (entry.kind === 'file') await utimes(path, entry.mtimeMs / 1000, entry.mtimeMs / 1000);
  } catch (error) {
    await writer.abandon();
    throw error;
  }
  await flusher.add(writer.file);
  return written;
}

/**
 * The restored database is opened with its new key and checked before it is reported good. A copy
 * on the restore drive that reads back other than it was written is that drive's fault: saying the
 * backup is damaged would have the user give up a good backup, perhaps their only one.
 */
async function checkRestoredDatabase(
  archive: OpenedArchive,
  entry: ManifestEntry,
  path: string,
  databaseKey: Buffer,
  written: WrittenFile,
  restoreFolder: string,
  thorough: boolean,
  signal: AbortSignal | undefined,
): Promise<RestoredDatabaseCheck> {
  // A backup that proved its source sound when it was taken leaves this restore its own copy to prove.
  const depth = thorough ? 'integrity_check' : sourceCheckPassed(archive.manifest.databaseCheck) ? 'page sample' : 'quick_check';
  const check = await checkDatabaseFile(path, databaseKey, written, archive.info.header.chunkSize, depth, signal);
  if (check.ok) return check.check;
  if (check.where === 'copy')
    throw new FolderError(
      `The restored database read back from the restore folder ${restoreFolder} is not what was written to it (${check.problem}). The backup is not at fault: check the drive, then restore again.`,
      { folder: restoreFolder, problem: 'io' },
    );
  if (check.where === 'written')
    throw new FolderError(
      `The restored database in ${restoreFolder} was written wrongly on this computer (${check.problem}), though it reads back as written. The backup is not at fault: restore again.`,
      { folder: restoreFolder, problem: 'io' },
    );
  throw damaged(archive.info.file, `the restored database fails its integrity check (${check.problem})`, { entryPath: entry.path });
}

async function prepareTargetFolder(target: string): Promise<{ created: boolean }> {
  try {
    const info = await stat(target);
    if (!info.isDirectory())
      throw new FolderError(`The restore folder ${target} is a file. Choose a new or empty folder.`, {
        folder: target,
        problem: 'not_a_folder',
      });
    if ((await readdir(target)).length > 0)
      throw new FolderError(`The restore folder ${target} is not empty. Choose a new or empty folder, so nothing in it is overwritten.`, {
        folder: target,
        problem: 'not_empty',
      });
    return { created: false };
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw folderError('restore folder', target, error);
  }
  try {
    await mkdir(target);
  } catch (error) {
    // The folder above the target is what is missing or read-only.
    throw folderError('restore folder', dirname(target), error);
  }
  return { created: true };
}

/**
 * Restores into `target`. Entries are written in a hidden staging folder inside the target (same
 * drive, so the final moves are renames) and moved into place only when all of them check out.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const target = resolve(options.target);
  const archive = await openArchive(options.file, options.key);
  let created = false;
  let staging: string | null = null;
  const moved: string[] = [];
  let succeeded = false;
  let flusher: Flusher | null = null;
  try {
    const entries = selectEntries(archive, options.only);
    if (entries.some((entry) => entry.kind === 'database')) checkDatabaseKey(options.databaseKey);
    ({ created } = await prepareTargetFolder(target));
    const stagingFolder = join(target, `.watchroom-restore-${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`);
    staging = stagingFolder;
    await mkdir(stagingFolder).catch((error: unknown) => Promise.reject(folderError('restore folder', target, error)));

    const progress = new ProgressTracker('restoring', options);
    progress.enter(
      'restoring',
      entries.reduce((sum, entry) => sum + entry.size, 0),
    );
    const entryFlusher = new Flusher(target);
    flusher = entryFlusher;
    // 'checking' is shown only while the user waits on a database's check alone: once every chosen
    // entry is written. Until then the check runs beside the lanes still writing, and the bar moves with them.
    let entriesToWrite = entries.length;
    let checksRunning = 0;
    let checkingShown = false;
    const showCheckingIfAlone = () => {
      if (checksRunning > 0 && entriesToWrite === 0 && !checkingShown) {
        checkingShown = true;
        progress.enter('checking');
      }
    };
    const checkInLane = async (entry: ManifestEntry, path: string, written: WrittenFile, signal: AbortSignal) => {
      // Another lane failed, or the user cancelled, while the database was written: no check to wait for.
      signal.throwIfAborted();
      checkDatabaseKey(options.databaseKey);
      checksRunning += 1;
      showCheckingIfAlone();
      try {
        await checkRestoredDatabase(archive, entry, path, options.databaseKey, written, target, false, signal);
      } finally {
        checksRunning -= 1;
      }
      // Back to 'restoring' only after a check that passed: a failed one's error follows at once.
      if (checkingShown && checksRunning === 0) {
        checkingShown = false;
        progress.enter('restoring');
      }
    };
    const restoreInOrder = async (lane: ManifestEntry[], signal: AbortSignal) => {
      // Lanes write at the same time: each has an aligned buffer of its own.
      const alignedBuffer = AlignedWriteBuffer.forChunks(archive.info.header.chunkSize);
      let reader: FrameReader | null = null;
      for (const entry of lane) {
        // Another lane failed, or the user cancelled: no new reader or staged file for the next entry.
        signal.throwIfAborted();
        progress.startFile(entry.path);
        reader = readerAt(archive, reader, entry.offset);
        const path = join(stagingFolder, ...entry.path.split('/'));
        await mkdir(dirname(path), { recursive: true }).catch((error: unknown) =>
          Promise.reject(folderError('restore folder', target, error)),
        );
        const written = await restoreEntry(
          archive,
          entry,
          reader,
          path,
          options.databaseKey,
          progress,
          signal,
          entryFlusher,
          target,
          alignedBuffer,
        );
        entriesToWrite -= 1;
        showCheckingIfAlone();
        // Checked as soon as it is written, while the other lanes still write: a database that fails
        // stops them (as any lane's failure does) instead of being found after the last file.
        if (entry.kind === 'database') await checkInLane(entry, path, written, signal);
      }
    };
    await sideBySide(
      restoreLanes(entries).map((lane) => (signal: AbortSignal) => restoreInOrder(lane, signal)),
      options.signal,
    );
    await flusher.settle();
    for (const top of await readdir(staging)) {
      await rename(join(staging, top), join(target, top));
      moved.push(top);
    }
    await rmdir(staging);
    await syncFolder(target);
    succeeded = true;
    progress.enter('done');
    return {
      target,
      entries: entries.map((entry) => ({ path: entry.path, kind: entry.kind, size: entry.size })),
      bytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    };
  } catch (error) {
    if (options.signal?.aborted) throw new OperationCancelledError('Restore cancelled; nothing restored was kept.');
    throw error;
  } finally {
    await archive.close();
    // Even on failure, let pending fsyncs finish before their files are removed.
    await flusher?.settle().catch(() => undefined);
    if (!succeeded) {
      if (created) {
        await rm(target, { recursive: true, force: true });
      } else {
        if (staging) await rm(staging, { recursive: true, force: true });
        for (const top of moved) await rm(join(target, top), { recursive: true, force: true });
      }
    }
  }
}

/** Restores the database alone as a new file keyed with `databaseKey`, checked before it is kept. */
export async function restoreDatabase(options: RestoreDatabaseOptions): Promise<RestoreDatabaseResult> {
  checkDatabaseKey(options.databaseKey);
  const target = resolve(options.target);
  const archive = await openArchive(options.file, options.key);
  // A name of its own: a leftover of a crashed restore never blocks this one, nor is it mistaken for it.
  const partial = `${target}.${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
  const flusher = new Flusher(dirname(target));
  let kept = false;
  try {
    const databases = archive.manifest.entries.filter(
      (entry) => entry.kind === 'database' && (options.entryPath === undefined || entry.path === options.entryPath),
    );
    const entry = databases[0];
    if (!entry || databases.length > 1) {
      throw new SourceError(
        entry
          ? `Backup ${options.file} holds several databases; say which one.`
          : `Backup ${options.file} holds no database${options.entryPath ? ` "${options.entryPath}"` : ''}.`,
        { file: options.file },
      );
    }
    const exists = await stat(target).then(
      () => true,
      (error: unknown) => (errorCode(error) === 'ENOENT' ? false : Promise.reject(folderError('restore folder', dirname(target), error))),
    );
    if (exists)
      throw new FolderError(`${target} already exists. Restore the database to a new file name.`, {
        folder: dirname(target),
        problem: 'not_empty',
      });
    const progress = new ProgressTracker('restoring', options);
    progress.enter('restoring', entry.size);
    progress.startFile(entry.path);
    const written = await restoreEntry(
      archive,
      entry,
      archive.frames(entry.offset),
      partial,
      options.databaseKey,
      progress,
      options.signal,
      flusher,
      dirname(target),
      AlignedWriteBuffer.forChunks(archive.info.header.chunkSize),
    );
    progress.enter('checking');
    const check = await checkRestoredDatabase(
      archive,
      entry,
      partial,
      options.databaseKey,
      written,
      dirname(target),
      options.thoroughCheck ?? false,
      options.signal,
    );
    // Durable before it takes the final name: it may be about to replace the console's database.
    await flusher.settle();
    await rename(partial, target);
    kept = true;
    await syncFolder(dirname(target));
    progress.enter('done');
    return { path: target, bytes: entry.size, integrity: 'ok', check };
  } catch (error) {
    if (options.signal?.aborted) throw new OperationCancelledError('Restore cancelled; nothing restored was kept.');
    throw error;
  } finally {
    await archive.close();
    await flusher.settle().catch(() => undefined);
    if (!kept) await removeQuietly(partial);
  }
}
