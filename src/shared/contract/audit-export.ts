// Issue 15, audit export: a period of the audit log as a file anyone can check, and the check of
// such a file in the console.
import { z } from 'zod';
import { text } from './strings';

const timestamp = z.number().int().nonnegative();

/** The most entries one export holds; a longer period is exported in parts. */
export const AUDIT_EXPORT_MAX_ENTRIES = 100_000;

export const AuditExportFormat = z.enum(['csv', 'jsonl']);
export type AuditExportFormat = z.infer<typeof AuditExportFormat>;

/** The period: from the log's start when `from` is left out, to now when `to` is. */
export const AuditExportInput = z
  .object({ from: timestamp.optional(), to: timestamp.optional(), format: AuditExportFormat })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  });
export type AuditExportInput = z.input<typeof AuditExportInput>;

export const AuditExportFile = z
  .object({
    fileName: text(),
    format: AuditExportFormat,
    /** The file's whole text. */
    text: z.string(),
    entries: z.number().int().nonnegative(),
    /** The first and last entry exported; null when the period holds none. */
    firstSeq: z.number().int().positive().nullable(),
    lastSeq: z.number().int().positive().nullable(),
  })
  .strict();
export type AuditExportFile = z.infer<typeof AuditExportFile>;

export const AuditExportCheckInput = z.object({ fileName: text().max(200), text: text().min(1, 'The file is empty') }).strict();
export type AuditExportCheckInput = z.input<typeof AuditExportCheckInput>;

export const AuditExportProblem = z
  .object({
    seq: z.number().int().nonnegative().nullable(),
    line: z.number().int().positive().nullable(),
    kind: z.enum(['changed', 'missing', 'unchained', 'unreadable']),
    reason: text(),
  })
  .strict();
export type AuditExportProblem = z.infer<typeof AuditExportProblem>;

export const AuditExportCheck = z
  .object({
    ok: z.boolean(),
    format: AuditExportFormat,
    /** The period the file says it holds; null when it has no readable anchor. */
    from: timestamp.nullable(),
    to: timestamp.nullable(),
    entries: z.number().int().nonnegative(),
    firstSeq: z.number().int().nullable(),
    lastSeq: z.number().int().nullable(),
    /** Entries also compared with this console's own (those it still holds). */
    comparedWithConsole: z.number().int().nonnegative(),
    problemCount: z.number().int().nonnegative(),
    problems: z.array(AuditExportProblem),
  })
  .strict();
export type AuditExportCheck = z.infer<typeof AuditExportCheck>;
