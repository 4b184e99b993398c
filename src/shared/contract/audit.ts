import { z } from 'zod';
import { text } from './strings';

export const AuditResult = z.enum(['ok', 'error']);

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  result: AuditResult,
  /** For a failed command: the error code and message. */
  detail: z.string().nullable(),
  /** The person's display name and seat when it happened; null in entries written before the log named people, and for core's own entries. */
  actorName: z.string().nullable(),
  seat: z.string().nullable(),
  /** The supervisor who authorized this one command at the seat (step-up). */
  authorizedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** When the person gave the command at their seat, for a command a seat forwarded to the hub (`at` is when the hub applied it). */
  issuedAt: z.number().int().optional(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const timestamp = z.number().int().nonnegative();

export const AuditListInput = z
  .object({
    actor: text().max(200).optional(),
    action: text().max(200).optional(),
    target: text().max(500).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
    /** Page boundary: only entries with seq below this one (newest first). */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  });
export type AuditListInput = z.input<typeof AuditListInput>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as beforeSeq to read the next (older) page; null when there is none. */
  nextBeforeSeq: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** How many problems a verification lists; the count covers them all. */
export const AUDIT_PROBLEMS_SHOWN = 20;

export const AuditProblemKind = z.enum([
  /** The entry's hash does not match its content. */
  'changed',
  /** Entries were deleted from the middle or the start. */
  'missing',
  /** The entry does not chain from the one before it. */
  'unchained',
  /** Hashed without the chain key where the chain is keyed. */
  'unkeyed',
  /** An anchor (log or backup) recorded a head the database no longer has. */
  'anchor',
  /** Issue 15, retention: an archive of pruned entries is missing or failed authentication. */
  'archive',
]);
export type AuditProblemKind = z.infer<typeof AuditProblemKind>;

export const AuditProblem = z
  .object({
    seq: z.number().int().nonnegative(),
    kind: AuditProblemKind,
    reason: text(),
  })
  .strict();
export type AuditProblem = z.infer<typeof AuditProblem>;

export const AuditAnchor = z
  .object({
    source: z.enum(['log', 'backup']),
    /** The log file or the backup file that holds it. */
    where: text(),
    at: z.number().int(),
    seq: z.number().int().nonnegative(),
    hash: text(),
  })
  .strict();
export type AuditAnchor = z.infer<typeof AuditAnchor>;

export const AuditVerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().nonnegative(),
    /** The newest entry; null for an empty log. */
    head: z.object({ seq: z.number().int().positive(), hash: text() }).strict().nullable(),
    /** Every problem found (a run of deleted entries counts each entry). */
    problemCount: z.number().int().nonnegative(),
    /** The first problems, in the order they were found. */
    problems: z.array(AuditProblem).max(AUDIT_PROBLEMS_SHOWN),
    /** The newest anchor compared with the chain; null when there was none to compare. */
    newestAnchor: AuditAnchor.nullable(),
    anchorsChecked: z.number().int().nonnegative(),
    /** Anchors that could not be read (a backup folder not connected), in words. */
    notes: z.array(text()),
  })
  .strict();
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
