import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  notAfter: Date;
}

const CA_CONFIG = `[ca]
default_ca = selfsigned
[selfsigned]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
copy_extensions = copy
[anything]
commonName = supplied
`;

function opensslDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * A self-signed certificate for CN=localhost and 127.0.0.1, valid between the given dates (in the
 * past too: `openssl ca` takes explicit start and end dates, `openssl req -x509` does not).
 */
export function createSelfSignedCertificate(notBefore: Date, notAfter: Date): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'watchroom-cert-'));
  try {
    const run = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    };
    writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), '01\n');
    run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      'key.pem',
      '-out',
      'request.csr',
    ]);
    run([
      'ca',
      '-batch',
      '-notext',
      '-selfsign',
      '-config',
      'ca.cnf',
      '-keyfile',
      'key.pem',
      '-in',
      'request.csr',
      '-out',
      'cert.pem',
      '-startdate',
      opensslDate(notBefore),
      '-enddate',
      opensslDate(notAfter),
    ]);
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'), notAfter };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DAY_MS = 86_400_000;

export function certificateValidFor(days: number): TestCertificate {
  const now = Date.now();
  // Whole seconds: that is all a certificate's dates can hold.
  return createSelfSignedCertificate(new Date(now - DAY_MS), new Date(Math.floor((now + days * DAY_MS) / 1000) * 1000));
}

export function expiredCertificate(): TestCertificate {
  return createSelfSignedCertificate(new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 0, 2)));
}
