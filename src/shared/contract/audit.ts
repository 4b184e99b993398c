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

export const AuditVerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), checked: z.number().int() }),
  z.object({
    ok: z.literal(false),
    checked: z.number().int(),
    firstBrokenSeq: z.number().int(),
    reason: z.string(),
  }),
]);
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
