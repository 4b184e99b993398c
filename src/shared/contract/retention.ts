import { z } from 'zod';
import { text } from './strings';

/** Issue 15, retention: every kind of data the console keeps, each under one policy. */
export const RetentionKind = z.enum([
  'raw-results',
  'minute-rollups',
  'hour-rollups',
  'day-rollups',
  'status-changes',
  'alerts',
  'incidents',
  'audit-log',
  'security-events',
  'log-file',
]);
export type RetentionKind = z.infer<typeof RetentionKind>;

export const RetentionKindState = z
  .object({
    kind: RetentionKind,
    label: text(),
    /** How long it is kept; edited through settings.set (an admin's). */
    keepDays: z.number().int().positive(),
    /** The setting that holds the policy, so the page edits the right one. */
    setting: text(),
    /** What it holds now (null: not counted in rows, the log file). */
    rows: z.number().int().nonnegative().nullable(),
    /** Approximate: the database pages of its table and indexes, or the file's size. */
    bytes: z.number().int().nonnegative(),
    /** The dry run: what the next prune removes (exactly what it would delete at this moment); null: not counted. */
    nextPruneRows: z.number().int().nonnegative().nullable(),
    /** Older than this goes. */
    cutoffAt: z.number().int(),
    /** Why this kind is not pruned (yet), when it is not; null when the prune runs. */
    notPrunedBecause: text().nullable(),
  })
  .strict();
export type RetentionKindState = z.infer<typeof RetentionKindState>;

/** A retired monitor the next prune removes: retention has left it no history (audited as a purge by the system). */
export const ExpiringRetiredMonitor = z.object({ id: text(), name: text(), siteName: text(), retiredAt: z.number().int() }).strict();
export type ExpiringRetiredMonitor = z.infer<typeof ExpiringRetiredMonitor>;

export const RetentionOverview = z
  .object({
    at: z.number().int(),
    kinds: z.array(RetentionKindState),
    /** Monitors deleted from service whose history the counts above still include, until retention or a purge removes it. */
    retiredMonitors: z.number().int().nonnegative(),
    /** The dry run for retired monitors: those the next prune removes, their history all past retention. */
    expiringRetiredMonitors: z.array(ExpiringRetiredMonitor),
  })
  .strict();
export type RetentionOverview = z.infer<typeof RetentionOverview>;
