// Frames: each is the AES-256-GCM ciphertext of one compressed chunk, with its own random nonce and
// tag, so damage is found and named chunk by chunk.
//   u32 ciphertext length | 12-byte nonce | ciphertext | 16-byte tag
// The plaintext is one codec byte (stored, zstd or gzip) followed by the chunk in that codec.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { alignDown, alignUp, DIRECT_ALIGNMENT, pageAlignedBuffer } from './direct-io';
import { ArchiveInputError, damaged, errorCode } from './errors';
import {
  Codec,
  FRAME_LENGTH_BYTES,
  FRAME_NONCE_BYTES,
  FRAME_PREFIX_BYTES,
  FRAME_TAG_BYTES,
  FrameKind,
  frameAad,
  type CompressionSettings,
} from './format';

/** zstd is in node:zlib from Node 22.15; gzip is the fallback (brotli is far too slow here). */
export function zstdAvailable(): boolean {
  return typeof zlib.zstdCompressSync === 'function';
}

/** zstd level 1 keeps a single core above 100 MiB/s; higher levels trade speed for size. */
export function compressionSettings(level?: number): CompressionSettings {
  if (zstdAvailable()) return { algorithm: 'zstd', level: Math.min(19, Math.max(1, level ?? 1)) };
  return { algorithm: 'gzip', level: Math.min(9, Math.max(1, level ?? 1)) };
}

export interface CompressedChunk {
  codec: Codec;
  payload: Buffer;
}

/** Room for the compressed chunk in one output buffer (zlib's default is 16 KiB pieces, concatenated). */
function outputRoom(bytes: number): number {
  return bytes + (bytes >> 6) + 1024;
}

function compress(data: Buffer, settings: CompressionSettings): Buffer {
  const chunkSize = outputRoom(data.length);
  // zstd's content checksum (XXH64, a few bytes a frame, far cheaper than SHA-256) makes
  // decompression itself check what it produced; gzip always carries its CRC-32.
  return settings.algorithm === 'zstd'
    ? zlib.zstdCompressSync(data, {
        chunkSize,
        params: { [zlib.constants.ZSTD_c_compressionLevel]: settings.level, [zlib.constants.ZSTD_c_checksumFlag]: 1 },
      })
    : zlib.gzipSync(data, { chunkSize, level: settings.level });
}

/** What a chunk's start is tried on when the chunk before it did not shrink. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Chunks that do not shrink (video, archives, random data) are stored as they are. Once a chunk of
 * an entry has not shrunk (`previousStored`), the next is first tried on its start alone: a whole
 * recording costs a sixteenth of the compressor's time, and a chunk that does compress still is.
 */
export function compressChunk(chunk: Buffer, settings: CompressionSettings, previousStored = false): CompressedChunk {
  if (previousStored && chunk.length >= 4 * SAMPLE_BYTES) {
    const sample = chunk.subarray(0, SAMPLE_BYTES);
    if (compress(sample, settings).length >= sample.length - (sample.length >> 5)) return { codec: Codec.stored, payload: chunk };
  }
  const compressed = compress(chunk, settings);
  if (compressed.length >= chunk.length) return { codec: Codec.stored, payload: chunk };
  return { codec: settings.algorithm === 'zstd' ? Codec.zstd : Codec.gzip, payload: compressed };
}

/** Returns null when the codec is unknown or the data does not decompress to at most maxBytes. */
export function decompressPayload(codec: number, payload: Buffer, maxBytes: number): Buffer | null {
  const options = { chunkSize: maxBytes, maxOutputLength: maxBytes };
  try {
    switch (codec) {
      case Codec.stored:
        return payload.length <= maxBytes ? payload : null;
      case Codec.zstd:
        if (!zstdAvailable())
          throw new ArchiveInputError(
            'This backup is compressed with zstd, which this version of Node.js lacks. Restore it with Watchroom on Node.js 22.15 or newer.',
          );
        return zlib.zstdDecompressSync(payload, options);
      case Codec.gzip:
        return zlib.gunzipSync(payload, options);
      default:
        return null;
    }
  } catch (error) {
    if (error instanceof ArchiveInputError) throw error;
    return null;
  }
}

export interface FrameCrypto {
  /** The per-backup frame key. */
  key: Buffer;
  /** SHA-256 of the header bytes, part of every frame's associated data. */
  headerDigest: Buffer;
}

/** Appends frames to a backup file in order. Data frames and manifest frames are counted apart. */
export class FrameWriter {
  private dataFrames = 0;
  private manifestFrames = 0;

  constructor(
    private readonly handle: FileHandle,
    private position: number,
    private readonly crypto: FrameCrypto,
  ) {}

  get offset(): number {
    return this.position;
  }

  get dataFrameCount(): number {
    return this.dataFrames;
  }

  /** Writes one data frame; returns the bytes it took. */
  async writeData(chunk: CompressedChunk): Promise<number> {
    const length = await this.write(FrameKind.data, this.dataFrames, chunk);
    this.dataFrames += 1;
    return length;
  }

  /** The last manifest frame has a kind of its own, so a manifest cut short never authenticates. */
  async writeManifest(chunk: CompressedChunk, last: boolean): Promise<number> {
    const length = await this.write(last ? FrameKind.manifestEnd : FrameKind.manifest, this.manifestFrames, chunk);
    this.manifestFrames += 1;
    return length;
  }

  private async write(kind: FrameKind, index: number, chunk: CompressedChunk): Promise<number> {
    const nonce = randomBytes(FRAME_NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.crypto.key, nonce, { authTagLength: FRAME_TAG_BYTES });
    cipher.setAAD(frameAad(this.crypto.headerDigest, kind, index));
    // Two updates instead of concatenating: the codec byte never costs a copy of the chunk.
    const codecPart = cipher.update(Buffer.of(chunk.codec));
    const payloadPart = cipher.update(chunk.payload);
    const finalPart = cipher.final();
    const tag = cipher.getAuthTag();
    const prefix = Buffer.alloc(FRAME_PREFIX_BYTES);
    prefix.writeUInt32BE(codecPart.length + payloadPart.length + finalPart.length);
    nonce.copy(prefix, FRAME_LENGTH_BYTES);
    const parts = [prefix, codecPart, payloadPart, finalPart, tag];
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const { bytesWritten } = await this.handle.writev(parts, this.position);
    // A regular file takes the whole write or fails; finish a short one rather than assume.
    if (bytesWritten < length)
      await this.handle.write(Buffer.concat(parts).subarray(bytesWritten), 0, length - bytesWritten, this.position + bytesWritten);
    this.position += length;
    return length;
  }
}

/**
 * Reads `length` bytes at `position` into `buffer` at `offset`; fewer only where the file ends.
 * Direct, it stops at the first short read: the next one would start at an unaligned offset, which
 * O_DIRECT refuses.
 */
async function readFully(
  handle: FileHandle,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
  direct: boolean,
): Promise<number> {
  let got = 0;
  while (got < length) {
    const wanted = length - got;
    const { bytesRead } = await handle.read(buffer, offset + got, wanted, position + got);
    got += bytesRead;
    if (bytesRead === 0 || (direct && bytesRead < wanted)) break;
  }
  return got;
}

/**
 * Reads a byte range of a file front to back through two reusable buffers: while the caller works on
 * one block, the next is already being read, so the disk works while the CPU does. A returned view is
 * valid until the next call.
 *
 * Each buffer is [carry | block]: `bufferBytes` of room in front, where what was left of the block
 * before is copied so a read spanning two blocks comes back as one view, then the block read from disk.
 *
 * Given a `direct` handle (the same file opened with O_DIRECT), blocks are read around the page cache
 * into page-aligned buffers, from an aligned offset and in aligned lengths (the bytes before the range
 * and after it are read and not handed out): on this kind of machine, filling new page-cache pages
 * costs more CPU than anything else in a restore but decrypting. If the filesystem refuses a direct
 * read (EINVAL), this reader goes on buffered.
 */
export class SequentialReader {
  private current: Buffer;
  private spare: Buffer;
  private start: number;
  private end: number;
  /** File offset of the next byte handed out. */
  private next: number;
  /** File offset of the next block to read ahead. */
  private ahead: number;
  /** Bytes at the front of the first block that come before the range (direct reads start aligned). */
  private skip: number;
  /** The block being read into `spare`: how many bytes of the range it got. */
  private pending: Promise<number>;

  constructor(
    private readonly handle: FileHandle,
    position: number,
    private readonly limit: number,
    private readonly bufferBytes: number,
    private direct: FileHandle | null = null,
  ) {
    // Direct reads need an aligned buffer address (both halves: bufferBytes is a multiple of the alignment).
    const buffers = direct && bufferBytes % DIRECT_ALIGNMENT === 0 ? pageAlignedBuffer(4 * bufferBytes) : null;
    if (!buffers) this.direct = null;
    this.current = buffers ? buffers.subarray(0, 2 * bufferBytes) : Buffer.allocUnsafe(2 * bufferBytes);
    this.spare = buffers ? buffers.subarray(2 * bufferBytes) : Buffer.allocUnsafe(2 * bufferBytes);
    this.start = this.end = bufferBytes;
    this.next = position;
    this.ahead = this.direct ? alignDown(position) : position;
    this.skip = position - this.ahead;
    this.pending = this.readAhead();
  }

  /** File offset of the next byte `read` returns. */
  get offset(): number {
    return this.next;
  }

  /** Exactly `length` bytes, or null if the range ends first. */
  async read(length: number): Promise<Buffer | null> {
    if (length > this.bufferBytes) return null;
    while (this.end - this.start < length) if (!(await this.advance())) return null;
    const view = this.current.subarray(this.start, this.start + length);
    this.start += length;
    this.next += length;
    return view;
  }

  private readAhead(): Promise<number> {
    const wanted = Math.min(this.bufferBytes, this.limit - this.ahead);
    if (wanted <= 0) return Promise.resolve(0);
    const at = this.ahead;
    const reading = this.readBlock(at, wanted).then((got) => {
      // A short block means the file ended early: nothing more to read ahead.
      if (got < wanted) this.ahead = this.limit;
      return got;
    });
    this.ahead += wanted;
    // Its failure is thrown where it is awaited; until then it must not count as unhandled.
    reading.catch(() => undefined);
    return reading;
  }

  /** Reads the block at `at` into `spare`; bytes past the range that a direct read brings along are not counted. */
  private async readBlock(at: number, wanted: number): Promise<number> {
    const { direct } = this;
    if (direct) {
      try {
        const got = await readFully(direct, this.spare, this.bufferBytes, alignUp(wanted), at, true);
        if (got >= wanted) return wanted;
        // Short: normally the end of the file. The buffered handle, which needs no alignment, makes
        // sure, so a filesystem that returns less mid-file never makes a whole backup look cut short.
        return got + (await readFully(this.handle, this.spare, this.bufferBytes + got, wanted - got, at + got, false));
      } catch (error) {
        if (errorCode(error) !== 'EINVAL') throw error;
        this.direct = null;
      }
    }
    return readFully(this.handle, this.spare, this.bufferBytes, wanted, at, false);
  }

  /** Moves to the block read ahead, carrying the unread rest in front of it; false once the range ends. */
  private async advance(): Promise<boolean> {
    const got = await this.pending;
    const blockStart = this.bufferBytes;
    const skipped = Math.min(this.skip, got);
    this.skip -= skipped;
    if (got === skipped) {
      // The range has ended; later calls must not hand out the bytes that came before it.
      this.pending = Promise.resolve(0);
      return false;
    }
    const carried = this.end - this.start;
    this.current.copy(this.spare, blockStart - carried, this.start, this.end);
    [this.current, this.spare] = [this.spare, this.current];
    this.start = blockStart + skipped - carried;
    this.end = blockStart + got;
    this.pending = this.readAhead();
    return true;
  }
}

export interface FrameLocation {
  /** The backup file, for messages. */
  file: string;
  entryPath?: string;
}

/** Reads, authenticates and decompresses frames in sequence. */
export class FrameReader {
  constructor(
    private readonly reader: SequentialReader,
    private readonly crypto: FrameCrypto,
    /** The largest plaintext a frame may hold: one chunk plus its codec byte. */
    private readonly chunkSize: number,
  ) {}

  get offset(): number {
    return this.reader.offset;
  }

  /** The chunk held by data frame `index`; throws a BackupDamagedError naming file, entry and frame. */
  nextData(index: number, where: FrameLocation): Promise<Buffer> {
    return this.next(index, where, () => FrameKind.data);
  }

  /** The manifest frame `index`; the one that ends at `manifestEnd` must be marked as the last. */
  nextManifest(index: number, manifestEnd: number, where: FrameLocation): Promise<Buffer> {
    return this.next(index, where, (frameEnd) => (frameEnd === manifestEnd ? FrameKind.manifestEnd : FrameKind.manifest));
  }

  private async next(index: number, where: FrameLocation, kindEndingAt: (frameEnd: number) => FrameKind): Promise<Buffer> {
    const details = { ...(where.entryPath === undefined ? {} : { entryPath: where.entryPath }), frameIndex: index };
    const prefix = await this.reader.read(FRAME_PREFIX_BYTES);
    if (!prefix) throw damaged(where.file, 'the file ends in the middle of its data', details);
    const length = prefix.readUInt32BE(0);
    if (length < 1 || length > this.chunkSize + 1) throw damaged(where.file, 'a frame has an impossible length', details);
    const nonce = Buffer.from(prefix.subarray(FRAME_LENGTH_BYTES));
    const body = await this.reader.read(length + FRAME_TAG_BYTES);
    if (!body) throw damaged(where.file, 'the file ends in the middle of a frame', details);
    const decipher = createDecipheriv('aes-256-gcm', this.crypto.key, nonce, { authTagLength: FRAME_TAG_BYTES });
    decipher.setAAD(frameAad(this.crypto.headerDigest, kindEndingAt(this.reader.offset), index));
    decipher.setAuthTag(body.subarray(length));
    const plaintext = decipher.update(body.subarray(0, length));
    try {
      decipher.final();
    } catch {
      throw damaged(where.file, 'a frame failed authentication (its bytes were changed, or frames were moved)', details);
    }
    const chunk = decompressPayload(plaintext[0] ?? -1, plaintext.subarray(1), this.chunkSize);
    if (!chunk) throw damaged(where.file, 'a frame does not decompress', details);
    return chunk;
  }
}
