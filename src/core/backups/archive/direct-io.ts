// What direct I/O (O_DIRECT: around the page cache) needs: memory, file offsets and lengths aligned
// to the device's block. On this kind of machine the first touch of every new page-cache page costs
// more CPU than the copy itself, so a restore reads its backup and writes its large files direct,
// through buffers it reuses, where the OS and filesystem allow it.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errorCode } from './errors';

/** Direct I/O wants memory address, file offset and length aligned; 4 KiB satisfies common devices. */
export const DIRECT_ALIGNMENT = 4096;
const WASM_PAGE_BYTES = 65536;
/** Undefined where the platform has no O_DIRECT (macOS, Windows): I/O is then buffered. */
export const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT;

export function alignDown(bytes: number): number {
  return bytes - (bytes % DIRECT_ALIGNMENT);
}

export function alignUp(bytes: number): number {
  return alignDown(bytes + DIRECT_ALIGNMENT - 1);
}

/**
 * `bytes` of zeroed memory whose address is page-aligned. A WebAssembly memory is the one buffer
 * JavaScript can get with that guarantee.
 */
export function pageAlignedBuffer(bytes: number): Buffer {
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / WASM_PAGE_BYTES) });
  return Buffer.from(memory.buffer, 0, bytes);
}

/**
 * A second, direct handle on a file already open for reading; null where the platform or the
 * filesystem refuses O_DIRECT (tmpfs, some network mounts), and reads then stay buffered.
 */
export async function openForDirectReading(path: string): Promise<FileHandle | null> {
  if (O_DIRECT === undefined) return null;
  try {
    return await open(path, constants.O_RDONLY | O_DIRECT);
  } catch (error) {
    if (errorCode(error) === 'EINVAL') return null;
    throw error;
  }
}
