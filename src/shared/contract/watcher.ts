import { z } from 'zod';
import { NotificationOutcome } from './alerts';
import { text, wellFormed } from './strings';

/**
 * Watching the watcher (issue 16): a heartbeat URL the console calls every minute (a dead man's
 * switch such as a Healthchecks.io check, which raises its own alarm when the calls stop), and a
 * daily "console alive" summary through a channel.
 */

const id = text().min(1).max(64);
const clockTime = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time such as 08:00');

export const HeartbeatMethod = z.enum(['GET', 'POST']);
export type HeartbeatMethod = z.infer<typeof HeartbeatMethod>;

export const HeartbeatConfig = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'An http:// or https:// address, such as https://hc-ping.com/<your check>' })
      .check(wellFormed)
      .max(2000, 'At most 2,000 characters'),
    method: HeartbeatMethod.default('GET'),
  })
  .strict();
export type HeartbeatConfig = z.infer<typeof HeartbeatConfig>;

export const AliveSummaryConfig = z
  .object({
    /** In the console's time zone. */
    time: clockTime,
    channelId: id,
  })
  .strict();
export type AliveSummaryConfig = z.infer<typeof AliveSummaryConfig>;

/** Null switches each off. */
export const WatcherSettings = z
  .object({
    heartbeat: HeartbeatConfig.nullable(),
    aliveSummary: AliveSummaryConfig.nullable(),
  })
  .strict();
export type WatcherSettings = z.infer<typeof WatcherSettings>;

export const HeartbeatStatus = z
  .object({
    /** Whom it calls, host only: the address itself usually carries the check's key. Null: no heartbeat set. */
    target: text().nullable(),
    lastAttemptAt: z.number().int().nullable(),
    lastSuccessAt: z.number().int().nullable(),
    /** The latest failed call, kept after a later success so a flaky receiver shows. */
    lastError: z.object({ at: z.number().int(), detail: text() }).strict().nullable(),
    /** Calls failed in a row up to now (0: the last one succeeded). */
    failuresInRow: z.number().int(),
  })
  .strict();
export type HeartbeatStatus = z.infer<typeof HeartbeatStatus>;

export const AliveSummaryStatus = z
  .object({
    /** The day it was last sent for, in the console's time zone (YYYY-MM-DD). */
    lastSentDay: text().nullable(),
    /** How that send ended (null before the first). */
    lastOutcome: NotificationOutcome.nullable(),
  })
  .strict();
export type AliveSummaryStatus = z.infer<typeof AliveSummaryStatus>;

export const WatcherStatus = z
  .object({
    heartbeat: HeartbeatStatus,
    aliveSummary: AliveSummaryStatus,
    /** The summary's time and channel by name, for the Overview; null when off. */
    aliveSummaryPlan: z.object({ time: text(), channelName: text() }).strict().nullable(),
  })
  .strict();
export type WatcherStatus = z.infer<typeof WatcherStatus>;
