import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { AlignedWriteBuffer, RestoreFileWriter } from './direct-write';

const tempDir = useTempDirs();
const CHUNK = 64 * 1024;

/** Writes `pieces` through a writer and returns what the file then holds. */
async function writeThrough(aligned: AlignedWriteBuffer | null, pieces: Buffer[], name = 'restored.bin'): Promise<Buffer> {
  const path = join(tempDir(), name);
  const writer = await RestoreFileWriter.create(path, 0o600, aligned);
  for (const piece of pieces) await writer.append(piece);
  await writer.finish();
  await writer.file.sync();
  await writer.file.close();
  return readFileSync(path);
}

describe('restore file writer', () => {
  it.each([
    ['direct', (): AlignedWriteBuffer | null => AlignedWriteBuffer.forChunks(CHUNK)],
    ['buffered', (): AlignedWriteBuffer | null => null],
  ] as const)('%s: writes every byte in order, whatever the sizes of the pieces', async (_mode, makeBuffer) => {
    // Odd sizes leave an unaligned rest behind after most pieces; the last one is larger than the buffer.
    const pieces = [1, 4095, 4097, CHUNK, 3, CHUNK - 1, 12_345, 3 * CHUNK + 17].map((size) => randomBytes(size));
    expect((await writeThrough(makeBuffer(), pieces)).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('one buffer serves file after file, and a file of whole blocks is not padded', async () => {
    const aligned = AlignedWriteBuffer.forChunks(CHUNK);
    const first = randomBytes(5000);
    const second = randomBytes(2 * 4096);
    expect((await writeThrough(aligned, [first], 'first.bin')).equals(first)).toBe(true);
    expect((await writeThrough(aligned, [second.subarray(0, 4096), second.subarray(4096)], 'second.bin')).equals(second)).toBe(true);
  });

  it('an empty entry gives an empty file with the mode asked for', async () => {
    const path = join(tempDir(), 'empty.bin');
    const writer = await RestoreFileWriter.create(path, 0o600, AlignedWriteBuffer.forChunks(CHUNK));
    await writer.finish();
    await writer.file.close();
    expect(statSync(path).size).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never overwrites a file that is already there', async () => {
    const path = join(tempDir(), 'taken.bin');
    const writer = await RestoreFileWriter.create(path, 0o600, AlignedWriteBuffer.forChunks(CHUNK));
    await writer.abandon();
    await expect(RestoreFileWriter.create(path, 0o600, AlignedWriteBuffer.forChunks(CHUNK))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(existsSync(path)).toBe(true);
  });
});
