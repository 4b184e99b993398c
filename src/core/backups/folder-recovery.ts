// "Open backups in a folder": on a replacement workstation the lost console's database (and its
// list of backups) is gone, so the folder and the passphrase are all there is. Every backup file
// is described from its own authenticated header and manifest; a file that does not open (another
// passphrase, damage, tampering) is listed with why, never fails the listing.
import type { FolderBackup, FolderListing } from '../../shared/contract';
import {
  ArchiveError,
  deriveBackupKey,
  listBackupFiles,
  readBackupManifest,
  WrongPassphraseError,
  type ArchiveHeader,
  type BackupKey,
} from './archive';

/** One scrypt per key the folder holds (a rotated job's backups have two), not one per file. */
function keyCache(passphrase: string) {
  const keys = new Map<string, Promise<BackupKey>>();
  return (header: ArchiveHeader): Promise<BackupKey> => {
    const { kdf } = header;
    const id = JSON.stringify([kdf.salt, kdf.N, kdf.r, kdf.p, kdf.keyLength]);
    let key = keys.get(id);
    if (!key) {
      key = deriveBackupKey(passphrase, kdf);
      keys.set(id, key);
    }
    return key;
  };
}

function problemOf(error: unknown): string {
  if (error instanceof WrongPassphraseError) return 'Made with another passphrase: this one does not open it.';
  if (error instanceof ArchiveError) return error.message;
  return `Could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

export async function openBackupFolder(folder: string, passphrase: string): Promise<FolderListing> {
  const keyFor = keyCache(passphrase);
  const listed: FolderBackup[] = [];
  for (const file of await listBackupFiles(folder)) {
    const unopened: FolderBackup = {
      file: file.file,
      fileName: file.name,
      sizeBytes: file.sizeBytes,
      backupId: file.header?.backupId ?? null,
      createdAt: file.header ? Date.parse(file.header.createdAt) : null,
      keyId: file.header?.keyId ?? null,
      hasDatabase: false,
      files: null,
      sourceBytes: null,
      roots: [],
      problem: file.problem,
    };
    if (!file.header) {
      listed.push(unopened);
      continue;
    }
    try {
      const key = await keyFor(file.header);
      if (key.keyId !== file.header.keyId) throw new WrongPassphraseError('');
      const manifest = await readBackupManifest(file.file, key);
      listed.push({
        ...unopened,
        hasDatabase: manifest.entries.some((entry) => entry.kind === 'database'),
        files: manifest.entries.length,
        sourceBytes: manifest.totals.bytes,
        roots: [...new Set(manifest.entries.map((entry) => entry.path.split('/')[0] ?? entry.path))].sort(),
        problem: null,
      });
    } catch (error) {
      listed.push({ ...unopened, problem: problemOf(error) });
    }
  }
  // Newest first, as a person looks for the latest good one; what did not open goes last.
  listed.sort((a, b) =>
    (a.problem === null) !== (b.problem === null)
      ? a.problem === null
        ? -1
        : 1
      : (b.createdAt ?? 0) - (a.createdAt ?? 0) || a.fileName.localeCompare(b.fileName),
  );
  return { folder, backups: listed };
}
