/**
 * The backup archive: one file per backup, encrypted, compressed, authenticated, restorable on
 * another machine with the passphrase alone. Jobs, schedules, locks and retention build on this.
 *
 * File layout (all integers big-endian):
 *
 *   "WRBACKUP" | u32 n | header JSON (n bytes) | SHA-256 of the header JSON
 *   data frames ...                 one per chunk of one entry, entries one after another
 *   manifest frames ...             the manifest JSON in chunks; the last has its own frame kind
 *   "WRBKEND1" | u64 manifest offset | u64 manifest length          (trailer, 24 bytes)
 *
 *   frame = u32 ciphertext length | 12-byte random nonce | AES-256-GCM ciphertext | 16-byte tag
 *   frame plaintext = codec byte (0 stored, 1 zstd, 2 gzip) | the chunk in that codec (zstd frames
 *   carry their content checksum from this version on; older ones do not, and read the same)
 *   frame AAD = SHA-256(header bytes) | frame kind (0 data, 1 manifest, 2 last manifest) | u32 index
 *
 * The header (plaintext: format version, backup id, creation time, chunk size, cipher, scrypt
 * parameters with salt, key id) lets a reader derive the key and refuse a wrong passphrase by key id
 * before reading any frame. Its checksum only catches accidental damage; its authentication comes
 * from the AAD, which binds every frame to the header bytes (so to the backup id), to its kind and
 * to its index. Altering the header, moving or swapping frames, mixing frames of two backups or
 * cutting the manifest short therefore fails authentication. The manifest lists every entry's path,
 * kind (database | file), size, mtime, SHA-256 of its plaintext and the frames and bytes holding it,
 * plus totals, the compression used and the paths skipped. The trailer is not authenticated; it
 * only points at the manifest, which is.
 *
 * Keys: scrypt (N=2^15, r=8, p=1: 32 MiB, maxmem capped at 64 MiB) turns the passphrase into a
 * 32-byte key; key id = first 16 hex of SHA-256(HMAC-SHA256(key, label)). Frames use a per-backup
 * subkey, HKDF-SHA256(key, salt = backup id), so random nonces never pile up under one key.
 *
 * Writing goes to "<name>.wrbk.partial" in the destination, streaming one chunk (1 MiB) at a time,
 * then fsync, rename to "<name>.wrbk", fsync of the folder. Only complete files carry the .wrbk
 * name, so listing never shows a partial one and a crash (even kill -9) leaves at most a
 * ".partial" leftover for removeStalePartials; earlier backups are never opened for writing.
 *
 * The console's database, online and without plaintext on disk (and without any copy on disk):
 *   1. The worker opens the live database with its key (as core/db does), runs a TRUNCATE
 *      checkpoint and starts a read transaction; if the WAL is still empty once the transaction
 *      has begun, the transaction reads the database file alone, and SQLite lets no checkpoint
 *      write to the file while it lives. The console keeps committing (into the WAL). So the file's
 *      pages are a consistent snapshot until the transaction ends (otherwise it tries again). This
 *      replaces VACUUM INTO (whose target sqlite3mc does encrypt with the live key, but which costs
 *      a full rebuild and a database-sized scratch file) and the online backup API (which restarts
 *      whenever another connection writes, and the console writes probe results every 250 ms).
 *   2. The file's SQLCipher 4 pages are read, HMAC-checked and decrypted here, in memory, a chunk
 *      at a time (sqlcipher-pages.ts), and archived as the plain page image inside the encrypted
 *      frames, each page's cipher reserve zeroed. Compressing plaintext pages is what makes the
 *      database shrink (about 3x); encrypted pages would not compress at all. While the snapshot
 *      is still held, quick_check runs on it (a second connection in the same snapshot); a damaged
 *      database fails the backup, and a pass is recorded in the manifest (`databaseCheck`).
 *   3. The backup holds no database key. A restore encrypts the pages again, in memory, with the
 *      key the caller gives (a fresh salt, new IVs and HMACs) and writes them direct to a ".partial"
 *      file beside the target. Before it is renamed into place, the file is read back direct and
 *      compared with what was written (length and CRC-32), and the schema is read with sqlite3mc's
 *      own HMAC check on (as the console will open it). When the manifest records the source's
 *      check, a sample of the written pages' HMACs is checked in JS; otherwise quick_check runs over
 *      every b-tree (integrity_check, which also matches every index against its table, for the
 *      weekly test restore) with that slower HMAC check off (checkDatabaseFile in
 *      database-snapshot.ts says why).
 *   The WAL must be on (core/db turns it on); without it the read transaction still freezes the
 *   file, but holds the console's writers back while the database is read.
 *   The only SQL of this module (checkpoint, read transactions, quick/integrity check) is in
 *   database-snapshot.ts.
 *
 * Restore writes chosen entries (or all) into a hidden staging folder inside a new or empty target
 * folder and moves them into place only when every frame of every one has authenticated (so every
 * byte is the backup's, in its place) and each has the size its manifest gives; any failure or
 * cancel removes everything it wrote. Restored files are fsynced before they are moved into place.
 * Verification also recomputes each entry's SHA-256: an end-to-end check of the program itself
 * (read, compress, decompress), run on every stored backup, which a restore need not repeat.
 * zstd frames carry zstd's own content checksum, checked as they are decompressed.
 *
 * Every long operation takes an AbortSignal and reports progress at most ~10 times a second.
 * runInWorker runs one in a fresh worker thread (dist/core/archive-worker.mjs when bundled; the .ts
 * entry through tsx when run from source), so the thread that serves the UI stays responsive.
 */
export { createBackup, databaseEntryPath, type BackupResult, type CreateBackupOptions, type DatabaseSource } from './write-backup';
export { readBackupManifest, verifyBackup, type VerifyOptions, type VerifyResult } from './read-backup';
export {
  restoreBackup,
  restoreDatabase,
  type RestoreDatabaseOptions,
  type RestoreDatabaseResult,
  type RestoredEntry,
  type RestoreOptions,
  type RestoreResult,
} from './restore';
export type { RestoredDatabaseCheck } from './database-snapshot';
export { DEFAULT_SCRYPT_COST, deriveBackupKey, deriveBackupKeySync, openBackupKey, type BackupKey, type BackupKeyParams } from './keys';
export { listBackupFiles, readBackupHeader, removeStalePartials, type BackupHeaderInfo, type ListedBackup } from './folder';
export { runInWorker, type WorkerControl } from './worker';
export type { ArchiveOperation, ArchiveOperations } from './worker-protocol';
export { createPathFilter, matchesGlob, type PathFilter, type PathFilterPatterns } from './glob';
export type { FolderSource } from './sources';
export type { OperationPhase, OperationProgress, ProgressListener } from './progress';
export {
  ARCHIVE_EXTENSION,
  type ArchiveHeader,
  type AuditHead,
  type EntryKind,
  KdfParams,
  type Manifest,
  type ManifestEntry,
  type SkippedPath,
} from './format';
export {
  ArchiveError,
  ArchiveInputError,
  BackupDamagedError,
  DatabaseDamagedError,
  FolderError,
  OperationCancelledError,
  SourceError,
  throwIfCancelled,
  WrongPassphraseError,
  type ArchiveErrorDetails,
  type FolderProblem,
} from './errors';
