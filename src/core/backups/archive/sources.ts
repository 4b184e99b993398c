// Walks the source folders once before the backup starts, so the total is known for the progress
// bar and a missing folder is reported before anything is written.
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ArchiveInputError, errorCode, SourceError, throwIfCancelled } from './errors';
import type { SkippedPath } from './format';
import { createPathFilter, type PathFilterPatterns } from './glob';

export interface FolderSource extends PathFilterPatterns {
  path: string;
  /** The top-level folder its files get inside the backup; the folder's own name by default. */
  name?: string;
}

export interface PlannedFile {
  /** Path inside the backup: the source's name, then the path relative to the source folder. */
  archivePath: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
  /** Permission bits only: setuid, setgid and sticky are not carried into a restore folder. */
  mode: number;
}

export interface SourcePlan {
  files: PlannedFile[];
  skipped: SkippedPath[];
  totalBytes: number;
}

const SAFE_NAME = /^[^/\\\0]+$/;

function sourceName(source: FolderSource): string {
  const name = source.name ?? basename(resolve(source.path));
  if (!SAFE_NAME.test(name) || name === '.' || name === '..')
    throw new ArchiveInputError(`"${name}" cannot name a source folder inside a backup.`);
  return name;
}

/**
 * Lists the files to back up. Symbolic links are not followed (they could lead outside the source
 * or in circles) and are reported as skipped, as are sockets and devices. `skipFolders` keeps the
 * walk out of the destination, should it lie inside a source.
 */
export async function planFolderSources(
  sources: readonly FolderSource[],
  reservedPaths: ReadonlySet<string>,
  skipFolders: readonly string[],
  signal?: AbortSignal,
): Promise<SourcePlan> {
  const plan: SourcePlan = { files: [], skipped: [], totalBytes: 0 };
  const seen = new Set(reservedPaths);
  const skipReal = new Set(await Promise.all(skipFolders.map((folder) => realpath(folder).catch(() => resolve(folder)))));
  for (const source of sources) {
    const root = resolve(source.path);
    const name = sourceName(source);
    const filter = createPathFilter(source);
    try {
      if (!(await lstat(root)).isDirectory()) throw new SourceError(`The source ${root} is not a folder.`, { folder: root });
    } catch (error) {
      if (error instanceof SourceError) throw error;
      throw new SourceError(
        `The source folder ${root} cannot be read (${errorCode(error) === 'ENOENT' ? 'it does not exist' : String(errorCode(error) ?? error)}). Check the job's sources.`,
        {
          folder: root,
        },
      );
    }
    const walk = async (folder: string, relative: string): Promise<void> => {
      throwIfCancelled(signal);
      if (skipReal.has(await realpath(folder).catch(() => folder))) return;
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        plan.skipped.push({ path: `${name}/${relative}`, reason: `folder not readable (${errorCode(error) ?? 'error'})` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        // Per entry, not per folder: one folder may hold hundreds of thousands of files.
        throwIfCancelled(signal);
        const relativePath = relative === '' ? entry.name : `${relative}/${entry.name}`;
        const archivePath = `${name}/${relativePath}`;
        const absolutePath = join(folder, entry.name);
        const wanted = entry.isDirectory() ? filter.entersFolder(relativePath) : filter.includesFile(relativePath);
        if (!wanted) continue;
        // Legal on Linux, but a folder separator on Windows: it could not be restored safely there.
        if (entry.name.includes('\\')) {
          plan.skipped.push({ path: archivePath, reason: 'name contains a backslash' });
        } else if (entry.isDirectory()) {
          await walk(absolutePath, relativePath);
        } else if (!entry.isFile()) {
          plan.skipped.push({ path: archivePath, reason: entry.isSymbolicLink() ? 'symbolic link (not followed)' : 'not a regular file' });
        } else if (seen.has(archivePath)) {
          throw new ArchiveInputError(
            `Two sources would both store "${archivePath}" in the backup; give the source folders different names.`,
          );
        } else {
          try {
            const info = await lstat(absolutePath);
            seen.add(archivePath);
            plan.files.push({ archivePath, absolutePath, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode & 0o777 });
            plan.totalBytes += info.size;
          } catch (error) {
            plan.skipped.push({ path: archivePath, reason: `not readable (${errorCode(error) ?? 'error'})` });
          }
        }
      }
    };
    await walk(root, '');
  }
  return plan;
}
