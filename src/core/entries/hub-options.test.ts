import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { DEFAULT_HUB_PORT, HUB_CERT_FILE, HUB_KEY_FILE, hubCertificate, parseHubArgs } from './hub-options';
import { UsageError } from './serve-options';

const tempDir = useTempDirs();
const NOW = new Date(Date.UTC(2026, 10, 23, 8, 0, 0));
const NO_CERT = { tlsCert: null, tlsKey: null };

describe('the hub command line', () => {
  it('reads the data folder, port, host, certificate pair and seats to register, with loopback and port 4790 by default', () => {
    expect(parseHubArgs([])).toEqual({
      dataDir: null,
      port: DEFAULT_HUB_PORT,
      host: '127.0.0.1',
      ...NO_CERT,
      registerSeats: [],
      demo: false,
    });
    expect(
      parseHubArgs([
        '--data-dir',
        '/srv/hub',
        '--port=0',
        '--host',
        '0.0.0.0',
        '--tls-cert',
        'c.pem',
        '--tls-key',
        'k.pem',
        '--register-seat',
        'Desk 1',
        '--register-seat=Desk 2',
      ]),
    ).toMatchObject({
      dataDir: '/srv/hub',
      port: 0,
      host: '0.0.0.0',
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
      registerSeats: ['Desk 1', 'Desk 2'],
    });
  });

  it('refuses a certificate without its key, and options it does not know, with the usage', () => {
    expect(() => parseHubArgs(['--tls-cert', 'c.pem'])).toThrow(/give --tls-cert and --tls-key together/);
    expect(() => parseHubArgs(['--token', 'x'])).toThrow(UsageError);
    expect(() => parseHubArgs(['--token', 'x'])).toThrow(/Usage: hub/);
  });
});

describe("the hub's certificate", () => {
  it('is made once, self-signed, its key readable by the owner only, and kept: the fingerprint consoles pinned stays', async () => {
    const dataDir = tempDir();
    const made = await hubCertificate(dataDir, NO_CERT, NOW);
    expect(made.source).toBe('new');
    expect(made.fingerprint).toBe(new X509Certificate(readFileSync(join(dataDir, HUB_CERT_FILE))).fingerprint256);
    expect(statSync(join(dataDir, HUB_KEY_FILE)).mode & 0o777).toBe(0o600);
    const validTo = new Date(new X509Certificate(made.cert).validTo);
    expect(validTo.getUTCFullYear()).toBe(NOW.getUTCFullYear() + 10);

    const kept = await hubCertificate(dataDir, NO_CERT, NOW);
    expect(kept).toMatchObject({ source: 'kept', fingerprint: made.fingerprint });
  });

  it('uses the pair given, and refuses a key file other users can read', async () => {
    const made = await hubCertificate(tempDir(), NO_CERT, NOW);
    const folder = tempDir();
    const certFile = join(folder, 'cert.pem');
    const keyFile = join(folder, 'key.pem');
    writeFileSync(certFile, made.cert);
    writeFileSync(keyFile, made.key, { mode: 0o600 });
    expect(await hubCertificate(tempDir(), { tlsCert: certFile, tlsKey: keyFile }, NOW)).toMatchObject({
      source: 'given',
      fingerprint: made.fingerprint,
    });
    chmodSync(keyFile, 0o644);
    await expect(hubCertificate(tempDir(), { tlsCert: certFile, tlsKey: keyFile }, NOW)).rejects.toThrow(/readable by other users/);
  });
});
