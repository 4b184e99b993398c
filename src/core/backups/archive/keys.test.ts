import { describe, expect, it } from 'vitest';
import { ArchiveInputError, WrongPassphraseError } from './errors';
import type { ArchiveHeader } from './format';
import { DEFAULT_SCRYPT_COST, deriveBackupKey, deriveBackupKeySync, keyIdOf, openBackupKey } from './keys';

function headerFor(kdf: ArchiveHeader['kdf'], keyId: string): ArchiveHeader {
  return {
    format: 'watchroom-backup',
    version: 1,
    backupId: '0'.repeat(32),
    createdAt: new Date(0).toISOString(),
    chunkSize: 1 << 20,
    cipher: 'aes-256-gcm',
    kdf,
    keyId,
  };
}

describe('backup keys', () => {
  it('derive with scrypt at the default cost, with a fresh salt each time', async () => {
    const one = await deriveBackupKey('a passphrase');
    const two = await deriveBackupKey('a passphrase');
    expect(one.kdf).toMatchObject({ name: 'scrypt', ...DEFAULT_SCRYPT_COST, keyLength: 32 });
    expect(128 * one.kdf.N * one.kdf.r).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(one.kdf.salt).not.toBe(two.kdf.salt);
    expect(one.key.equals(two.key)).toBe(false);
    expect(one.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(one.keyId).toBe(keyIdOf(one.key));
    expect(one.key.toString('hex')).not.toContain(one.keyId);
  });

  it('re-derive from the header on another machine, and refuse a wrong passphrase by key id', async () => {
    const made = await deriveBackupKey('Zürich control room', { N: 2 ** 14 });
    const header = headerFor(made.kdf, made.keyId);
    // The same passphrase typed in another Unicode normal form opens the backup too.
    const opened = await openBackupKey('Zu\u0308rich control room', { file: '/backups/a.wrbk', header });
    expect(opened.key.equals(made.key)).toBe(true);
    expect(deriveBackupKeySync('Zürich control room', made.kdf).keyId).toBe(made.keyId);
    const refused = openBackupKey('Zurich control room', { file: '/backups/a.wrbk', header });
    await expect(refused).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(openBackupKey('nope', { file: '/backups/a.wrbk', header })).rejects.toThrow(
      'This passphrase does not open backup /backups/a.wrbk',
    );
  });

  it('refuse an empty passphrase and parameters that would need too much memory', async () => {
    await expect(deriveBackupKey('')).rejects.toBeInstanceOf(ArchiveInputError);
    await expect(deriveBackupKey('x', { N: 2 ** 17, r: 8 })).rejects.toThrow(/too much memory/);
    await expect(deriveBackupKey('x', { N: 3000 })).rejects.toThrow(ArchiveInputError);
  });
});
