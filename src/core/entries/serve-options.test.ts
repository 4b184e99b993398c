import { statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import {
  accessTokenFor,
  consoleHostNames,
  DEFAULT_PORT,
  defaultDataDir,
  KEY_FILE_NAME,
  parseServeArgs,
  readSeatCredential,
  resolveServeKey,
  UsageError,
} from './serve-options';

const tempDir = useTempDirs();

describe('serve mode options', () => {
  it('defaults to loopback, the default port and the default data folder, with no demo unless asked', () => {
    expect(parseServeArgs([], {})).toEqual({
      dataDir: null,
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      accessToken: null,
      tokenFile: null,
      allowHosts: [],
      demo: false,
      hub: null,
      hubFingerprint: null,
      seatId: null,
      seatCredentialFile: null,
    });
  });

  it('works against a hub for this run with all four hub flags, the fingerprint as the hub prints it', () => {
    const fingerprint = Array.from({ length: 32 }, () => 'ab').join(':');
    const flags = [
      '--hub',
      'https://127.0.0.1:4790',
      '--hub-fingerprint',
      fingerprint,
      '--seat-id',
      'seat-1',
      '--seat-credential-file',
      '/srv/seat',
    ];
    expect(parseServeArgs(flags, {})).toMatchObject({
      hub: 'https://127.0.0.1:4790',
      hubFingerprint: fingerprint.toUpperCase(),
      seatId: 'seat-1',
      seatCredentialFile: '/srv/seat',
    });
    expect(() => parseServeArgs(flags.slice(0, 4), {})).toThrow('A hub needs all four');
    expect(() => parseServeArgs([...flags, '--demo'], {})).toThrow('cannot be combined with --hub');
    expect(() => parseServeArgs(flags.with(1, 'http://127.0.0.1:4790'), {})).toThrow(/TLS always/);
    expect(() => parseServeArgs(flags.with(3, 'AB:CD'), {})).toThrow(/32 pairs of hex digits/);
  });

  it('reads the seat credential only from a file its owner alone can read', () => {
    const file = join(tempDir(), 'seat');
    writeFileSync(file, 'the-credential\n', { mode: 0o644 });
    expect(() => readSeatCredential(file)).toThrow(/readable by other users/);
    chmodSync(file, 0o600);
    expect(readSeatCredential(file)).toBe('the-credential');
  });

  it('keeps a given data folder without demo data unless asked', () => {
    expect(parseServeArgs(['--data-dir', '/srv/wr', '--port=0'], {})).toMatchObject({ dataDir: '/srv/wr', port: 0, demo: false });
    expect(parseServeArgs(['--data-dir', '/srv/wr', '--demo'], {})).toMatchObject({ demo: true });
  });

  it('keeps the data in a persistent folder under the user data directory, the demo apart from a real console', () => {
    expect(defaultDataDir({}, '/home/ops', false)).toBe('/home/ops/.local/share/watchroom');
    expect(defaultDataDir({}, '/home/ops', true)).toBe('/home/ops/.local/share/watchroom-demo');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/ops' }, '/home/ops', false)).toBe('/data/ops/watchroom');
    // The XDG rule: a relative XDG_DATA_HOME is ignored.
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, '/home/ops', false)).toBe('/home/ops/.local/share/watchroom');
  });

  it('explains a bad option instead of ignoring it', () => {
    expect(() => parseServeArgs(['--prot', '80'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--port', 'eighty'], {})).toThrow(/port/);
    expect(() => parseServeArgs(['--port'], {})).toThrow('--port needs a value');
    expect(() => parseServeArgs(['--allow-host', 'http://ops-pc:4780'], {})).toThrow(/without scheme or port/);
  });

  it('gives every start an access token, loopback included: a new one unless one is configured', () => {
    const first = accessTokenFor(parseServeArgs([], {}));
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(accessTokenFor(parseServeArgs([], {}))).not.toBe(first);
    expect(accessTokenFor(parseServeArgs(['--host', '0.0.0.0'], { WATCHROOM_ACCESS_TOKEN: 'configured-token-123456' }))).toBe(
      'configured-token-123456',
    );
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/at least 16/);
  });

  it('reads the access token from a file, so it need not be on the command line', () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, 'token-from-a-file-0123456789\n', { mode: 0o600 });
    const options = parseServeArgs(['--token-file', file], { WATCHROOM_ACCESS_TOKEN: 'from-the-environment-0123' });
    expect(accessTokenFor(options)).toBe('token-from-a-file-0123456789');
    chmodSync(file, 0o644);
    expect(() => accessTokenFor(options)).toThrow(/readable by other users .* chmod 600/);
    writeFileSync(file, 'short\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(() => accessTokenFor(options)).toThrow(/shorter than 16/);
    expect(() => accessTokenFor(parseServeArgs(['--token-file', join(tempDir(), 'missing')], {}))).toThrow(
      /Cannot read the access token file/,
    );
    expect(() => parseServeArgs(['--token-file', file, '--token', 'token-on-the-command-line'], {})).toThrow(/not both/);
  });

  it('answers to the bound address, the loopback names on loopback, every interface on 0.0.0.0, and the allowed names', () => {
    expect(consoleHostNames('127.0.0.1', [], ['10.0.0.5'])).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(consoleHostNames('10.0.0.5', ['Ops-PC', 'wall.example'], ['10.0.0.5', '127.0.0.1'])).toEqual([
      '10.0.0.5',
      'ops-pc',
      'wall.example',
    ]);
    expect(consoleHostNames('0.0.0.0', [], ['127.0.0.1', '10.0.0.5', 'fe80::1'])).toEqual([
      '127.0.0.1',
      '10.0.0.5',
      '[fe80::1]',
      'localhost',
      '[::1]',
    ]);
    expect(parseServeArgs(['--allow-host', 'ops-pc', '--allow-host=wall.example'], {}).allowHosts).toEqual(['ops-pc', 'wall.example']);
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
