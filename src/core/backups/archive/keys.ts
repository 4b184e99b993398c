// The backup key comes from a passphrase through scrypt, so a backup restores on another machine
// after the workstation is lost. The header records the KDF parameters and a key id; the key id
// lets a wrong passphrase be refused before a single frame is read.
import { createHash, createHmac, hkdfSync, randomBytes, scrypt, scryptSync, type ScryptOptions } from 'node:crypto';
import { ArchiveInputError, wrongPassphrase } from './errors';
import { KdfParams, MAX_SCRYPT_MEMORY_BYTES, type ArchiveHeader } from './format';

/** About 32 MiB and a tenth of a second on a workstation: costly to guess, cheap to run once per job. */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface BackupKey {
  /** 32 bytes from scrypt. Frames are encrypted with a per-backup subkey derived from it. */
  readonly key: Buffer;
  readonly kdf: KdfParams;
  /** First 16 hex characters of SHA-256 over an HMAC of the key: names the key, reveals nothing. */
  readonly keyId: string;
}

export interface BackupKeyParams {
  N?: number;
  r?: number;
  p?: number;
  /** base64 of 16 bytes; a fresh random salt when absent. */
  salt?: string;
}

function scryptOptions(params: KdfParams): ScryptOptions {
  // maxmem leaves room above the 128·N·r bytes scrypt needs, and no more.
  return { N: params.N, r: params.r, p: params.p, maxmem: MAX_SCRYPT_MEMORY_BYTES + 1024 * 1024 };
}

/** NFC: the same passphrase typed on another system's keyboard must give the same key. */
function secretOf(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

function runScrypt(passphrase: string, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secretOf(passphrase), Buffer.from(params.salt, 'base64'), params.keyLength, scryptOptions(params), (error, derived) =>
      error ? reject(error) : resolve(derived),
    );
  });
}

export function keyIdOf(key: Buffer): string {
  const check = createHmac('sha256', key).update('watchroom backup key id v1').digest();
  return createHash('sha256').update(check).digest('hex').slice(0, 16);
}

function checkedParams(passphrase: string, params: BackupKeyParams): KdfParams {
  if (passphrase.length === 0) throw new ArchiveInputError('A backup passphrase cannot be empty.');
  const parsed = KdfParams.safeParse({
    name: 'scrypt',
    N: params.N ?? DEFAULT_SCRYPT_COST.N,
    r: params.r ?? DEFAULT_SCRYPT_COST.r,
    p: params.p ?? DEFAULT_SCRYPT_COST.p,
    keyLength: KEY_BYTES,
    salt: params.salt ?? randomBytes(SALT_BYTES).toString('base64'),
  });
  if (!parsed.success)
    throw new ArchiveInputError(`Unusable key parameters: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** Derives on libuv's thread pool: the calling thread stays free. */
export async function deriveBackupKey(passphrase: string, params: BackupKeyParams = {}): Promise<BackupKey> {
  const kdf = checkedParams(passphrase, params);
  const key = await runScrypt(passphrase, kdf);
  return { key, kdf, keyId: keyIdOf(key) };
}

/** The same, blocking the calling thread for about a tenth of a second; prefer deriveBackupKey. */
export function deriveBackupKeySync(passphrase: string, params: BackupKeyParams = {}): BackupKey {
  const kdf = checkedParams(passphrase, params);
  const key = scryptSync(secretOf(passphrase), Buffer.from(kdf.salt, 'base64'), kdf.keyLength, scryptOptions(kdf));
  return { key, kdf, keyId: keyIdOf(key) };
}

/** What openBackupKey needs of a backup: its header and the file it came from (for the message). */
export interface HeaderOfFile {
  readonly file: string;
  readonly header: ArchiveHeader;
}

/** Re-derives the key with the backup's own parameters; a wrong passphrase is refused by key id. */
export async function openBackupKey(passphrase: string, opened: HeaderOfFile): Promise<BackupKey> {
  const derived = await deriveBackupKey(passphrase, opened.header.kdf);
  if (derived.keyId !== opened.header.keyId) throw wrongPassphrase(opened.file);
  return derived;
}

/** Refuses a key that is not the one this backup was written with, before anything is read or written. */
export function assertKeyOpens(key: BackupKey, opened: HeaderOfFile): void {
  if (keyIdOf(key.key) !== opened.header.keyId) throw wrongPassphrase(opened.file);
}

/** A subkey per backup, so the random 96-bit nonces of AES-GCM never share a key across backups. */
export function frameKeyFor(key: BackupKey, backupId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.from(backupId, 'hex'), 'watchroom backup frames v1', KEY_BYTES));
}
