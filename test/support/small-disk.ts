import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A real, small file system that a test can fill to the last byte: a tmpfs, or failing that an
 * ext4 image on a loop device. Needs root (CI runs as root); where neither can be mounted, the
 * tests that need it skip with the reason this module gives.
 */
export interface SmallDisk {
  /** The mount point: use it (or a folder in it) as the data folder. */
  readonly dir: string;
  /** Writes a filler file until the file system says ENOSPC; again after a fill tops it up. */
  fill(): void;
  /** Removes the filler: the space is back. */
  free(): void;
}

const FILLER = 'filler.bin';

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: 'pipe', timeout: 20_000 });
}

function unmount(dir: string): void {
  try {
    run('umount', [dir]);
  } catch {
    // A closed core's checkpoint worker may hold a file a moment longer: detach now, freed when it lets go.
    run('umount', ['-l', dir]);
  }
}

type Mounter = (dir: string, sizeBytes: number) => () => void;

const tmpfs: Mounter = (dir, sizeBytes) => {
  run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
  return () => unmount(dir);
};

const loopFile: Mounter = (dir, sizeBytes) => {
  const image = `${dir}.img`;
  run('truncate', ['-s', String(sizeBytes), image]);
  try {
    run('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
    run('mount', ['-o', 'loop', image, dir]);
  } catch (error) {
    rmSync(image, { force: true });
    throw error;
  }
  return () => {
    unmount(dir);
    rmSync(image, { force: true });
  };
};

function tryMount(dir: string, sizeBytes: number): { release: () => void } | { reason: string } {
  const failures: string[] = [];
  for (const [name, mounter] of [
    ['tmpfs', tmpfs],
    ['loop-mounted ext4 file', loopFile],
  ] as const) {
    try {
      return { release: mounter(dir, sizeBytes) };
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      failures.push(`${name}: ${stderr || (error as Error).message}`);
    }
  }
  return { reason: `cannot mount a small file system here (needs root and mount rights; ${failures.join('; ')})` };
}

let probed: string | null | undefined;

/** Null when a small disk can be mounted here, else why not (for `it.skipIf`). Probed once. */
export function smallDiskUnavailable(): string | null {
  if (probed !== undefined) return probed;
  const dir = mkdtempSync(join(tmpdir(), 'watchroom-disk-probe-'));
  const result = tryMount(dir, 1024 * 1024);
  if ('release' in result) result.release();
  rmSync(dir, { recursive: true, force: true });
  probed = 'reason' in result ? result.reason : null;
  return probed;
}

/** A fresh small disk per call, unmounted after the test that made it. */
export function useSmallDisks(): (sizeBytes: number) => SmallDisk {
  const made: { dir: string; release: () => void }[] = [];
  afterEach(() => {
    for (const { dir, release } of made.splice(0)) {
      release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return (sizeBytes) => {
    const dir = mkdtempSync(join(tmpdir(), 'watchroom-disk-'));
    const result = tryMount(dir, sizeBytes);
    if ('reason' in result) throw new Error(result.reason);
    made.push({ dir, release: result.release });
    const filler = join(dir, FILLER);
    return {
      dir,
      fill() {
        const fd = openSync(filler, 'a');
        const chunk = Buffer.alloc(64 * 1024, 0x5a);
        try {
          // Big writes first, then smaller ones, down to the last block.
          for (let size = chunk.length; size >= 512; size /= 2) {
            for (;;) {
              try {
                if (writeSync(fd, chunk, 0, size) < size) break;
              } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
                break;
              }
            }
          }
        } finally {
          closeSync(fd);
        }
      },
      free() {
        unlinkSync(filler);
      },
    };
  };
}
