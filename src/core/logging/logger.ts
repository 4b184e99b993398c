import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { redactSecrets } from '../../shared/domain/redact';

export type Logger = pino.Logger;

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export const LOG_FILE_NAME = 'watchroom.log';

/** The level comes from WATCHROOM_LOG_LEVEL; a value that is not a level is refused loudly, not ignored. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): z.infer<typeof LogLevel> {
  const raw = env.WATCHROOM_LOG_LEVEL;
  if (raw === undefined || raw === '') return 'info';
  const parsed = LogLevel.safeParse(raw.toLowerCase());
  if (!parsed.success) throw new Error(`WATCHROOM_LOG_LEVEL must be one of ${LogLevel.options.join(', ')}; got "${raw}"`);
  return parsed.data;
}

/** JSON lines in the data folder; secret-looking keys are redacted at any depth before writing. */
export function createLogger(dataDir: string, level: string): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
    },
    // Opened here and written synchronously: core logs a few lines a minute, and an asynchronous
    // write still in flight is lost at process.exit (pino's flush() does not wait for it), which
    // is exactly when the line saying why core stopped is written.
    droppingDestination(join(dataDir, LOG_FILE_NAME), () => mkdirSync(dataDir, { recursive: true })),
  );
}

/**
 * A synchronous file destination that never throws. On a full disk (ENOSPC) pino's own
 * destination throws from inside whatever was logging, and core died at start, and again at every
 * restart. Here a line that cannot be written is dropped and counted; the first line that fits
 * again is preceded by one saying how many were lost.
 */
export function droppingDestination(path: string, prepare: () => void = () => {}): pino.DestinationStream {
  let fd: number | null = null;
  let dropped = 0;

  /** True when the file at `path` is no longer the one open: retention replaced it with its kept lines. */
  function replaced(open: number): boolean {
    try {
      return statSync(path).ino !== fstatSync(open).ino;
    } catch {
      return true;
    }
  }

  function writeWhole(text: string): boolean {
    try {
      if (fd !== null && replaced(fd)) {
        closeSync(fd);
        fd = null;
      }
      if (fd === null) {
        prepare();
        fd = openSync(path, 'a', 0o600);
      }
      const bytes = Buffer.from(text);
      const sizeBefore = fstatSync(fd).size;
      try {
        for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
      } catch (error) {
        // No half lines: a line cut short by the full disk is taken back (which frees, never needs, space).
        ftruncateSync(fd, sizeBefore);
        throw error;
      }
      return true;
    } catch {
      return false;
    }
  }

  return {
    write(line: string) {
      if (dropped > 0) {
        const note = {
          level: 40,
          time: new Date().toISOString(),
          pid: process.pid,
          msg: 'log lines were dropped while the log could not be written (a full disk?)',
          dropped,
        };
        if (!writeWhole(`${JSON.stringify(note)}\n`)) {
          dropped += 1;
          return;
        }
        dropped = 0;
      }
      if (!writeWhole(line)) dropped += 1;
    },
  };
}

/** For tests and tools that must not write files. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
