import { existsSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ANCHORS_FILE_NAME, AUDIT_ARCHIVE_FOLDER } from '../audit';
import type { FolderSource } from './archive';

/** The folder of a database backup that holds the console's audit archives and the anchors moved out of its log. */
export const CONSOLE_AUDIT_ROOT = 'console-audit';
/** What of the data folder belongs to the audit chain beside the database: a database restored without them reports its archives missing. */
const AUDIT_FILES = [AUDIT_ARCHIVE_FOLDER, ANCHORS_FILE_NAME] as const;

/** The data folder's audit archives and anchors file, as a source of a database backup. */
export function consoleAuditSource(dataDir: string): FolderSource {
  return { path: dataDir, name: CONSOLE_AUDIT_ROOT, include: [`${AUDIT_ARCHIVE_FOLDER}/*.wra`, ANCHORS_FILE_NAME] };
}

/** Where the console's database (and its audit archives, restored into `audit`) waits to replace the live one at the next start. */
export function pendingRestorePaths(databasePath: string) {
  return { restored: `${databasePath}.restored`, marker: `${databasePath}.restore-pending`, audit: `${databasePath}.restored-audit` };
}

/**
 * At start, before the database opens: a restored database waiting (with its marker) replaces the
 * live one, which is kept beside it with its WAL. Returns where the previous one went, or null.
 */
export function applyPendingRestore(databasePath: string, at: Date): { from: string; keptAt: string } | null {
  const { restored, marker } = pendingRestorePaths(databasePath);
  if (!existsSync(marker) || !existsSync(restored)) return null;
  const from = (JSON.parse(readFileSync(marker, 'utf8')) as { from?: unknown }).from;
  const keptAt = `${databasePath}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(`${databasePath}${suffix}`)) renameSync(`${databasePath}${suffix}`, `${keptAt}${suffix}`);
  renameSync(restored, databasePath);
  // The restored database's own archives and anchors replace the current ones, which are kept beside them.
  const waiting = join(pendingRestorePaths(databasePath).audit, CONSOLE_AUDIT_ROOT);
  if (existsSync(waiting)) {
    const dataDir = dirname(databasePath);
    const stamp = at.toISOString().replace(/[:.]/g, '-');
    for (const name of AUDIT_FILES) {
      if (!existsSync(join(waiting, name))) continue;
      if (existsSync(join(dataDir, name))) renameSync(join(dataDir, name), join(dataDir, `${name}.before-restore-${stamp}`));
      renameSync(join(waiting, name), join(dataDir, name));
    }
  }
  rmSync(pendingRestorePaths(databasePath).audit, { recursive: true, force: true });
  unlinkSync(marker);
  return { from: typeof from === 'string' ? from : 'a backup', keptAt };
}
