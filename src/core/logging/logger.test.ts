import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createLogger, LOG_FILE_NAME, logLevelFromEnv } from './index';

const tempDir = useTempDirs();

describe('the core log', () => {
  it('writes JSON lines to the data folder at once, with secret-looking keys redacted', () => {
    const dir = tempDir();
    const logger = createLogger(dir, 'info');
    logger.info({ user: 'alice', password: 'hunter2', request: { headers: { authorization: 'Bearer abc' } }, dbKeyHex: 'ff' }, 'signed in');
    logger.debug('not at this level');
    const lines = readFileSync(join(dir, LOG_FILE_NAME), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'signed in',
      user: 'alice',
      password: '[redacted]',
      request: { headers: { authorization: '[redacted]' } },
      dbKeyHex: '[redacted]',
    });
  });

  it('masks credentials inside values: a URL with user:password or a token, every header value', () => {
    const dir = tempDir();
    const logger = createLogger(dir, 'info');
    logger.warn(
      { err: 'POST https://ops:Hunter2@hooks.example/notify?token=abc failed', probe: { headers: { 'X-Api-Key': 'k-7781' } } },
      'delivery failed',
    );
    const text = readFileSync(join(dir, LOG_FILE_NAME), 'utf8');
    for (const secret of ['Hunter2', 'token=abc', 'k-7781']) expect(text).not.toContain(secret);
    expect(JSON.parse(text.trim())).toMatchObject({
      err: 'POST https://••••@hooks.example/notify?token=•••• failed',
      probe: { headers: { 'X-Api-Key': '[redacted]' } },
    });
  });

  it('drops and counts lines the disk has no room for instead of throwing (/dev/full answers every write with ENOSPC)', () => {
    const dir = tempDir();
    symlinkSync('/dev/full', join(dir, LOG_FILE_NAME));
    const logger = createLogger(dir, 'info');
    expect(() => {
      for (let i = 0; i < 100; i += 1) logger.error({ i }, 'core could not write');
    }).not.toThrow();
  });

  it('takes its level from WATCHROOM_LOG_LEVEL and refuses a misspelt one', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ WATCHROOM_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => logLevelFromEnv({ WATCHROOM_LOG_LEVEL: 'verbose' })).toThrow(/must be one of/);
  });
});
