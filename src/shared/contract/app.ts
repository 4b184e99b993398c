import { z } from 'zod';
import { HealthCheck } from './console-health';
import { Role } from './people';

export const Notice = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'critical']),
  at: z.number().int(),
  title: z.string(),
  /** What happened and what to do about it. */
  detail: z.string(),
});
export type Notice = z.infer<typeof Notice>;

export const AppInfo = z.object({
  name: z.literal('Watchroom'),
  version: z.string(),
  contractVersion: z.number().int(),
  mode: z.enum(['electron', 'serve', 'hub']),
  database: z.object({
    encrypted: z.boolean(),
    cipher: z.string().nullable(),
    schemaVersion: z.number().int(),
  }),
  startedAt: z.number().int(),
  /** Things the operator must know about this start, such as a database that had to be set aside. */
  notices: z.array(Notice),
});
export type AppInfo = z.infer<typeof AppInfo>;

/**
 * Who this console acts as: the name its commands carry, whose incidents are "mine", and the role
 * and sites the renderer reads with the permission table to disable what this person may not do.
 */
export const WhoAmI = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  /** The sites this person works on; null means every site. */
  sites: z.array(z.string()).nullable(),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

export const AppHealth = z.object({
  at: z.number().int(),
  uptimeMs: z.number().nonnegative(),
  /** Round trip of a trivial read on the encrypted database. */
  dbLatencyMs: z.number().nonnegative(),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), heapTotalBytes: z.number() }),
  eventLoopDelayP99Ms: z.number().nonnegative(),
  /** Size of the database file plus its write-ahead log. */
  dbSizeBytes: z.number().nonnegative(),
  /** The thresholded checks as of core's last evaluation (once a minute); empty before the first. */
  checks: z.array(HealthCheck),
});
export type AppHealth = z.infer<typeof AppHealth>;

/** The health readings core recorded since it started (the last hour at most), oldest first. */
export const HealthHistory = z
  .object({
    /** How often core records a reading. */
    sampleEveryMs: z.number().int().positive(),
    samples: z.array(AppHealth),
  })
  .strict();
export type HealthHistory = z.infer<typeof HealthHistory>;
