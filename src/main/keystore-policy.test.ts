import { describe, expect, it } from 'vitest';
import {
  decideKeyAction,
  isKeyHex,
  KEY_FILE_NAME,
  parseKeyFile,
  secureStorageProblem,
  serializeKeyFile,
  setAsideFileName,
  wrapFailedReason,
  type KeyActionInput,
} from './keystore-policy';

const keyring: Pick<KeyActionInput, 'encryptionAvailable' | 'backend'> = { encryptionAvailable: true, backend: 'gnome_libsecret' };
const macOrWindows: Pick<KeyActionInput, 'encryptionAvailable' | 'backend'> = { encryptionAvailable: true, backend: null };

describe('decideKeyAction with a working key store', () => {
  it('first start (no key file): makes and stores a new key; no old cache exists to set aside', () => {
    const decision = decideKeyAction({ ...keyring, fileState: 'missing', decryptOk: null });
    expect(decision).toMatchObject({ action: 'create-new', setAsideKeyFile: false });
    // The reason only shows if a cache is found without its key file (someone deleted it).
    if (decision.action === 'create-new') expect(decision.freshCacheReason).toContain(KEY_FILE_NAME);
  });

  it('key file present and it unlocks: uses the stored key and keeps the cache', () => {
    expect(decideKeyAction({ ...keyring, fileState: 'wrapped', storedBackend: 'gnome_libsecret', decryptOk: true })).toEqual({
      action: 'use-existing',
    });
    expect(decideKeyAction({ ...macOrWindows, fileState: 'wrapped', storedBackend: null, decryptOk: true })).toEqual({
      action: 'use-existing',
    });
  });

  it('key file present but it no longer unlocks: fresh cache, says why, keeps the old key file', () => {
    const decision = decideKeyAction({ ...macOrWindows, fileState: 'wrapped', storedBackend: null, decryptOk: false });
    expect(decision.action).toBe('create-new');
    if (decision.action === 'use-existing') return;
    expect(decision.setAsideKeyFile).toBe(true);
    expect(decision.freshCacheReason).toMatch(/could not unlock the stored key/);
  });

  it('a key stored with another keyring: the reason names both', () => {
    const decision = decideKeyAction({ ...keyring, fileState: 'wrapped', storedBackend: 'kwallet5', decryptOk: false });
    expect(decision.action).toBe('create-new');
    if (decision.action !== 'use-existing') expect(decision.freshCacheReason).toMatch(/kwallet5.*gnome_libsecret/);
  });

  it('an unwrap that was not even tried counts as a failure, never as success', () => {
    expect(decideKeyAction({ ...keyring, fileState: 'wrapped', decryptOk: null }).action).toBe('create-new');
  });

  it('a damaged key file: fresh cache, the damaged file kept for inspection', () => {
    const decision = decideKeyAction({ ...keyring, fileState: 'damaged', decryptOk: null });
    expect(decision).toMatchObject({ action: 'create-new', setAsideKeyFile: true });
    if (decision.action !== 'use-existing') expect(decision.freshCacheReason).toMatch(/damaged/);
  });

  it('the keyring is back after a run with a temporary key: stores a new key, explains the empty cache', () => {
    const decision = decideKeyAction({ ...keyring, fileState: 'temporary', decryptOk: null });
    expect(decision).toMatchObject({ action: 'create-new', setAsideKeyFile: false });
    if (decision.action !== 'use-existing') expect(decision.freshCacheReason).toMatch(/temporary key/);
  });
});

describe('decideKeyAction without a secure key store', () => {
  it('basic_text backend -> fresh cache with a reason that names the missing keyring', () => {
    const decision = decideKeyAction({ encryptionAvailable: true, backend: 'basic_text', fileState: 'missing', decryptOk: null });
    expect(decision.action).toBe('temporary-key');
    if (decision.action === 'use-existing') return;
    expect(decision.freshCacheReason).toMatch(/No OS keyring/);
    expect(decision.freshCacheReason).toMatch(/Secret Service|KWallet/);
    expect(decision.freshCacheReason).toMatch(/cannot be read after the console closes/);
  });

  it('basic_text with a stored key: does not trust the obfuscated store, keeps the old key file aside', () => {
    // Even an unwrap that "worked" must not be used: basic_text is obfuscation, not protection.
    const decision = decideKeyAction({
      encryptionAvailable: true,
      backend: 'basic_text',
      fileState: 'wrapped',
      storedBackend: 'gnome_libsecret',
      decryptOk: true,
    });
    expect(decision).toMatchObject({ action: 'temporary-key', setAsideKeyFile: true });
  });

  it('encryption unavailable (no Keychain / DPAPI): temporary key, says nothing is kept', () => {
    const decision = decideKeyAction({ encryptionAvailable: false, backend: null, fileState: 'wrapped', decryptOk: null });
    expect(decision).toMatchObject({ action: 'temporary-key', setAsideKeyFile: true });
    if (decision.action !== 'use-existing') expect(decision.freshCacheReason).toMatch(/key store .* not available/);
  });

  it('again without a key store after a temporary run: another temporary key, nothing to set aside', () => {
    expect(decideKeyAction({ encryptionAvailable: true, backend: 'basic_text', fileState: 'temporary', decryptOk: null })).toMatchObject({
      action: 'temporary-key',
      setAsideKeyFile: false,
    });
  });

  it('a damaged key file and no key store: temporary key, the damaged file kept', () => {
    expect(decideKeyAction({ encryptionAvailable: false, backend: null, fileState: 'damaged', decryptOk: null })).toMatchObject({
      action: 'temporary-key',
      setAsideKeyFile: true,
    });
  });

  it('an unidentified Linux backend is not trusted either', () => {
    expect(decideKeyAction({ encryptionAvailable: true, backend: 'unknown', fileState: 'missing', decryptOk: null }).action).toBe(
      'temporary-key',
    );
  });
});

describe('secureStorageProblem', () => {
  it('has nothing to say about a real keyring, Keychain or DPAPI', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', null]) {
      expect(secureStorageProblem({ encryptionAvailable: true, backend }), String(backend)).toBeNull();
    }
  });
});

describe('key file', () => {
  it('round-trips a wrapped key with the backend that wrapped it', () => {
    const wrapped = Buffer.from([1, 2, 3, 250, 251, 252]);
    const state = parseKeyFile(serializeKeyFile('kwallet6', wrapped));
    expect(state).toEqual({ state: 'wrapped', backend: 'kwallet6', wrappedKey: wrapped });
  });

  it('records a run with a temporary key without any key material', () => {
    const text = serializeKeyFile('basic_text', null);
    expect(parseKeyFile(text)).toEqual({ state: 'temporary', backend: 'basic_text' });
    expect(JSON.parse(text)).toEqual({ version: 1, backend: 'basic_text', wrappedKey: null });
  });

  it('tells a missing file from a damaged one', () => {
    expect(parseKeyFile(null)).toEqual({ state: 'missing' });
    expect(parseKeyFile('{not json')).toMatchObject({ state: 'damaged' });
    expect(parseKeyFile('{"version":2,"backend":null,"wrappedKey":"AAAA"}')).toMatchObject({ state: 'damaged' });
    expect(parseKeyFile('{"version":1,"backend":null,"wrappedKey":"%%%"}')).toMatchObject({ state: 'damaged' });
    expect(parseKeyFile('{"version":1,"backend":null,"wrappedKey":""}')).toMatchObject({ state: 'damaged' });
  });

  it('accepts only 32-byte lower-case hex keys', () => {
    expect(isKeyHex('ab'.repeat(32))).toBe(true);
    expect(isKeyHex('AB'.repeat(32))).toBe(false);
    expect(isKeyHex('ab'.repeat(31))).toBe(false);
    expect(isKeyHex(42)).toBe(false);
  });

  it('names a set-aside key file after the moment, without characters some file systems refuse', () => {
    expect(setAsideFileName(KEY_FILE_NAME, new Date('2025-03-04T05:06:07.089Z'))).toBe('db-key.json.set-aside-2025-03-04T05-06-07-089Z');
  });

  it('says plainly why a run falls back to a temporary key when wrapping fails', () => {
    expect(wrapFailedReason('Keychain access denied')).toMatch(/refused to store.*Keychain access denied.*temporary key/);
  });
});
