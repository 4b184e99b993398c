// Opening a backup file for reading: header, key check, trailer, authenticated manifest. Then
// verification: every frame authenticated and decompressed, every entry's SHA-256 recomputed.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { ArchiveInputError, damaged, errorCode, OperationCancelledError, SourceError, throwIfCancelled } from './errors';
import { openForDirectReading } from './direct-io';
import { readHeaderFrom, type BackupHeaderInfo } from './folder';
import { decodeTrailer, headerDigest, Manifest, TRAILER_BYTES, type ManifestEntry } from './format';
import { FrameReader, SequentialReader, type FrameCrypto } from './frames';
import { assertKeyOpens, frameKeyFor, type BackupKey } from './keys';
import { ProgressTracker, type ProgressOptions } from './progress';

/** Enough for several frames per read: few system calls, bounded memory. */
const READ_BUFFER_BYTES = 4 * 1024 * 1024;
/** A manifest of a million files is well under this; anything larger is not ours. */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/** A read must hold at least one whole frame of the largest chunk. */
function readBufferBytes(chunkSize: number): number {
  return Math.max(READ_BUFFER_BYTES, 2 * chunkSize);
}

export interface OpenedArchive {
  readonly info: BackupHeaderInfo;
  readonly manifest: Manifest;
  readonly handle: FileHandle;
  readonly crypto: FrameCrypto;
  /** Where the data frames end and the manifest begins. */
  readonly dataEnd: number;
  close(): Promise<void>;
  /** Reads frames from `offset` up to the end of the data frames. */
  frames(offset: number): FrameReader;
}

async function openFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new SourceError(`The backup ${file} does not exist (is its drive connected?).`, { file });
    throw error;
  }
}

/** Checks the key against the header first: a wrong passphrase is refused before any frame is read. */
export async function openArchive(file: string, key: BackupKey): Promise<OpenedArchive> {
  const handle = await openFile(file);
  let direct: FileHandle | null = null;
  try {
    const info = await readHeaderFrom(handle, file);
    assertKeyOpens(key, info);
    const { header } = info;
    const crypto: FrameCrypto = { key: frameKeyFor(key, header.backupId), headerDigest: headerDigest(info.headerBytes) };
    const manifestBytes = await readManifestBytes(handle, info, crypto);
    let parsed: ReturnType<typeof Manifest.safeParse>;
    try {
      parsed = Manifest.safeParse(JSON.parse(manifestBytes.json.toString('utf8')));
    } catch {
      throw damaged(file, 'its manifest is not readable');
    }
    if (!parsed.success) throw damaged(file, `its manifest is invalid (${parsed.error.issues[0]?.message ?? 'unknown'})`);
    const manifest = parsed.data;
    if (manifest.backupId !== header.backupId || manifest.keyId !== header.keyId)
      throw damaged(file, 'its manifest belongs to another backup');
    checkLayout(file, manifest, info.headerBytes.length, manifestBytes.offset);
    const dataEnd = manifestBytes.offset;
    // The data frames are read around the page cache where the filesystem allows it (see SequentialReader).
    direct = await openForDirectReading(file, handle);
    const directHandle = direct;
    return {
      info,
      manifest,
      handle,
      crypto,
      dataEnd,
      close: async () => {
        await directHandle?.close();
        await handle.close();
      },
      frames: (offset) =>
        new FrameReader(
          new SequentialReader(handle, offset, dataEnd, readBufferBytes(header.chunkSize), directHandle),
          crypto,
          header.chunkSize,
        ),
    };
  } catch (error) {
    await direct?.close();
    await handle.close();
    throw error;
  }
}

async function readManifestBytes(
  handle: FileHandle,
  info: BackupHeaderInfo,
  crypto: FrameCrypto,
): Promise<{ json: Buffer; offset: number }> {
  const { file, sizeBytes } = info;
  if (sizeBytes < info.headerBytes.length + TRAILER_BYTES) throw damaged(file, 'it is cut short (no trailer)');
  const trailerBytes = Buffer.alloc(TRAILER_BYTES);
  await handle.read(trailerBytes, 0, TRAILER_BYTES, sizeBytes - TRAILER_BYTES);
  const trailer = decodeTrailer(trailerBytes);
  const manifestEnd = sizeBytes - TRAILER_BYTES;
  if (!trailer || trailer.manifestOffset < info.headerBytes.length || trailer.manifestOffset + trailer.manifestLength !== manifestEnd) {
    throw damaged(file, 'it is cut short or its trailer is damaged');
  }
  if (trailer.manifestLength > MAX_MANIFEST_BYTES) throw damaged(file, 'its manifest is impossibly large');
  const reader = new FrameReader(
    new SequentialReader(handle, trailer.manifestOffset, manifestEnd, readBufferBytes(info.header.chunkSize)),
    crypto,
    info.header.chunkSize,
  );
  const parts: Buffer[] = [];
  for (let index = 0; reader.offset < manifestEnd; index += 1) {
    try {
      parts.push(await reader.nextManifest(index, manifestEnd, { file }));
    } catch (error) {
      if (error instanceof ArchiveInputError) throw error;
      // The manifest's frames cover the header bytes: this is also what an altered header looks like.
      throw damaged(file, 'its manifest or header failed authentication');
    }
  }
  return { json: Buffer.concat(parts), offset: trailer.manifestOffset };
}

/** Entries must tile the data frames in order, with no gap, overlap or stray frame. */
function checkLayout(file: string, manifest: Manifest, headerLength: number, dataEnd: number): void {
  let frame = 0;
  let offset = headerLength;
  for (const entry of manifest.entries) {
    if (entry.firstFrame !== frame || entry.offset !== offset)
      throw damaged(file, 'its manifest does not match its frames', { entryPath: entry.path });
    frame += entry.frameCount;
    offset += entry.storedBytes;
  }
  if (frame !== manifest.totals.dataFrames || offset !== dataEnd) throw damaged(file, 'its manifest does not match its frames');
}

export async function readBackupManifest(file: string, key: BackupKey): Promise<Manifest> {
  const archive = await openArchive(file, key);
  await archive.close();
  return archive.manifest;
}

/**
 * What streamEntry proves about an entry's bytes. `frames`: every frame authenticated (AES-GCM,
 * bound to its backup, kind and index, so nothing can be changed, moved, dropped or added without
 * failing), the frames the authenticated manifest names, the size it names; zstd and gzip check
 * their own output. That is the whole of what a restore needs to write only authentic data.
 * `sha256` adds the entry's SHA-256 over the plaintext, recorded when it was read for the backup:
 * an end-to-end check of this program's own reading, compressing and decompressing, which the
 * verification of every stored backup runs.
 */
export type EntryCheck = 'frames' | 'sha256';

/**
 * Streams one entry's plaintext chunks to `sink`, authenticating every frame, and checks its size
 * (and with `sha256`, its SHA-256) at the end. Any mismatch names the backup, the entry and (for a
 * frame) its index.
 */
export async function streamEntry(
  archive: OpenedArchive,
  entry: ManifestEntry,
  reader: FrameReader,
  sink: (chunk: Buffer, frameIndex: number) => Promise<void>,
  check: EntryCheck,
  signal?: AbortSignal,
): Promise<void> {
  const { file } = archive.info;
  const hash = check === 'sha256' ? createHash('sha256') : null;
  let size = 0;
  for (let index = entry.firstFrame; index < entry.firstFrame + entry.frameCount; index += 1) {
    throwIfCancelled(signal);
    const chunk = await reader.nextData(index, { file, entryPath: entry.path });
    hash?.update(chunk);
    size += chunk.length;
    await sink(chunk, index);
  }
  if (size !== entry.size) throw damaged(file, `it holds ${size} bytes where its manifest says ${entry.size}`, { entryPath: entry.path });
  if (hash && hash.digest('hex') !== entry.sha256) throw damaged(file, 'its content does not match its SHA-256', { entryPath: entry.path });
}

export interface VerifyOptions extends ProgressOptions {
  file: string;
  key: BackupKey;
  signal?: AbortSignal;
}

export interface VerifyResult {
  file: string;
  backupId: string;
  createdAt: string;
  entries: number;
  bytes: number;
  dataFrames: number;
}

/** Reads the whole backup back. Resolves only if every frame authenticates and every hash matches. */
export async function verifyBackup(options: VerifyOptions): Promise<VerifyResult> {
  const archive = await openArchive(options.file, options.key);
  try {
    const { manifest } = archive;
    const progress = new ProgressTracker('verifying', options);
    progress.enter('verifying', manifest.totals.bytes);
    const reader = archive.frames(archive.info.headerBytes.length);
    for (const entry of manifest.entries) {
      progress.startFile(entry.path);
      await streamEntry(archive, entry, reader, async (chunk) => progress.advance(chunk.length), 'sha256', options.signal);
    }
    progress.enter('done');
    return {
      file: options.file,
      backupId: manifest.backupId,
      createdAt: manifest.createdAt,
      entries: manifest.entries.length,
      bytes: manifest.totals.bytes,
      dataFrames: manifest.totals.dataFrames,
    };
  } catch (error) {
    if (options.signal?.aborted) throw new OperationCancelledError('Verification cancelled.');
    throw error;
  } finally {
    await archive.close();
  }
}
