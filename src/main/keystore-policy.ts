/**
 * What to do with the database key at start-up, as pure functions of what is on disk and what the
 * OS key store can do. keystore.ts does the I/O and calls these. The local database is a cache
 * (the backend and the backups hold the data), so when the key cannot be had securely the console
 * says so and starts an empty cache rather than refusing to run.
 */
import { z } from 'zod';

export const KEY_FILE_NAME = 'db-key.json';
export const KEY_FILE_VERSION = 1;

/**
 * The key file in userData. wrappedKey is the hex key encrypted by safeStorage, base64 encoded;
 * null records that the last run had no secure key store and used a key it did not keep.
 * backend is the Linux storage backend that wrapped it (null on macOS and Windows).
 */
const KeyFile = z.object({
  version: z.literal(KEY_FILE_VERSION),
  backend: z.string().nullable(),
  wrappedKey: z.base64().min(1).nullable(),
});
export type KeyFile = z.infer<typeof KeyFile>;

export type KeyFileState =
  | { state: 'missing' }
  | { state: 'damaged'; detail: string }
  | { state: 'wrapped'; backend: string | null; wrappedKey: Buffer }
  | { state: 'temporary'; backend: string | null };

/** Reads the key file's text (null when there is no file). */
export function parseKeyFile(text: string | null): KeyFileState {
  if (text === null) return { state: 'missing' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'damaged', detail: 'it is not valid JSON' };
  }
  const parsed = KeyFile.safeParse(json);
  if (!parsed.success) return { state: 'damaged', detail: 'it does not have the expected fields' };
  const { backend, wrappedKey } = parsed.data;
  return wrappedKey === null
    ? { state: 'temporary', backend }
    : { state: 'wrapped', backend, wrappedKey: Buffer.from(wrappedKey, 'base64') };
}

export function serializeKeyFile(backend: string | null, wrappedKey: Uint8Array | null): string {
  const file: KeyFile = {
    version: KEY_FILE_VERSION,
    backend,
    wrappedKey: wrappedKey === null ? null : Buffer.from(wrappedKey).toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A database key as it travels to core: 32 bytes, lower-case hex. */
export function isKeyHex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** Name an old key file is moved to, next to the cache core sets aside at the same start. */
export function setAsideFileName(fileName: string, at: Date): string {
  return `${fileName}.set-aside-${at.toISOString().replace(/[:.]/g, '-')}`;
}

export interface SecureStorageState {
  /** safeStorage.isAsyncEncryptionAvailable() */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; null on macOS and Windows. */
  backend: string | null;
}

/**
 * Why the OS key store cannot protect the key, or null when it can. Linux's 'basic_text' backend
 * encrypts with a password compiled into Chromium: that is obfuscation, not protection.
 */
export function secureStorageProblem({ encryptionAvailable, backend }: SecureStorageState): string | null {
  if (backend === 'basic_text') {
    return 'No OS keyring (GNOME Keyring / Secret Service or KWallet) is available in this desktop session, so the database key cannot be stored securely.';
  }
  if (backend === 'unknown')
    return 'The OS keyring of this desktop session could not be identified, so the database key cannot be stored securely.';
  if (!encryptionAvailable)
    return "The operating system's key store (Keychain, Credential Manager or keyring) is not available, so the database key cannot be stored securely.";
  return null;
}

export interface KeyActionInput extends SecureStorageState {
  fileState: KeyFileState['state'];
  /** Backend recorded in the key file, when there is one. */
  storedBackend?: string | null;
  /** Whether the stored key unwrapped to a valid key; null when that was not tried. */
  decryptOk: boolean | null;
}

export type KeyDecision =
  /** Unwrap and use the stored key; the cache opens as it is. */
  | { action: 'use-existing' }
  /** Make a key, wrap and store it; any existing cache is set aside (core does that) for freshCacheReason. */
  | { action: 'create-new'; freshCacheReason: string; setAsideKeyFile: boolean }
  /** Make a key held only for this run; record that in the key file; the cache starts empty. */
  | { action: 'temporary-key'; freshCacheReason: string; setAsideKeyFile: boolean };

const TEMPORARY_KEY_CONSEQUENCE =
  'This run uses a temporary key: the local cache starts empty and what it caches cannot be read after the console closes.';

/** When wrapping a new key fails after all, the run falls back to a temporary key and says why. */
export function wrapFailedReason(detail: string): string {
  return `The OS key store refused to store a new database key (${detail}). ${TEMPORARY_KEY_CONSEQUENCE}`;
}

export function decideKeyAction(input: KeyActionInput): KeyDecision {
  const problem = secureStorageProblem(input);
  if (problem !== null) {
    // A wrapped or damaged key file is kept (set aside), in case the key store comes back and it
    // still unlocks the cache that core sets aside now. A temporary marker holds nothing to keep.
    const keepOldFile = input.fileState === 'wrapped' || input.fileState === 'damaged';
    return {
      action: 'temporary-key',
      freshCacheReason: `${problem} ${TEMPORARY_KEY_CONSEQUENCE}${keepOldFile ? ' The previous key file was set aside with the old cache.' : ''}`,
      setAsideKeyFile: keepOldFile,
    };
  }
  switch (input.fileState) {
    case 'missing':
      // On a first start there is no cache, so core has nothing to set aside and shows nothing.
      return { action: 'create-new', freshCacheReason: `Its key file (${KEY_FILE_NAME}) is missing.`, setAsideKeyFile: false };
    case 'damaged':
      return { action: 'create-new', freshCacheReason: `Its key file (${KEY_FILE_NAME}) is damaged.`, setAsideKeyFile: true };
    case 'temporary':
      return {
        action: 'create-new',
        freshCacheReason: 'The previous run had no secure key store and used a temporary key that was not kept.',
        setAsideKeyFile: false,
      };
    case 'wrapped': {
      if (input.decryptOk === true) return { action: 'use-existing' };
      const { storedBackend, backend } = input;
      const why =
        storedBackend && backend && storedBackend !== backend
          ? `The key was stored with the ${storedBackend} keyring, but this session uses ${backend}, which cannot unlock it.`
          : 'The OS key store could not unlock the stored key (the keyring may have been reset, or this profile was copied from another user or computer).';
      return { action: 'create-new', freshCacheReason: `${why} The old key file was set aside with the old cache.`, setAsideKeyFile: true };
    }
  }
}
