import { existsSync, renameSync } from 'node:fs';
import { DamagedDatabaseError, openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './open';

const COMPANION_SUFFIXES = ['', '-wal', '-shm', '.keyid'];

export interface SetAside {
  reason: 'damaged' | 'key-unavailable';
  /** Where the old file now lives, so an admin can hand it to support or restore from it. */
  movedTo: string;
  detail: string;
}

export interface OpenedLocalCache {
  opened: OpenedDatabase;
  setAside: SetAside | null;
}

/** Renames the database and its WAL, shared-memory and key-id files out of the way, keeping them. */
export function moveDatabaseAside(path: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${path}.set-aside-${stamp}`;
  for (const suffix of COMPANION_SUFFIXES) {
    if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
  }
  return movedTo;
}

/**
 * Opens the console's local cache. The cache can be rebuilt from the backend and backups, so a
 * damaged file, or one whose key the OS key store no longer returns, is set aside (never deleted)
 * and a fresh cache is started; the caller records and shows what happened. A wrong key is not
 * damage: that error goes to the caller untouched, and so does the file.
 */
export function openLocalCache(
  path: string,
  key: Buffer,
  now: Date,
  options: OpenDatabaseOptions & { keyUnavailableReason?: string | null } = {},
): OpenedLocalCache {
  if (options.keyUnavailableReason && existsSync(path)) {
    const movedTo = moveDatabaseAside(path, now);
    return {
      opened: openDatabase(path, key, options),
      setAside: { reason: 'key-unavailable', movedTo, detail: options.keyUnavailableReason },
    };
  }
  try {
    return { opened: openDatabase(path, key, options), setAside: null };
  } catch (error) {
    if (!(error instanceof DamagedDatabaseError)) throw error;
    const movedTo = moveDatabaseAside(path, now);
    return { opened: openDatabase(path, key, options), setAside: { reason: 'damaged', movedTo, detail: error.message } };
  }
}
