import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per call, removed after the test that made it. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    // A closed core's checkpoint worker closes its own connection a moment later, and SQLite then
    // tidies its -wal/-shm files: removal tries again (about 5 s in all) until that is over.
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchroom-test-'));
    made.push(dir);
    return dir;
  };
}
