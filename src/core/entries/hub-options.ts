import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { z } from 'zod';
import { text } from '../../shared/contract';
import { parsedOptions, readFlags, UsageError } from './serve-options';

export const DEFAULT_HUB_PORT = 4790;
export const HUB_CERT_FILE = 'hub-cert.pem';
export const HUB_KEY_FILE = 'hub-key.pem';
/** A self-signed certificate is pinned by every console: replacing it means re-pinning every seat, so it lasts. */
const SELF_SIGNED_YEARS = 10;

const HubOptions = z
  .strictObject({
    dataDir: text().min(1).nullable(),
    port: z.coerce.number().int().min(0).max(65535),
    host: text().min(1),
    tlsCert: text().min(1).nullable(),
    tlsKey: text().min(1).nullable(),
    registerSeats: z.array(text().trim().min(1).max(80)),
    demo: z.boolean(),
  })
  .refine((options) => (options.tlsCert === null) === (options.tlsKey === null), {
    message: 'give --tls-cert and --tls-key together, or neither (a self-signed certificate is made)',
    path: ['tlsKey'],
  });
export type HubOptions = z.infer<typeof HubOptions>;

const USAGE = `Usage: hub [--data-dir DIR] [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE] [--register-seat NAME]... [--demo]
  --data-dir DIR    keep the hub's database here (default: $XDG_DATA_HOME/watchroom-hub, else ~/.local/share/watchroom-hub)
  --port N          listen on port N (default ${DEFAULT_HUB_PORT}; 0 picks a free port)
  --host ADDR       bind address (default 127.0.0.1; 0.0.0.0 so that consoles on other machines can connect)
  --tls-cert FILE   the hub's TLS certificate (PEM); with --tls-key. Without them a self-signed certificate
  --tls-key FILE    is made on first start and kept in DIR; consoles pin its SHA-256 fingerprint, printed at start
  --register-seat NAME  register a console with the hub now and print its seat id and credential (once);
                    a hub with no seat registers "First seat" by itself. Admins register more on the Users page
  --demo            demo data on first start, the demo site simulator at every start`;

export function parseHubArgs(argv: readonly string[]): HubOptions {
  const raw: Record<string, unknown> = {
    dataDir: null,
    port: DEFAULT_HUB_PORT,
    host: '127.0.0.1',
    tlsCert: null,
    tlsKey: null,
    registerSeats: [],
    demo: false,
  };
  const flags = {
    switches: { '--demo': 'demo' },
    withValue: { '--data-dir': 'dataDir', '--port': 'port', '--host': 'host', '--tls-cert': 'tlsCert', '--tls-key': 'tlsKey' },
    repeatable: { '--register-seat': 'registerSeats' },
  };
  readFlags(argv, flags, raw, USAGE, 'Watchroom hub');
  return parsedOptions(HubOptions, raw, USAGE);
}

export interface HubCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as consoles pin it (AB:CD:...). */
  fingerprint: string;
  source: 'given' | 'kept' | 'new';
}

function readKeyFile(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new UsageError(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`, USAGE);
  return readFileSync(file, 'utf8');
}

function certificateOf(cert: string, key: string, source: HubCertificate['source']): HubCertificate {
  return { cert, key, fingerprint: new X509Certificate(cert).fingerprint256, source };
}

/**
 * The hub's TLS certificate: the one given, else the one kept in the data folder, else a new
 * self-signed one (EC P-256, for the loopback names and this machine's name) written there, its
 * key readable by the owner only. Consoles check the fingerprint, not a CA, so a self-signed one is as good.
 */
export async function hubCertificate(dataDir: string, options: Pick<HubOptions, 'tlsCert' | 'tlsKey'>, now: Date): Promise<HubCertificate> {
  if (options.tlsCert !== null && options.tlsKey !== null)
    return certificateOf(readFileSync(options.tlsCert, 'utf8'), readKeyFile(options.tlsKey), 'given');
  const certFile = join(dataDir, HUB_CERT_FILE);
  const keyFile = join(dataDir, HUB_KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) return certificateOf(readFileSync(certFile, 'utf8'), readKeyFile(keyFile), 'kept');
  const notAfterDate = new Date(now);
  notAfterDate.setUTCFullYear(now.getUTCFullYear() + SELF_SIGNED_YEARS);
  const made = await generate([{ name: 'commonName', value: `Watchroom hub on ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostname() },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  try {
    writeFileSync(keyFile, made.private, { mode: 0o600, flag: 'wx' });
    writeFileSync(certFile, made.cert, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    // Half a pair (a full disk) would be refused at every later start; a pair that was there already is kept.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      rmSync(keyFile, { force: true });
      rmSync(certFile, { force: true });
    }
    throw error;
  }
  return certificateOf(made.cert, made.private, 'new');
}
