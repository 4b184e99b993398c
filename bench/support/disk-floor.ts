/**
 * The disk's own floor for a backup or a restore, measured in the same run: read every source
 * byte and write as many bytes to the destination, with fsync, from a cold page cache. A backup
 * or restore rate is then read as a fraction of what the disk alone allows.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CHUNK = 1024 * 1024;

/** Empties the page cache (root only); says whether it could, so a warm floor is reported as such. */
export function dropPageCache(): boolean {
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

export interface DiskFloor {
  mibPerSecond: number;
  cold: boolean;
}

/** Reads every file under the sources and writes the same bytes to one file in scratchDir, fsynced. */
export function measureDiskFloor(sources: readonly string[], scratchDir: string): DiskFloor {
  const cold = dropPageCache();
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
  return { mibPerSecond: bytes / CHUNK / seconds, cold };
}
