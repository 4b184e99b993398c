import { statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { accessTokenFor, DEFAULT_PORT, KEY_FILE_NAME, parseServeArgs, resolveServeKey, UsageError } from './serve-options';

const tempDir = useTempDirs();

describe('serve mode options', () => {
  it('defaults to loopback, the default port, and a fresh demo folder', () => {
    expect(parseServeArgs([], {})).toEqual({ dataDir: null, port: DEFAULT_PORT, host: '127.0.0.1', accessToken: null, demo: true });
  });

  it('keeps a given data folder without demo data unless asked', () => {
    expect(parseServeArgs(['--data-dir', '/srv/wr', '--port=0'], {})).toMatchObject({ dataDir: '/srv/wr', port: 0, demo: false });
    expect(parseServeArgs(['--data-dir', '/srv/wr', '--demo'], {})).toMatchObject({ demo: true });
  });

  it('explains a bad option instead of ignoring it', () => {
    expect(() => parseServeArgs(['--prot', '80'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--port', 'eighty'], {})).toThrow(/port/);
    expect(() => parseServeArgs(['--port'], {})).toThrow('--port needs a value');
  });

  it('gives a non-loopback bind an access token, and none on loopback unless configured', () => {
    expect(accessTokenFor(parseServeArgs([], {}))).toBeNull();
    const generated = accessTokenFor(parseServeArgs(['--host', '0.0.0.0'], {}));
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(accessTokenFor(parseServeArgs(['--host', '0.0.0.0'], { WATCHROOM_ACCESS_TOKEN: 'configured-token-123456' }))).toBe('configured-token-123456');
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/at least 16/);
  });

  it('creates a key file readable only by its owner on first start, and reuses it', () => {
    const dir = tempDir();
    const first = resolveServeKey({}, dir);
    expect(first.source).toBe('new-key-file');
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const second = resolveServeKey({}, dir);
    expect(second).toEqual({ key: first.key, source: 'key-file' });
  });

  it('refuses a key file other users can read, naming the fix', () => {
    const dir = tempDir();
    resolveServeKey({}, dir);
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    expect(() => resolveServeKey({}, dir)).toThrow(/chmod 600/);
  });

  it('takes the key from WATCHROOM_DB_KEY and refuses one that is not 32 bytes of hex', () => {
    const dir = tempDir();
    const hex = 'ab'.repeat(32);
    expect(resolveServeKey({ WATCHROOM_DB_KEY: hex }, dir)).toEqual({ key: Buffer.from(hex, 'hex'), source: 'env' });
    expect(() => resolveServeKey({ WATCHROOM_DB_KEY: 'secret' }, dir)).toThrow(/64 hexadecimal digits/);
    writeFileSync(join(dir, KEY_FILE_NAME), 'not a key', { mode: 0o600 });
    expect(() => resolveServeKey({}, dir)).toThrow(/does not hold a 32-byte key/);
  });
});
