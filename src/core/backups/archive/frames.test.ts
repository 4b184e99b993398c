import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openForDirectReading } from './direct-io';
import { BackupDamagedError } from './errors';
import { Codec } from './format';
import { compressChunk, decompressPayload, FrameReader, FrameWriter, SequentialReader } from './frames';
import { logText } from './test-sources';

const tempDir = useTempDirs();

describe('chunk compression', () => {
  it.each([
    ['zstd', Codec.zstd],
    ['gzip', Codec.gzip],
  ] as const)('%s round-trips text, and random bytes are stored as they are', (algorithm, codec) => {
    const text = Buffer.from(logText(200_000));
    const packed = compressChunk(text, { algorithm, level: 1 });
    expect(packed.codec).toBe(codec);
    expect(packed.payload.length).toBeLessThan(text.length / 3);
    expect(decompressPayload(packed.codec, packed.payload, text.length)?.equals(text)).toBe(true);
    const noise = randomBytes(100_000);
    expect(compressChunk(noise, { algorithm, level: 1 })).toEqual({ codec: Codec.stored, payload: noise });
  });

  it('after a chunk that did not shrink, stores noise without compressing it whole and still compresses text', () => {
    const noise = randomBytes(1024 * 1024);
    expect(compressChunk(noise, { algorithm: 'zstd', level: 1 }, true)).toEqual({ codec: Codec.stored, payload: noise });
    const text = Buffer.from(logText(1024 * 1024));
    const packed = compressChunk(text, { algorithm: 'zstd', level: 1 }, true);
    expect(packed.codec).toBe(Codec.zstd);
    expect(decompressPayload(packed.codec, packed.payload, text.length)?.equals(text)).toBe(true);
  });

  it('zstd checks its own output: a payload whose content checksum does not match does not decompress', () => {
    const text = Buffer.from(logText(200_000));
    const packed = compressChunk(text, { algorithm: 'zstd', level: 1 });
    const altered = Buffer.from(packed.payload);
    // The frame ends with the low 32 bits of the content's XXH64.
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 0xff;
    expect(decompressPayload(packed.codec, altered, text.length)).toBeNull();
  });

  it('refuses a payload that would decompress beyond one chunk, or an unknown codec', () => {
    const zeros = compressChunk(Buffer.alloc(300_000), { algorithm: 'zstd', level: 1 });
    expect(decompressPayload(zeros.codec, zeros.payload, 100_000)).toBeNull();
    expect(decompressPayload(7, Buffer.alloc(10), 100)).toBeNull();
  });
});

describe('frames', () => {
  it('authenticate with the header digest, kind and index they were written with', async () => {
    const path = join(tempDir(), 'frames');
    const crypto = { key: randomBytes(32), headerDigest: randomBytes(32) };
    const handle = await open(path, 'w+');
    const writer = new FrameWriter(handle, 0, crypto);
    const chunks = [Buffer.from(logText(70_000)), randomBytes(65_536), Buffer.from('last')];
    for (const chunk of chunks) await writer.writeData(compressChunk(chunk, { algorithm: 'zstd', level: 1 }));
    const end = writer.offset;

    const reader = new FrameReader(new SequentialReader(handle, 0, end, 1 << 20), crypto, 1 << 17);
    for (const [index, chunk] of chunks.entries()) expect((await reader.nextData(index, { file: path })).equals(chunk)).toBe(true);

    const otherHeader = new FrameReader(
      new SequentialReader(handle, 0, end, 1 << 20),
      { ...crypto, headerDigest: randomBytes(32) },
      1 << 17,
    );
    await expect(otherHeader.nextData(0, { file: path, entryPath: 'a/b.log' })).rejects.toBeInstanceOf(BackupDamagedError);
    const wrongIndex = new FrameReader(new SequentialReader(handle, 0, end, 1 << 20), crypto, 1 << 17);
    await expect(wrongIndex.nextData(1, { file: path })).rejects.toThrow(/frame 1\)/);
    const asManifest = new FrameReader(new SequentialReader(handle, 0, end, 1 << 20), crypto, 1 << 17);
    await expect(asManifest.nextManifest(0, end, { file: path })).rejects.toThrow(/failed authentication/);
    await handle.close();
  });
});

describe('sequential reads', () => {
  it('hand out a range in order across the blocks read ahead, and stop where the range or the file ends', async () => {
    const path = join(tempDir(), 'range');
    const bytes = randomBytes(10_000);
    const handle = await open(path, 'w+');
    await handle.write(bytes, 0, bytes.length, 0);
    // 16-byte blocks: most reads span two of them.
    const reader = new SequentialReader(handle, 100, 9_000, 16);
    const seen: Buffer[] = [];
    for (let length = 1; reader.offset + length <= 9_000; length = (length % 16) + 1) {
      const view = await reader.read(length);
      expect(view?.length).toBe(length);
      seen.push(Buffer.from(view ?? []));
    }
    expect(Buffer.concat(seen).equals(bytes.subarray(100, reader.offset))).toBe(true);
    expect(await reader.read(9_000 - reader.offset + 1)).toBeNull();
    expect(await new SequentialReader(handle, 0, 100, 16).read(17)).toBeNull();

    // A range that claims more than the file holds (a backup cut short) ends where the file does.
    const cut = new SequentialReader(handle, 9_990, 20_000, 16);
    expect((await cut.read(10))?.equals(bytes.subarray(9_990))).toBe(true);
    expect(await cut.read(1)).toBeNull();
    await handle.close();
  });

  it('read direct, hand out the same bytes from unaligned ranges, and end where the range or the file ends', async () => {
    const path = join(tempDir(), 'direct-range');
    // Not a whole number of blocks: the last direct read comes back short, at the end of the file.
    const bytes = randomBytes(5 * 4096 + 1234);
    const handle = await open(path, 'w+');
    await handle.write(bytes, 0, bytes.length, 0);
    const direct = await openForDirectReading(path, handle);
    /** Reads of the given sizes in turn; once one finds too few bytes left, the rest byte by byte. */
    const readAll = async (reader: SequentialReader, lengths: number[]) => {
      const seen: Buffer[] = [];
      let bytewise = false;
      for (let turn = 0; ; turn += 1) {
        const view = await reader.read(bytewise ? 1 : (lengths[turn % lengths.length] ?? 1));
        if (view) seen.push(Buffer.from(view));
        else if (bytewise) return Buffer.concat(seen);
        else bytewise = true;
      }
    };
    // 4 KiB blocks, a range starting and ending inside blocks, reads of odd sizes spanning two blocks.
    const inner = new SequentialReader(handle, 100, 4 * 4096 + 7, 4096, direct);
    expect((await readAll(inner, [1, 4000, 333, 4096, 17])).equals(bytes.subarray(100, 4 * 4096 + 7))).toBe(true);
    expect(await inner.read(1)).toBeNull();
    // A range that claims more than the file holds (a backup cut short) ends where the file does.
    const cut = new SequentialReader(handle, 3 * 4096 + 5, 20 * 4096, 4096, direct);
    expect((await readAll(cut, [1])).equals(bytes.subarray(3 * 4096 + 5))).toBe(true);
    expect(await cut.read(1)).toBeNull();
    // A range that starts where the file ends holds nothing, not the bytes before it.
    const past = new SequentialReader(handle, bytes.length, 20 * 4096, 4096, direct);
    expect(await past.read(1)).toBeNull();
    expect(await past.read(1)).toBeNull();
    await direct?.close();
    await handle.close();
  });

  it('read direct only from the very file the checked handle has open: another file renamed onto its name, or the name gone, leaves reads buffered', async () => {
    const path = join(tempDir(), 'backup.wrb');
    await writeFile(path, randomBytes(3 * 4096));
    const handle = await open(path, 'r');
    const swappedIn = join(tempDir(), 'other.wrb');
    await writeFile(swappedIn, randomBytes(3 * 4096));
    await rename(swappedIn, path);
    expect(await openForDirectReading(path, handle)).toBeNull();
    await unlink(path);
    expect(await openForDirectReading(path, handle)).toBeNull();
    await handle.close();
  });
});
