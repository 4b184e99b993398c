import { z } from 'zod';
import { text } from './strings';

const id = text().min(1).max(64);
const timestamp = z.number().int();
const absolutePath = text()
  .trim()
  .min(1, 'Give a folder')
  .max(1000, 'At most 1,000 characters')
  .refine(
    (path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'),
    'Give the full path of the folder, e.g. /mnt/backup or \\\\nas\\share',
  );
const glob = text().trim().min(1, 'An empty pattern matches nothing').max(300);

export const RetentionPolicy = z
  .object({
    keepLast: z.number().int().min(0).max(1000).default(3),
    daily: z.number().int().min(0).max(1000).default(7),
    weekly: z.number().int().min(0).max(1000).default(4),
    monthly: z.number().int().min(0).max(1000).default(12),
    yearly: z.number().int().min(0).max(100).default(7),
  })
  .strict()
  .refine((r) => r.keepLast + r.daily + r.weekly + r.monthly + r.yearly > 0, {
    message: 'A policy that keeps nothing would delete every backup',
    path: ['keepLast'],
  });
export type RetentionPolicy = z.output<typeof RetentionPolicy>;

export const BackupSource = z.discriminatedUnion('kind', [
  /** The console's own database, as one consistent snapshot taken while it runs. */
  z.object({ kind: z.literal('database') }).strict(),
  z
    .object({
      kind: z.literal('folder'),
      path: absolutePath,
      /** Globs relative to the folder (`**`, `*`, `?`); everything when empty. */
      include: z.array(glob).max(50).default([]),
      /** Globs that leave files out; an exclude wins over an include. */
      exclude: z.array(glob).max(50).default([]),
    })
    .strict(),
]);
export type BackupSource = z.output<typeof BackupSource>;

const jobFields = {
  name: text().trim().min(1, 'Give the job a name').max(120, 'At most 120 characters'),
  sources: z.array(BackupSource).min(1, 'Back up at least one source').max(20),
  /** A local disk, a removable drive or a mounted network share. */
  destination: absolutePath,
  /** A cron line in the console's time zone: `0 2 * * *` is every day at 02:00. */
  schedule: text().trim().min(1).max(120).default('0 2 * * *'),
  retention: RetentionPolicy.default({ keepLast: 3, daily: 7, weekly: 4, monthly: 12, yearly: 7 }),
  /** zstd level: 1 is fastest, 19 smallest; 3 is a good default for a database. */
  compressionLevel: z.number().int().min(1, 'At least 1').max(19, 'At most 19').default(3),
  /** "Backup overdue" fires when no good backup is this many hours old. */
  overdueAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 40)
    .default(26),
  /** A channel told of each run's outcome ("Backup Completed|Failed: <job>"); null tells nobody but the alert rules. */
  notify: z
    .object({
      channelId: text().min(1).max(64),
      onSuccess: z.boolean().default(true),
      onFailure: z.boolean().default(true),
    })
    .strict()
    .nullable()
    .default(null),
  /** Days after which the admin is reminded to give the job a new passphrase; 0 never reminds. */
  keyRotationDays: z.number().int().min(0, 'At least 0 (never)').max(3650, 'At most 10 years').default(90),
};

export const BackupJobInput = z
  .object({
    ...jobFields,
    /** Asked once per job; the key derived from it is kept in the encrypted database, never the passphrase. */
    passphrase: text().min(12, 'At least 12 characters: it is all that protects the backups').max(1000),
  })
  .strict();
export type BackupJobInput = z.input<typeof BackupJobInput>;

/** A change keeps the key unless a new passphrase is given (new backups then use the new key). */
export const BackupJobUpdate = z
  .object({ id, job: z.object({ ...jobFields, passphrase: text().min(12, 'At least 12 characters').max(1000).optional() }).strict() })
  .strict();

export const BackupVerifyState = z.enum(['good', 'failed', 'unverified']);
export type BackupVerifyState = z.infer<typeof BackupVerifyState>;

export const BackupRunOutcome = z.object({
  at: timestamp,
  ok: z.boolean(),
  /** What happened, in words: "12.4 GiB in 3 min, verified", or the error and what to do. */
  detail: z.string(),
});

export const BackupJob = z.object({
  id,
  ...jobFields,
  retention: RetentionPolicy,
  compressionLevel: z.number().int(),
  overdueAfterHours: z.number().int(),
  schedule: z.string(),
  /** Names the key backups are encrypted with; a backup with another key id needs its own passphrase. */
  keyId: z.string(),
  /** Keys a passphrase change retired, still held so older backups verify and restore without asking. */
  retiredKeyIds: z.array(text()),
  notify: z.object({ channelId: z.string(), onSuccess: z.boolean(), onFailure: z.boolean() }).nullable(),
  keyRotationDays: z.number().int(),
  /** When the current key was set (the job's creation, or its last rotation). */
  keySetAt: timestamp,
  /** When the key rotation reminder is (or was) due; null when the job never reminds. */
  keyRotationDueAt: timestamp.nullable(),
  /** A failed scheduled run is tried again at this time (after 5, 15 and 45 minutes); null when none waits. */
  retryAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  nextRunAt: timestamp.nullable(),
  lastRun: BackupRunOutcome.nullable(),
  lastGoodAt: timestamp.nullable(),
});
export type BackupJob = z.infer<typeof BackupJob>;

export const BackupRecord = z.object({
  id,
  jobId: z.string().nullable(),
  fileName: z.string(),
  path: z.string(),
  createdAt: timestamp,
  /** Why it was taken: on schedule, by hand, or as the safety copy before a database restore. */
  kind: z.enum(['scheduled', 'manual', 'safety']),
  sizeBytes: z.number().int(),
  sourceBytes: z.number().int(),
  files: z.number().int(),
  /** Source bytes per stored byte. */
  compressionRatio: z.number(),
  keyId: z.string(),
  verify: BackupVerifyState,
  verifiedAt: timestamp.nullable(),
  verifyDetail: z.string().nullable(),
});
export type BackupRecord = z.infer<typeof BackupRecord>;

export const BackupTaskKind = z.enum(['backup', 'verify', 'restore', 'test-restore']);
/** A running backup, verification or restore, as the progress bar shows it. */
export const BackupTask = z.object({
  taskId: id,
  kind: BackupTaskKind,
  jobId: z.string().nullable(),
  backupId: z.string().nullable(),
  label: z.string(),
  phase: z.string(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  rateBytesPerSec: z.number(),
  etaSeconds: z.number().nullable(),
  currentFile: z.string().nullable(),
  startedAt: timestamp,
});
export type BackupTask = z.infer<typeof BackupTask>;

export const BackupsOverview = z.object({ jobs: z.array(BackupJob), running: z.array(BackupTask) });

export const JobIdInput = z.object({ jobId: id }).strict();
export const BackupIdInput = z.object({ backupId: id }).strict();
export const TaskIdInput = z.object({ taskId: id }).strict();
export const RetentionPreviewInput = z.object({ jobId: id, retention: RetentionPolicy.optional() }).strict();
export const RetentionPreview = z.object({
  keep: z.array(z.object({ backupId: z.string(), createdAt: timestamp, fileName: z.string(), reasons: z.array(z.string()) })),
  remove: z.array(z.object({ backupId: z.string(), createdAt: timestamp, fileName: z.string(), why: z.string() })),
});
export type RetentionPreview = z.infer<typeof RetentionPreview>;

export const BackupFilesInput = z.object({ backupId: id }).strict();
export const BackupFileEntry = z.object({ path: z.string(), kind: z.enum(['database', 'file']), size: z.number().int() });

export const RestoreInput = z
  .object({
    backupId: id,
    /** Only for a backup made with another key than its job's (e.g. from a lost workstation). */
    passphrase: text().max(1000).optional(),
    target: z.discriminatedUnion('kind', [
      /** Files (all, or the paths chosen) into a new, empty folder. */
      z.object({ kind: z.literal('folder'), path: absolutePath, only: z.array(text().min(1)).max(10_000).optional() }).strict(),
      /** The console's database, in place: a safety backup first, the restored copy checked before it replaces the current one. */
      z.object({ kind: z.literal('database'), confirm: z.literal('RESTORE', { error: 'Type RESTORE to replace the database' }) }).strict(),
    ]),
  })
  .strict();
export type RestoreInput = z.input<typeof RestoreInput>;

/** A job or its backups changed; `ended` when a task finished, with what happened in words. */
export const BackupsChanged = z.object({
  jobId: z.string().nullable(),
  ended: z.object({ taskId: z.string(), kind: BackupTaskKind, label: z.string(), ok: z.boolean(), detail: z.string() }).nullable(),
});
export type BackupsChanged = z.infer<typeof BackupsChanged>;
