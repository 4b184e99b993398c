import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { openDatabase } from '../db';

const tempDir = useTempDirs();

/** Runs the ingesting child until it has committed at least `atLeast` results, then kills it with SIGKILL. */
function ingestThenKill(path: string, keyHex: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['test/support/ingest-child.ts', path, keyHex], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastCommitted = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/committed (\d+)/g)) lastCommitted = Number(match[1]);
      if (lastCommitted >= atLeast && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(lastCommitted) : reject(new Error(`ingest child exited on its own: ${stderr}`)),
    );
  });
}

describe('a crash during ingest', () => {
  it('loses no committed result and leaves the database intact, at several random points', async () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    openDatabase(path, key).close();
    let reportedTotal = 0;
    for (const atLeast of [
      3000 + Math.floor(Math.random() * 5000),
      2000 + Math.floor(Math.random() * 9000),
      1000 + Math.floor(Math.random() * 3000),
    ]) {
      reportedTotal += await ingestThenKill(path, key.toString('hex'), atLeast);
      const store = openDatabase(path, key);
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = (store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n;
      // Everything reported committed is there (a batch committed after the last report may be too).
      expect(stored).toBeGreaterThanOrEqual(reportedTotal);
      reportedTotal = stored;
      store.close();
    }
  }, 60_000);
});
