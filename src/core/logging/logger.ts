import { mkdirSync, openSync } from 'node:fs';
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
    pino.destination({ dest: openLogFile(dataDir), sync: true }),
  );
}

function openLogFile(dataDir: string): number {
  mkdirSync(dataDir, { recursive: true });
  return openSync(join(dataDir, LOG_FILE_NAME), 'a', 0o600);
}

/** For tests and tools that must not write files. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
