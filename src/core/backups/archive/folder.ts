// Backup files in a destination folder: their names, the listing (complete backups only), the
// leftovers of interrupted runs, and the directory fsync that makes a rename durable.
import { open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveInputError, damaged, errorCode, folderError } from './errors';
import { ARCHIVE_EXTENSION, decodeHeader, MAX_HEADER_BYTES, type ArchiveHeader } from './format';

export const PARTIAL_SUFFIX = '.partial';
/** The file an interrupted run was writing. */
const PARTIAL_NAME = /\.wrbk\.partial$/;

export function backupFileName(label: string, createdAt: Date, backupId: string): string {
  const slug =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'watchroom';
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${slug}-${stamp}-${backupId.slice(0, 8)}${ARCHIVE_EXTENSION}`;
}

export interface BackupHeaderInfo {
  readonly file: string;
  readonly header: ArchiveHeader;
  /** The header exactly as stored; every frame's associated data covers its digest. */
  readonly headerBytes: Buffer;
  readonly sizeBytes: number;
}

/** Reads and checks the plaintext header. Needs no key: it holds nothing secret. */
export async function readHeaderFrom(handle: FileHandle, file: string): Promise<BackupHeaderInfo> {
  const { size } = await handle.stat();
  const start = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
  await handle.read(start, 0, start.length, 0);
  const decoded = decodeHeader(start);
  if (!decoded.ok && decoded.problem === 'unsupported')
    throw new ArchiveInputError(`Backup ${file} cannot be read here: ${decoded.reason}. Update Watchroom to read it.`, { file });
  if (!decoded.ok) throw damaged(file, decoded.reason);
  return { file, header: decoded.header, headerBytes: decoded.bytes, sizeBytes: size };
}

export async function readBackupHeader(file: string): Promise<BackupHeaderInfo> {
  const handle = await open(file, 'r');
  try {
    return await readHeaderFrom(handle, file);
  } finally {
    await handle.close();
  }
}

export interface ListedBackup {
  file: string;
  name: string;
  sizeBytes: number;
  /** null when the header cannot be read: the file is listed so that it can be reported. */
  header: ArchiveHeader | null;
  problem: string | null;
}

/**
 * The backups in a folder, oldest name first. Only complete files carry the backup extension (a
 * run writes under a ".partial" name and renames at the very end), so partial files never list.
 */
export async function listBackupFiles(folder: string): Promise<ListedBackup[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw folderError('backup folder', folder, error);
  }
  const listed: ListedBackup[] = [];
  for (const name of names.filter((entry) => entry.endsWith(ARCHIVE_EXTENSION)).sort()) {
    const file = join(folder, name);
    try {
      const info = await readBackupHeader(file);
      listed.push({ file, name, sizeBytes: info.sizeBytes, header: info.header, problem: null });
    } catch (error) {
      if (errorCode(error) === 'EISDIR') continue;
      const size = await stat(file).then(
        (s) => s.size,
        () => 0,
      );
      listed.push({ file, name, sizeBytes: size, header: null, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return listed;
}

/**
 * Deletes what interrupted runs left behind. Call it only while no run writes to this folder (the
 * backup service's per-destination lock): a live run's partial file looks the same as a dead one's.
 */
export async function removeStalePartials(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw folderError('backup folder', folder, error);
  }
  const removed: string[] = [];
  for (const name of names.filter((entry) => PARTIAL_NAME.test(entry))) {
    try {
      await unlink(join(folder, name));
      removed.push(name);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw folderError('backup folder', folder, error);
    }
  }
  return removed;
}

/** Removes a file if it is there; used on every failure path, so it never throws. */
export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Makes a rename in `folder` durable. Some systems and network shares cannot fsync a directory;
 * there the rename is as durable as the system makes it, which is all that can be done.
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EBADF', 'EACCES'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}
