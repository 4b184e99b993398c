// Secrets in the monitoring configuration (credentials in an HTTP monitor's URL, its header
// values): masked wherever a console or a plain configuration file would show them, and carried
// only inside a passphrase-encrypted file when the user asks for them.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { WatchroomError, type ConfigDocument, type EncryptedConfigDocument, type ProbeConfig } from '../../shared/contract';
import { isMasked, maskUrl } from '../../shared/domain/redact';
import { maskHeaders, restoreMasked, restoreMaskedHeaders, type SecretProblem } from '../../shared/domain/secret-values';

/** About 32 MiB and a tenth of a second: costly to guess, cheap to run once per export. */
const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** The probe as a console or a file without secrets shows it. */
export function maskProbeSecrets(probe: ProbeConfig): ProbeConfig {
  return probe.kind === 'http' ? { ...probe, url: maskUrl(probe.url), headers: maskHeaders(probe.headers) } : probe;
}

/** A probe sent back by a console: what it was shown masked keeps the stored value. */
export function restoreProbeSecrets(sent: ProbeConfig, stored: ProbeConfig | undefined): { probe: ProbeConfig; problems: SecretProblem[] } {
  const problems: SecretProblem[] = [];
  if (sent.kind !== 'http') return { probe: sent, problems };
  const previous = stored?.kind === 'http' ? stored : undefined;
  const probe = {
    ...sent,
    url: restoreMasked(sent.url, previous?.url, previous && maskUrl(previous.url), 'probe.url', problems),
    headers: restoreMaskedHeaders(sent.headers, previous?.headers, 'probe.headers', problems),
  };
  return { probe, problems };
}

/** Values of a file exported without secrets: the secret is not in it, so the monitor cannot be made from it. */
export function maskedValuesIn(document: ConfigDocument): { path: string; message: string }[] {
  const message =
    'This file was exported without secrets, so the part shown as •••• is not in it: type the real value into the file, or export again with "Include secrets"';
  return document.monitors.flatMap(({ probe }, i) => {
    if (probe.kind !== 'http') return [];
    const url = isMasked(probe.url) ? [{ path: `monitors.${i}.probe.url`, message }] : [];
    const headers = Object.entries(probe.headers).flatMap(([name, value]) =>
      isMasked(value) ? [{ path: `monitors.${i}.probe.headers.${name}`, message }] : [],
    );
    return [...url, ...headers];
  });
}

function keyOf(passphrase: string, kdf: EncryptedConfigDocument['kdf']): Buffer {
  // NFC: the same passphrase typed on another system's keyboard gives the same key.
  return scryptSync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), Buffer.from(kdf.salt, 'base64'), KEY_BYTES, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 128 * kdf.N * kdf.r + 1024 * 1024,
  });
}

/** The header is authenticated with the document, so a changed cost or salt fails like a wrong passphrase. */
function headerOf(kdf: EncryptedConfigDocument['kdf']): Buffer {
  return Buffer.from(JSON.stringify({ format: 'watchroom-config-encrypted', version: 1, kdf }), 'utf8');
}

export function encryptConfig(document: ConfigDocument, passphrase: string): EncryptedConfigDocument {
  const kdf = { name: 'scrypt' as const, ...SCRYPT_COST, salt: randomBytes(16).toString('base64') };
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(passphrase, kdf), nonce);
  cipher.setAAD(headerOf(kdf));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(document, null, 2), 'utf8'), cipher.final()]);
  return {
    format: 'watchroom-config-encrypted',
    version: 1,
    kdf,
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The document's text; a missing or wrong passphrase (or a changed file) is refused, naming the passphrase field. */
export function decryptConfig(file: EncryptedConfigDocument, passphrase: string | undefined): string {
  if (passphrase === undefined || passphrase === '') {
    throw new WatchroomError('invalid_input', 'Nothing was imported: this file is encrypted, enter the passphrase it was exported with', [
      { path: 'passphrase', message: 'This file is encrypted: enter the passphrase it was exported with' },
    ]);
  }
  // The file names its own key derivation, read before anything authenticates it, and scrypt runs on
  // core's event loop: a header asking for 16 times this console's cost held every console 1.1 s per try.
  if (file.kdf.N > SCRYPT_COST.N || file.kdf.r > SCRYPT_COST.r || file.kdf.p > SCRYPT_COST.p) {
    throw new WatchroomError(
      'invalid_input',
      'Nothing was imported: this file asks for a costlier passphrase check than Watchroom writes, so it was not exported by Watchroom (or it was changed since)',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(passphrase, file.kdf), Buffer.from(file.nonce, 'base64'), { authTagLength: 16 });
    decipher.setAAD(headerOf(file.kdf));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new WatchroomError(
      'invalid_input',
      'Nothing was imported: this passphrase does not open the file (or the file was changed after it was exported)',
      [{ path: 'passphrase', message: 'This passphrase does not open the file: check it and try again' }],
    );
  }
}
