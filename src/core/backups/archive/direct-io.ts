// What direct I/O (O_DIRECT: around the page cache) needs: memory, file offsets and lengths aligned
// to the device's block. On this kind of machine the first touch of every new page-cache page costs
// more CPU than the copy itself, so a restore reads its backup and writes its large files direct,
// through buffers it reuses, where the OS and filesystem allow it.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

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
 * `bytes` of zeroed memory whose address is page-aligned, or null where direct I/O cannot use it: no
 * O_DIRECT on this platform, or no such memory to be had. A WebAssembly memory is the one buffer
 * JavaScript can get with that guarantee, and V8 reserves guard space far beyond its size, so under
 * an address-space limit (`ulimit -v`, a locked-down service) making one throws; the caller then
 * reads and writes buffered, as it did before direct I/O.
 */
export function pageAlignedBuffer(bytes: number): Buffer | null {
  if (O_DIRECT === undefined) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / WASM_PAGE_BYTES) });
    return Buffer.from(memory.buffer, 0, bytes);
  } catch {
    return null;
  }
}

/**
 * A second, direct handle on a file already open for reading; null where the platform or the
 * filesystem refuses O_DIRECT (tmpfs, some network mounts) or the open fails for any other reason:
 * the buffered handle is open and checked already, and reads then go through it alone. The direct
 * handle is used only if it is the same file (a file swapped in between would fail its frames'
 * authentication anyway, but as "damaged" rather than as what it is).
 */
export async function openForDirectReading(path: string, buffered: FileHandle): Promise<FileHandle | null> {
  if (O_DIRECT === undefined) return null;
  const direct = await open(path, constants.O_RDONLY | O_DIRECT).catch(() => null);
  if (direct === null) return null;
  const [opened, checked] = await Promise.all([direct.stat(), buffered.stat()]).catch(() => [null, null]);
  if (opened !== null && checked !== null && opened.dev === checked.dev && opened.ino === checked.ino) return direct;
  await direct.close().catch(() => undefined);
  return null;
}
