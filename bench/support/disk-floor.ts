/**
 * The disk's own floor for a backup or a restore, measured in the same run: read every source
 * byte and write as many bytes to the destination, with fsync, from a cold page cache. A backup
 * or restore rate is then read as a fraction of what the disk alone allows.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CHUNK = 1024 * 1024;
/** Paths per child process, well under any argument-length limit. */
const PATHS_PER_CALL = 200;

export const EVICTION_METHOD = 'posix_fadvise(DONTNEED) on every file (dd iflag=nocache count=0), checked with fincore';

/** Every regular file under the given files and folders. */
export function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error?.message || `status ${result.status}`}`);
  return result.stdout;
}

function inBatches(paths: readonly string[], each: (batch: string[]) => void): void {
  for (let start = 0; start < paths.length; start += PATHS_PER_CALL) each(paths.slice(start, start + PATHS_PER_CALL));
}

/** Bytes of these files that are in the page cache now (fincore, util-linux). */
export function residentBytes(files: readonly string[]): number {
  let bytes = 0;
  inBatches(files, (batch) => {
    for (const line of run('fincore', ['--bytes', '--raw', '--noheadings', '--output', 'RES', '--', ...batch]).split('\n'))
      if (line.trim() !== '') bytes += Number(line);
  });
  return bytes;
}

export interface Eviction {
  files: number;
  bytes: number;
  /** What fincore still finds cached afterwards; 0 when the eviction worked. */
  residentAfter: number;
}

/**
 * Takes the files under `paths` out of the page cache, so the next read of them goes to the disk.
 * Per file rather than `echo 3 > /proc/sys/vm/drop_caches`: that needs a privilege a container
 * lacks, and on a shared machine it would also empty every other process's cache. DONTNEED drops
 * only clean pages, so the files are fsynced first (`sync FILE...`).
 */
export function evictFromPageCache(paths: readonly string[]): Eviction {
  const files = paths.flatMap(filesUnder);
  inBatches(files, (batch) => {
    run('sync', ['--', ...batch]);
    run('sh', ['-c', 'for f; do dd if="$f" iflag=nocache count=0 status=none || exit 1; done', 'evict', ...batch]);
  });
  return { files: files.length, bytes: files.reduce((sum, file) => sum + statSync(file).size, 0), residentAfter: residentBytes(files) };
}

export interface DiskFloor {
  mibPerSecond: number;
  eviction: Eviction;
}

/** Reads every file under the sources, cold, and writes the same bytes to one file in scratchDir, fsynced. */
export function measureDiskFloor(sources: readonly string[], scratchDir: string): DiskFloor {
  const eviction = evictFromPageCache(sources);
  const buffer = Buffer.alloc(CHUNK);
  const outPath = join(scratchDir, 'disk-floor.bin');
  const started = performance.now();
  const out = openSync(outPath, 'w');
  let bytes = 0;
  for (const file of sources.flatMap(filesUnder)) {
    const input = openSync(file, 'r');
    for (let read = readSync(input, buffer, 0, CHUNK, null); read > 0; read = readSync(input, buffer, 0, CHUNK, null)) {
      writeSync(out, buffer, 0, read);
      bytes += read;
    }
    closeSync(input);
  }
  fsyncSync(out);
  closeSync(out);
  const seconds = (performance.now() - started) / 1000;
  rmSync(outPath);
  return { mibPerSecond: bytes / CHUNK / seconds, eviction };
}
