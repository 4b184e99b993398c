// A job's keys: the current one, which new backups use, and the ones a passphrase change retired,
// kept the same way (derived keys, never passphrases, in the encrypted database) so every backup
// the job made still verifies and restores without asking. A backup names its key by key id.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { BackupJobRow } from '../db';
import { KdfParams, type BackupKey } from './archive';

const RetiredKeys = z.array(z.object({ keyId: z.string(), keyHex: z.string(), kdf: KdfParams, retiredAt: z.number().int() }));
export type RetiredKeys = z.infer<typeof RetiredKeys>;

type KeyColumns = Pick<BackupJobRow, 'keyHex' | 'kdfJson' | 'keyId'>;

/** The job's current key, as the archive takes it. */
export function jobKey(row: KeyColumns): BackupKey {
  return { key: Buffer.from(row.keyHex, 'hex'), kdf: KdfParams.parse(JSON.parse(row.kdfJson)), keyId: row.keyId };
}

export function retiredKeys(row: Pick<BackupJobRow, 'retiredKeysJson'>): RetiredKeys {
  return RetiredKeys.parse(JSON.parse(row.retiredKeysJson));
}

/** The key of the job that opens backups made with `keyId`: its current one or a retired one. */
export function jobKeyFor(row: KeyColumns & Pick<BackupJobRow, 'retiredKeysJson'>, keyId: string): BackupKey | undefined {
  if (row.keyId === keyId) return jobKey(row);
  const retired = retiredKeys(row).find((k) => k.keyId === keyId);
  return retired ? { key: Buffer.from(retired.keyHex, 'hex'), kdf: retired.kdf, keyId: retired.keyId } : undefined;
}

/**
 * The columns that give a job `next` as its key: the key it had joins the retired ones (its
 * backups still need it), and a retired key that becomes current again leaves that list.
 */
export function switchKeyColumns(row: KeyColumns & Pick<BackupJobRow, 'retiredKeysJson'>, next: BackupKey, at: number) {
  const retired = retiredKeys(row).filter((k) => k.keyId !== next.keyId && k.keyId !== row.keyId);
  if (row.keyId !== next.keyId)
    retired.push({ keyId: row.keyId, keyHex: row.keyHex, kdf: KdfParams.parse(JSON.parse(row.kdfJson)), retiredAt: at });
  return {
    keyHex: next.key.toString('hex'),
    kdfJson: JSON.stringify(next.kdf),
    keyId: next.keyId,
    retiredKeysJson: JSON.stringify(retired),
  };
}

/** Retired keys that no backup of the job needs any more (retention removed them all) are dropped. */
export function prunedRetiredKeys(row: Pick<BackupJobRow, 'retiredKeysJson'>, keyIdsInUse: ReadonlySet<string>): string | null {
  const retired = retiredKeys(row);
  const kept = retired.filter((k) => keyIdsInUse.has(k.keyId));
  return kept.length === retired.length ? null : JSON.stringify(kept);
}

/** One spelling per folder, so "/mnt/backup/" and "/mnt/backup" are the same destination. */
export function sameFolder(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
