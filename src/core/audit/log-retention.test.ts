import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createLogger, LOG_FILE_NAME } from '../logging';
import { ANCHORS_FILE_NAME, logLinesPast, pruneLogFile, readLogAnchors, startAnchoring } from './index';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const KEY = Buffer.alloc(32, 7);
const HASH = 'ab'.repeat(32);

/** A log line as pino writes it, at a given time. */
const line = (at: number, fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: new Date(at).toISOString(), ...fields });

describe('the log file keeps 30 days (issue 15)', () => {
  it('drops lines past retention, keeps their audit anchors in the anchors file, and the logger goes on in the new file', async () => {
    const dataDir = tempDir();
    const logFile = join(dataDir, LOG_FILE_NAME);
    // Anchors as core writes them (with their MAC), 40 days ago and now.
    const oldClock = new FakeClock(NOW - 40 * DAY);
    const oldLogger = createLogger(dataDir, 'info');
    startAnchoring({
      head: () => ({ seq: 12, hash: HASH }),
      chainKey: KEY,
      logger: oldLogger,
      clock: oldClock,
      timers: oldClock,
      reset: false,
    }).stop();
    const written = readFileSync(logFile, 'utf8').trim().split('\n');
    // pino stamps the machine's time: the test sets each line's time itself.
    const anchorLines = written.map((text) =>
      JSON.stringify({ ...(JSON.parse(text) as object), time: new Date(NOW - 40 * DAY).toISOString() }),
    );
    writeFileSync(
      logFile,
      [
        line(NOW - 45 * DAY, { msg: 'old' }),
        ...anchorLines,
        line(NOW - 31 * DAY, { msg: 'old too' }),
        line(NOW - 2 * DAY, { msg: 'recent' }),
      ].join('\n') + '\n',
    );
    const cutoff = NOW - 30 * DAY;
    const before = await readLogAnchors(logFile, KEY);

    expect(logLinesPast(logFile, cutoff)).toBe(2 + anchorLines.length);
    expect(pruneLogFile(logFile, cutoff)).toBe(2 + anchorLines.length);
    const kept = readFileSync(logFile, 'utf8').trim().split('\n');
    expect(kept.map((text) => (JSON.parse(text) as { msg: string }).msg)).toEqual(['recent']);
    expect(readFileSync(join(dataDir, ANCHORS_FILE_NAME), 'utf8').trim().split('\n')).toEqual(anchorLines);
    // The anchors compare exactly as before the prune.
    const after = await readLogAnchors(logFile, KEY);
    expect(after.anchors.map(({ seq, hash, at }) => ({ seq, hash, at }))).toEqual(
      before.anchors.map(({ seq, hash, at }) => ({ seq, hash, at })),
    );
    expect(logLinesPast(logFile, cutoff)).toBe(0);

    // The logger opened before the prune writes into the new file, not the replaced one.
    oldLogger.info('after the prune');
    expect(readFileSync(logFile, 'utf8')).toContain('after the prune');
  });

  it('a missing log is nothing to prune', () => {
    const dataDir = tempDir();
    expect(logLinesPast(join(dataDir, LOG_FILE_NAME), NOW)).toBe(0);
    expect(pruneLogFile(join(dataDir, LOG_FILE_NAME), NOW)).toBe(0);
  });
});
