// Writing restored files around the page cache (O_DIRECT) where the system allows it. A buffered
// write copies every byte into newly allocated page-cache pages: on one core that copy cost about a
// third of a restore's CPU, more than decrypting or decompressing. A direct write hands the device
// our own reused buffer instead. Durability is unchanged: the file is still fsynced before it is
// renamed (O_DIRECT alone promises nothing about the device's cache).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { alignDown, alignUp, DIRECT_ALIGNMENT, O_DIRECT, pageAlignedBuffer } from './direct-io';
import { errorCode } from './errors';

/**
 * One page-aligned buffer, shared by every file of one lane of a restore (a lane writes one file
 * at a time); allocated once, it is also already mapped when the next file needs it.
 */
export class AlignedWriteBuffer {
  private constructor(readonly buffer: Buffer) {}

  /**
   * Room for one chunk of at most `chunkBytes` plus the unaligned tail left from the one before;
   * null where direct writes cannot be had (see pageAlignedBuffer), and files are written buffered.
   */
  static forChunks(chunkBytes: number): AlignedWriteBuffer | null {
    const buffer = pageAlignedBuffer(alignUp(chunkBytes + DIRECT_ALIGNMENT));
    return buffer === null ? null : new AlignedWriteBuffer(buffer);
  }
}

/**
 * A new file written front to back, with at most one write in flight: `append` returns once its
 * bytes are copied (the buffer passed in may then be reused) and the write before it has finished.
 * Bytes are written in aligned runs; the unaligned rest waits in front of the aligned buffer for
 * the next chunk, and `finish` writes the last of it padded, then cuts the file to its real length.
 * If the filesystem refuses direct I/O (EINVAL: tmpfs, some network or FUSE mounts), the file is
 * reopened buffered and the same bytes written that way.
 */
export class RestoreFileWriter {
  private writing: Promise<void> = Promise.resolve();
  /** Bytes waiting at the front of the aligned buffer; fewer than DIRECT_ALIGNMENT between calls. */
  private held = 0;
  /** File offset of the aligned buffer's first byte. */
  private position = 0;
  private length = 0;

  private constructor(
    private handle: FileHandle,
    private direct: boolean,
    private readonly path: string,
    private readonly aligned: AlignedWriteBuffer | null,
  ) {}

  /** Creates `path` (it must not exist) with `mode`, direct where possible when `aligned` is given. */
  static async create(path: string, mode: number, aligned: AlignedWriteBuffer | null): Promise<RestoreFileWriter> {
    const created = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    if (aligned && O_DIRECT !== undefined) {
      try {
        return new RestoreFileWriter(await open(path, created | O_DIRECT, mode), true, path, aligned);
      } catch (error) {
        if (errorCode(error) !== 'EINVAL') throw error;
        // Refused after the file was made (EEXIST would have come first): the file is ours.
        // O_NOFOLLOW: the name is reopened, and it must still be that file, never something a link points to.
        const reopened = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
        return new RestoreFileWriter(await open(path, reopened, mode), false, path, null);
      }
    }
    return new RestoreFileWriter(await open(path, created, mode), false, path, null);
  }

  /** The open file, for chmod, sync and close once `finish` has resolved. */
  get file(): FileHandle {
    return this.handle;
  }

  /** Buffered, the write reads `data` itself: it must not change until the next call. */
  async append(data: Buffer): Promise<void> {
    await this.writing;
    this.length += data.length;
    const { aligned } = this;
    if (!aligned) {
      this.start(data, data.length);
      return;
    }
    let copied = 0;
    while (copied < data.length) {
      // Only a chunk larger than the aligned buffer (never from a valid backup) takes two turns.
      if (copied > 0) await this.writing;
      const taken = data.copy(aligned.buffer, this.held, copied);
      copied += taken;
      this.held += taken;
      const ready = alignDown(this.held);
      if (ready > 0) this.start(aligned.buffer, ready);
    }
  }

  /** Waits for the last write and writes what is still held; after this the file has every byte. */
  async finish(): Promise<void> {
    await this.writing;
    const { aligned, held } = this;
    if (!aligned || held === 0) return;
    const padded = alignUp(held);
    aligned.buffer.fill(0, held, padded);
    this.start(aligned.buffer, padded);
    await this.writing;
    await this.handle.truncate(this.length);
  }

  /** After a failure: lets a write in flight end (its error is already reported) before the file is closed. */
  async abandon(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.handle.close();
  }

  /** Writes the first `bytes` of `source` at the current position; the held rest moves to the front. */
  private start(source: Buffer, bytes: number): void {
    const at = this.position;
    this.writing = this.writeAt(source, bytes, at).then(() => {
      if (source !== this.aligned?.buffer) return;
      if (this.held > bytes) source.copy(source, 0, bytes, this.held);
      this.held = Math.max(0, this.held - bytes);
    });
    this.position += bytes;
    // Its failure is thrown where it is awaited: by the next append, or by finish.
    this.writing.catch(() => undefined);
  }

  private async writeAt(source: Buffer, bytes: number, at: number): Promise<void> {
    let written = 0;
    while (written < bytes) {
      try {
        written += (await this.handle.write(source, written, bytes - written, at + written)).bytesWritten;
      } catch (error) {
        if (!this.direct || errorCode(error) !== 'EINVAL') throw error;
        await this.reopenBuffered();
      }
    }
  }

  /** The filesystem took O_DIRECT at open but refuses its writes: go on through the page cache. */
  private async reopenBuffered(): Promise<void> {
    const buffered = await open(this.path, constants.O_WRONLY | constants.O_NOFOLLOW);
    await this.handle.close();
    this.handle = buffered;
    this.direct = false;
  }
}
