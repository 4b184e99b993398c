// Writing one backup file: header, data frames (the database first, then the folders), the
// manifest frames and the trailer, all under a ".partial" name that is fsynced and renamed only
// when complete. Memory stays bounded: one chunk at a time, whatever the size of the sources.
import { randomBytes, createHash } from 'node:crypto';
import { open, rename, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import { openLiveDatabase, type HeldSnapshot, type LiveDatabase } from './database-snapshot';
import {
  ArchiveInputError,
  DatabaseDamagedError,
  errorCode,
  folderError,
  OperationCancelledError,
  SourceError,
  throwIfCancelled,
} from './errors';
import { backupFileName, PARTIAL_SUFFIX, removeQuietly, syncFolder } from './folder';
import {
  Codec,
  DEFAULT_CHUNK_SIZE,
  encodeHeader,
  encodeTrailer,
  FORMAT_NAME,
  FORMAT_VERSION,
  headerDigest,
  isValidChunkSize,
  TRAILER_BYTES,
  type ArchiveHeader,
  type AuditHead,
  type CompressionSettings,
  type DatabaseCheck,
  type Manifest,
  type ManifestEntry,
  type SkippedPath,
} from './format';
import { compressChunk, compressionSettings, FrameWriter, type CompressedChunk } from './frames';
import { frameKeyFor, keyIdOf, type BackupKey } from './keys';
import { ProgressTracker, type ProgressOptions } from './progress';
import { planFolderSources, type FolderSource } from './sources';
import { PageError, SQLCIPHER_PAGE_SIZE, SqlcipherPageReader } from './sqlcipher-pages';

export interface DatabaseSource {
  /** The console's live database file. */
  path: string;
  /** Its 32-byte key: the snapshot is read with it and never stored. */
  key: Buffer;
}

export interface CreateBackupOptions extends ProgressOptions {
  /** The folder the backup file goes to; it must exist. */
  destination: string;
  key: BackupKey;
  database?: DatabaseSource;
  folders?: FolderSource[];
  /** Start of the file name, e.g. the job's name. */
  label?: string;
  /** zstd level (1-19; gzip 1-9 where zstd is missing). Level 1 by default. */
  compressionLevel?: number;
  chunkSize?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** The console's audit chain head, recorded in the (authenticated) manifest as an anchor. */
  auditHead?: AuditHead;
  /**
   * Check the database snapshot with quick_check and refuse to keep the backup of a damaged one
   * (the default). False for the safety copy taken before a restore replaces the database: that
   * database is often replaced because it is damaged, and its copy must not block the repair. The
   * copy then records no check, so a restore of it runs quick_check itself.
   */
  checkDatabase?: boolean;
}

export interface BackupResult {
  file: string;
  name: string;
  backupId: string;
  createdAt: string;
  keyId: string;
  entries: number;
  /** Plaintext bytes of every entry. */
  bytes: number;
  /** What the entries took once compressed and framed. */
  storedBytes: number;
  fileBytes: number;
  database: { bytes: number; storedBytes: number } | null;
  skipped: SkippedPath[];
  compression: CompressionSettings;
}

/** The entry path of the database inside a backup. */
export function databaseEntryPath(databasePath: string): string {
  return `database/${basename(databasePath)}`;
}

interface EntryWriter {
  write(chunk: Buffer): Promise<void>;
}

/** Streams one entry into frames, counting, hashing and compressing as it goes. */
class ArchiveWriter {
  readonly entries: ManifestEntry[] = [];

  constructor(
    private readonly frames: FrameWriter,
    private readonly compression: CompressionSettings,
    private readonly progress: ProgressTracker,
    private readonly destination: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async writeFrame(chunk: Buffer, previousStored: boolean): Promise<CompressedChunk> {
    throwIfCancelled(this.signal);
    try {
      const compressed = compressChunk(chunk, this.compression, previousStored);
      await this.frames.writeData(compressed);
      return compressed;
    } catch (error) {
      throw folderError('backup folder', this.destination, error);
    }
  }

  async entry(
    path: string,
    kind: ManifestEntry['kind'],
    stat: Pick<ManifestEntry, 'mtimeMs' | 'mode'>,
    body: (writer: EntryWriter) => Promise<void>,
    pageSize?: number,
  ): Promise<ManifestEntry> {
    this.progress.startFile(path);
    const hash = createHash('sha256');
    const firstFrame = this.frames.dataFrameCount;
    const offset = this.frames.offset;
    let size = 0;
    let previousStored = false;
    await body({
      write: async (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        previousStored = (await this.writeFrame(chunk, previousStored)).codec === Codec.stored;
        this.progress.advance(chunk.length);
      },
    });
    const entry: ManifestEntry = {
      path,
      kind,
      size,
      mtimeMs: stat.mtimeMs,
      ...(stat.mode === undefined ? {} : { mode: stat.mode }),
      sha256: hash.digest('hex'),
      firstFrame,
      frameCount: this.frames.dataFrameCount - firstFrame,
      offset,
      storedBytes: this.frames.offset - offset,
      ...(pageSize === undefined ? {} : { pageSize }),
    };
    this.entries.push(entry);
    return entry;
  }
}

async function streamFile(handle: FileHandle, chunkSize: number, buffer: Buffer, writer: EntryWriter): Promise<void> {
  for (;;) {
    // Fill whole chunks, so an entry's frames are exactly ceil(size / chunk size).
    let filled = 0;
    while (filled < chunkSize) {
      const { bytesRead } = await handle.read(buffer, filled, chunkSize - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled === 0) return;
    await writer.write(buffer.subarray(0, filled));
    if (filled < chunkSize) return;
  }
}

/** Reads the held snapshot's pages from the live file, decrypting them a chunk at a time in memory. */
async function streamDatabase(
  path: string,
  key: Buffer,
  snapshot: HeldSnapshot,
  chunkSize: number,
  buffer: Buffer,
  writer: EntryWriter,
): Promise<void> {
  if (snapshot.pageSize !== SQLCIPHER_PAGE_SIZE)
    throw new SourceError(
      `The console database ${path} has a page size of ${snapshot.pageSize}; Watchroom databases have ${SQLCIPHER_PAGE_SIZE}.`,
      { file: path },
    );
  const handle = await open(path, 'r');
  try {
    const size = snapshot.pageCount * SQLCIPHER_PAGE_SIZE;
    const salt = Buffer.alloc(16);
    await handle.read(salt, 0, salt.length, 0);
    const pages = new SqlcipherPageReader(key, salt);
    for (let position = 0; position < size;) {
      const length = Math.min(chunkSize, size - position);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
        if (bytesRead === 0)
          throw new SourceError(`The console database ${path} is shorter than its page count says; it may be damaged.`, { file: path });
        filled += bytesRead;
      }
      let plain: Buffer;
      try {
        plain = pages.decrypt(buffer.subarray(0, length), position / SQLCIPHER_PAGE_SIZE + 1);
      } catch (error) {
        if (error instanceof PageError)
          throw new SourceError(`The console database ${path} is damaged: ${error.message}. Nothing was backed up.`, { file: path });
        throw error;
      }
      await writer.write(plain);
      position += length;
    }
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, position + written);
    written += bytesWritten;
  }
}

async function checkDestination(destination: string): Promise<void> {
  try {
    if (!(await stat(destination)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw folderError('backup folder', destination, error);
  }
}

/**
 * Writes one backup. On any failure or cancel the partial file is removed, earlier backups are
 * never opened for writing, and the error says what happened and what to do.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const { key, signal } = options;
  const destination = resolve(options.destination);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!isValidChunkSize(chunkSize)) throw new ArchiveInputError('The chunk size must be a power of two from 64 KiB to 16 MiB.');
  if (keyIdOf(key.key) !== key.keyId) throw new ArchiveInputError('The backup key does not match its key id.');
  if (!options.database && (options.folders ?? []).length === 0)
    throw new ArchiveInputError('A backup needs at least one source: the database or a folder.');
  const clock = options.clock ?? systemClock;
  const progress = new ProgressTracker('scanning', options);
  progress.enter('scanning');
  throwIfCancelled(signal);

  await checkDestination(destination);
  const databasePath = options.database ? databaseEntryPath(options.database.path) : null;
  const plan = await planFolderSources(options.folders ?? [], new Set(databasePath ? [databasePath] : []), [destination], signal);
  let live: LiveDatabase | null = options.database ? openLiveDatabase(options.database.path, options.database.key) : null;

  const createdAt = new Date(clock.now());
  const backupId = randomBytes(16).toString('hex');
  const name = backupFileName(options.label ?? 'watchroom', createdAt, backupId);
  const finalPath = join(destination, name);
  const partialPath = `${finalPath}${PARTIAL_SUFFIX}`;
  const compression = compressionSettings(options.compressionLevel);
  const header: ArchiveHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    backupId,
    createdAt: createdAt.toISOString(),
    chunkSize,
    cipher: 'aes-256-gcm',
    kdf: key.kdf,
    keyId: key.keyId,
  };

  let handle: FileHandle | undefined;
  let complete = false;
  try {
    try {
      handle = await open(partialPath, 'wx', 0o600);
    } catch (error) {
      throw folderError('backup folder', destination, error);
    }
    const headerBytes = encodeHeader(header);
    await writeAll(handle, headerBytes, 0).catch((error: unknown) => Promise.reject(folderError('backup folder', destination, error)));
    const frames = new FrameWriter(handle, headerBytes.length, {
      key: frameKeyFor(key, backupId),
      headerDigest: headerDigest(headerBytes),
    });
    const archive = new ArchiveWriter(frames, compression, progress, destination, signal);
    const buffer = Buffer.allocUnsafe(chunkSize);
    let database: BackupResult['database'] = null;
    let databaseCheck: DatabaseCheck | undefined;

    if (live && options.database && databasePath) {
      progress.enter('snapshot', plan.totalBytes + live.sizeBytes);
      progress.startFile(databasePath);
      const snapshot = await live.hold(signal);
      try {
        progress.enter('archiving', plan.totalBytes + snapshot.pageCount * snapshot.pageSize);
        const { path, key: liveKey } = options.database;
        const entry = await archive.entry(
          databasePath,
          'database',
          { mtimeMs: createdAt.getTime() },
          (writer) => streamDatabase(path, liveKey, snapshot, chunkSize, buffer, writer),
          SQLCIPHER_PAGE_SIZE,
        );
        database = { bytes: entry.size, storedBytes: entry.storedBytes };
        // Checked now, on the same frozen snapshot: a damaged database is found at the next backup,
        // not at a restore after the workstation is lost, and its restores need not check it again.
        if (options.checkDatabase !== false) {
          throwIfCancelled(signal);
          const problems = snapshot.quickCheck();
          throwIfCancelled(signal);
          if (problems.length > 0)
            throw new DatabaseDamagedError(
              `The console's database is damaged (quick_check: ${problems.join('; ')}); this backup was not kept, and earlier backups are untouched. Restore the console database from the last good backup.`,
              { file: path },
            );
          databaseCheck = { check: 'quick_check', ok: true };
        }
      } finally {
        snapshot.release();
        live.close();
        live = null;
      }
    } else {
      progress.enter('archiving', plan.totalBytes);
    }

    const skipped = [...plan.skipped];
    for (const file of plan.files) {
      // Before each open too: an open on a dead mount can block for as long as the mount is gone.
      throwIfCancelled(signal);
      let source: FileHandle;
      try {
        source = await open(file.absolutePath, 'r');
      } catch (error) {
        // Files come and go in a live folder: one that vanished or is locked is reported, not fatal.
        const code = errorCode(error);
        if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EBUSY') throw error;
        skipped.push({ path: file.archivePath, reason: code === 'ENOENT' ? 'removed during the backup' : `not readable (${code})` });
        continue;
      }
      try {
        await archive.entry(file.archivePath, 'file', { mtimeMs: file.mtimeMs, mode: file.mode }, (writer) =>
          streamFile(source, chunkSize, buffer, writer),
        );
      } finally {
        await source.close();
      }
    }

    progress.enter('finishing');
    const totals = {
      entries: archive.entries.length,
      bytes: archive.entries.reduce((sum, entry) => sum + entry.size, 0),
      storedBytes: archive.entries.reduce((sum, entry) => sum + entry.storedBytes, 0),
      dataFrames: frames.dataFrameCount,
    };
    const manifest: Manifest = {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      backupId,
      keyId: key.keyId,
      createdAt: header.createdAt,
      compression,
      entries: archive.entries,
      skipped,
      totals,
      ...(options.auditHead ? { auditHead: options.auditHead } : {}),
      ...(databaseCheck ? { databaseCheck } : {}),
    };
    const manifestOffset = frames.offset;
    const manifestJson = Buffer.from(JSON.stringify(manifest), 'utf8');
    try {
      for (let start = 0; start < manifestJson.length; start += chunkSize) {
        throwIfCancelled(signal);
        const last = start + chunkSize >= manifestJson.length;
        await frames.writeManifest(compressChunk(manifestJson.subarray(start, start + chunkSize), compression), last);
      }
      await writeAll(handle, encodeTrailer(manifestOffset, frames.offset - manifestOffset), frames.offset);
      await handle.sync();
      await handle.close();
      handle = undefined;
      throwIfCancelled(signal);
      await rename(partialPath, finalPath);
      complete = true;
      await syncFolder(destination);
    } catch (error) {
      throw folderError('backup folder', destination, error);
    }
    const fileBytes = frames.offset + TRAILER_BYTES;
    // Skipped files and files that changed size make the planned total approximate; end at 100%.
    progress.enter('done', progress.done);
    return {
      file: finalPath,
      name,
      backupId,
      createdAt: header.createdAt,
      keyId: key.keyId,
      entries: totals.entries,
      bytes: totals.bytes,
      storedBytes: totals.storedBytes,
      fileBytes,
      database,
      skipped,
      compression,
    };
  } catch (error) {
    if (error instanceof OperationCancelledError || signal?.aborted) throw new OperationCancelledError();
    throw error;
  } finally {
    live?.close();
    await handle?.close().catch(() => undefined);
    if (!complete) await removeQuietly(partialPath);
  }
}
