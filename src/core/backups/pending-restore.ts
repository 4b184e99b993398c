import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';

/** Where the console's database waits to replace the live one at the next start. */
export function pendingRestorePaths(databasePath: string) {
  return { restored: `${databasePath}.restored`, marker: `${databasePath}.restore-pending` };
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
  unlinkSync(marker);
  return { from: typeof from === 'string' ? from : 'a backup', keptAt };
}
