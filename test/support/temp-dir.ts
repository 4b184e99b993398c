import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { afterEach } from 'vitest';

/** How long a folder may stay busy after its test: a closed core's checkpoint worker can lag under load. */
const REMOVAL_PATIENCE_MS = 30_000;

/**
 * Removes a test's folder. A closed core's checkpoint worker closes its own connection a moment
 * later, and SQLite then tidies its -wal/-shm files; on a loaded machine (the backup tests run
 * workers and child processes beside this one) that can take seconds, so removal tries again.
 */
async function removeWhenFree(dir: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EBUSY') || Date.now() - started > REMOVAL_PATIENCE_MS) throw error;
      await wait(200);
    }
  }
}

/** A fresh folder per call, removed after the test that made it. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(async () => {
    for (const dir of made.splice(0)) await removeWhenFree(dir);
  }, REMOVAL_PATIENCE_MS + 5_000);
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchroom-test-'));
    made.push(dir);
    return dir;
  };
}
