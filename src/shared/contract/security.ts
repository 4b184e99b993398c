import { z } from 'zod';
import { Severity } from './alerts';

/** What the Security page lists: the audit log's entries that matter to a supervisor watching the console's own security. */
export const SecurityEventType = z.enum([
  'failed-sign-in',
  'lockout',
  'unlock',
  'refused-command',
  'role-change',
  'site-change',
  'new-seat',
  'unusual-hour',
  'audit-read',
  'two-factor',
  'session-ended',
]);
export type SecurityEventType = z.infer<typeof SecurityEventType>;

/** The periods the page offers, in hours; the first is the default. */
export const SECURITY_PERIODS_HOURS = [24, 1, 168, 720] as const;
/** How many events one summary lists (the counts cover them all). */
export const SECURITY_EVENTS_SHOWN = 500;

export const SecuritySummaryInput = z
  .object({
    /** The period ends now and reaches back this many hours. */
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24),
  })
  .strict()
  .optional();
export type SecuritySummaryInput = z.input<typeof SecuritySummaryInput>;

export const SecurityEvent = z.object({
  /** The audit entry it was read from: the page links to it. */
  seq: z.number().int(),
  at: z.number().int(),
  type: SecurityEventType,
  severity: Severity,
  /** Who acted, as named then; null for a sign-in nobody finished (a failure) or core's own entries. */
  person: z.string().nullable(),
  seat: z.string().nullable(),
  /** Where a sign-in came from: the browser's address, else the seat. */
  source: z.string().nullable(),
  /** The username as typed (failures, lockouts) or of the person the event is about. */
  username: z.string().nullable(),
  /** The audit action (the contract method) it was read from. */
  action: z.string(),
  sentence: z.string(),
});
export type SecurityEvent = z.infer<typeof SecurityEvent>;

const Count = <K extends z.ZodType>(key: K) => z.object({ key, count: z.number().int().nonnegative() });

export const SecuritySummary = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Newest first, at most SECURITY_EVENTS_SHOWN. */
  events: z.array(SecurityEvent),
  /** Every event of the period, including any beyond the list. */
  total: z.number().int().nonnegative(),
  byType: z.array(Count(SecurityEventType)),
  bySeverity: z.array(Count(Severity)),
  /** Failed sign-ins by source (address or seat) and by username as typed, most first (at most 5 each). */
  topFailureSources: z.array(Count(z.string())),
  topFailureUsernames: z.array(Count(z.string())),
  /** Failed sign-ins per hour of the period, oldest first; `key` is the hour's start. */
  failuresPerHour: z.array(Count(z.number().int())),
});
export type SecuritySummary = z.infer<typeof SecuritySummary>;
