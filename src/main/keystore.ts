/**
 * The database key: 32 random bytes, wrapped by the OS key store through safeStorage's async API
 * and kept wrapped in userData/db-key.json. Every decision lives in keystore-policy.ts; this file
 * only reads, unwraps, wraps and writes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import {
  decideKeyAction,
  isKeyHex,
  KEY_FILE_NAME,
  parseKeyFile,
  secureStorageProblem,
  serializeKeyFile,
  setAsideFileName,
  wrapFailedReason,
  type SecureStorageState,
} from './keystore-policy';

export interface DatabaseKey {
  keyHex: string;
  /** Non-null when core must set the old cache aside and start a fresh one, saying why. */
  freshCacheReason: string | null;
  /** False when the key lives only in this run's memory. */
  persisted: boolean;
}

async function readKeyFileText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Written under a temporary name and renamed, so a crash never leaves half a key file. */
async function writeKeyFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}

async function unwrap(wrappedKey: Buffer): Promise<{ keyHex: string; shouldReEncrypt: boolean } | null> {
  try {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(wrappedKey);
    return isKeyHex(result) ? { keyHex: result, shouldReEncrypt } : null;
  } catch {
    return null;
  }
}

/** Call after app 'ready' (the Linux backend is only known then). */
export async function loadDatabaseKey(userDataDir: string, now: Date): Promise<DatabaseKey> {
  await mkdir(userDataDir, { recursive: true, mode: 0o700 });
  const path = join(userDataDir, KEY_FILE_NAME);
  const file = parseKeyFile(await readKeyFileText(path));
  const storage: SecureStorageState = {
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
    backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  };
  // Unwrapping is only tried with a key store that protects anything; basic_text's answer is not trusted.
  const tryUnwrap = file.state === 'wrapped' && secureStorageProblem(storage) === null;
  const unwrapped = tryUnwrap ? await unwrap(file.wrappedKey) : null;
  const decision = decideKeyAction({
    ...storage,
    fileState: file.state,
    storedBackend: file.state === 'wrapped' || file.state === 'temporary' ? file.backend : null,
    decryptOk: tryUnwrap ? unwrapped !== null : null,
  });

  if (decision.action === 'use-existing') {
    if (!unwrapped) throw new Error('keystore: decided to use a key that did not unwrap');
    // The key store rotated its own key: store the wrap it prefers now. If that fails the old
    // wrap still works, so the start goes on.
    if (unwrapped.shouldReEncrypt) {
      try {
        await writeKeyFile(path, serializeKeyFile(storage.backend, await safeStorage.encryptStringAsync(unwrapped.keyHex)));
      } catch (error) {
        console.warn('watchroom: could not re-wrap the database key', error);
      }
    }
    return { keyHex: unwrapped.keyHex, freshCacheReason: null, persisted: true };
  }

  if (decision.setAsideKeyFile) await rename(path, join(userDataDir, setAsideFileName(KEY_FILE_NAME, now)));
  const keyHex = randomBytes(32).toString('hex');

  if (decision.action === 'create-new') {
    try {
      const wrapped = await safeStorage.encryptStringAsync(keyHex);
      // Stored before core ever sees the key, so no cache exists under a key that was not kept.
      await writeKeyFile(path, serializeKeyFile(storage.backend, wrapped));
      return { keyHex, freshCacheReason: decision.freshCacheReason, persisted: true };
    } catch (error) {
      await writeKeyFile(path, serializeKeyFile(storage.backend, null));
      return { keyHex, freshCacheReason: wrapFailedReason(error instanceof Error ? error.message : String(error)), persisted: false };
    }
  }

  await writeKeyFile(path, serializeKeyFile(storage.backend, null));
  return { keyHex, freshCacheReason: decision.freshCacheReason, persisted: false };
}
