import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per call, removed after the test that made it. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    // A closed core's WAL checkpoint may still be finishing a file as the folder goes: try again.
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchroom-test-'));
    made.push(dir);
    return dir;
  };
}
