// Recovery on a replacement workstation (issue 16): backups opened from a folder with their
// passphrase alone, every run of a job on record, and the job's key rotation.
import { z } from 'zod';
import { text } from './strings';

const timestamp = z.number().int();
const absolutePath = text()
  .trim()
  .min(1, 'Give a folder')
  .max(1000, 'At most 1,000 characters')
  .refine(
    (path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'),
    'Give the full path, e.g. /media/usb-backup or E:\\backups',
  );
const passphrase = text().min(1, 'Give the passphrase the backups were made with').max(1000);

/** A folder (a local disk, a removable drive, a share) and the passphrase its backups were made with. */
export const OpenFolderInput = z.object({ folder: absolutePath, passphrase }).strict();
export type OpenFolderInput = z.input<typeof OpenFolderInput>;

/** One backup file found in the folder, as its authenticated header and manifest describe it. */
export const FolderBackup = z.object({
  /** Its full path: what verifyFile and restoreFile take. */
  file: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  /** null when the file could not be opened (see `problem`). */
  backupId: z.string().nullable(),
  createdAt: timestamp.nullable(),
  keyId: z.string().nullable(),
  /** Whether it holds the console's database (it can replace this console's). */
  hasDatabase: z.boolean(),
  files: z.number().int().nullable(),
  sourceBytes: z.number().int().nullable(),
  /** The folders and files it holds at the top level, for a person choosing which backup to restore. */
  roots: z.array(z.string()),
  /** Why this file cannot be used with this passphrase (another passphrase, damaged, tampered with); null when it opened. */
  problem: z.string().nullable(),
});
export type FolderBackup = z.infer<typeof FolderBackup>;

export const FolderListing = z.object({
  folder: z.string(),
  /** Newest first; the files that could not be opened last, by name. */
  backups: z.array(FolderBackup),
});
export type FolderListing = z.infer<typeof FolderListing>;

export const FileWithPassphrase = z.object({ file: absolutePath, passphrase }).strict();

export const RestoreFileInput = z
  .object({
    file: absolutePath,
    passphrase,
    target: z.discriminatedUnion('kind', [
      /** Every file into a new, empty folder. */
      z.object({ kind: z.literal('folder'), path: absolutePath }).strict(),
      /** This console's database, at its next start, through the same checked pending-restore path as any database restore. */
      z.object({ kind: z.literal('database'), confirm: z.literal('RESTORE', { error: 'Type RESTORE to replace the database' }) }).strict(),
    ]),
  })
  .strict();
export type RestoreFileInput = z.input<typeof RestoreFileInput>;

/** 'test-restore': the weekly test restore of the job's latest database backup (no backup is made; issue 15's monthly review counts them). */
export const BackupRunTrigger = z.enum(['scheduled', 'manual', 'retry', 'test-restore']);
export const BackupRunOutcomeKind = z.enum(['good', 'failed', 'cancelled']);

/** One run of a job: kept like the audit log (never pruned), so a month of failures stays readable. */
export const BackupRun = z.object({
  id: z.string(),
  jobId: z.string(),
  /** The job's name when it ran. */
  jobName: z.string(),
  trigger: BackupRunTrigger,
  /** 1 for the first try of a slot, 2-4 for its retries. */
  attempt: z.number().int(),
  startedAt: timestamp,
  endedAt: timestamp,
  outcome: BackupRunOutcomeKind,
  /** Bytes stored, bytes read from the sources and files: null when no backup was made. */
  sizeBytes: z.number().int().nullable(),
  sourceBytes: z.number().int().nullable(),
  files: z.number().int().nullable(),
  backupId: z.string().nullable(),
  error: z.string().nullable(),
  /** When a failed scheduled run is tried again; null when it is not. */
  retryAt: timestamp.nullable(),
});
export type BackupRun = z.infer<typeof BackupRun>;

export const BackupRunsInput = z.object({ jobId: text().min(1).max(64) }).strict();
export const BackupRunHistory = z.object({
  /** Newest first: the latest runs, and at least the last 7 good and 3 failed ones however old. */
  runs: z.array(BackupRun),
});
export type BackupRunHistory = z.infer<typeof BackupRunHistory>;

/** A new passphrase keys the job's new backups; the old key stays with the job for the backups it made. */
export const RotateKeyInput = z
  .object({
    jobId: text().min(1).max(64),
    passphrase: text().min(12, 'At least 12 characters: it is all that protects the backups').max(1000),
  })
  .strict();
