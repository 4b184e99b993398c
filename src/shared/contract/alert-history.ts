// Issue 15, alert history search: every alert ever kept, not only the queue's last hours.
import { z } from 'zod';
import { Alert, Severity } from './alerts';
import { text } from './strings';

const id = text().min(1).max(64);
const timestamp = z.number().int().nonnegative();

/** A place in the history: the last alert the previous page showed or read. */
export const AlertHistoryCursor = z.object({ firstSeenAt: z.number().int(), id }).strict();
export type AlertHistoryCursor = z.infer<typeof AlertHistoryCursor>;

export const AlertHistoryInput = z
  .object({
    /** Words in the summary, monitor, site, rule, acknowledgement note or resolution: each the beginning of a word, any case or accent. */
    text: text().trim().max(200).optional(),
    siteId: id.optional(),
    monitorId: id.optional(),
    severity: Severity.optional(),
    ruleId: id.optional(),
    /** The name of who acknowledged it, as the alert shows it. */
    ackBy: text().trim().min(1).max(200).optional(),
    /** First seen in this period (inclusive). */
    from: timestamp.optional(),
    to: timestamp.optional(),
    /** The previous page's `next`: the page after it. */
    after: AlertHistoryCursor.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  });
export type AlertHistoryInput = z.input<typeof AlertHistoryInput>;

export const AlertHistoryPage = z
  .object({
    alerts: z.array(Alert),
    /** Pass as `after` for the next (older) page; null when there is none. */
    next: AlertHistoryCursor.nullable(),
    /**
     * One page reads a bounded number of alerts (filters no one index serves, or text with filters
     * that reject nearly every match): when that ran out before the page filled, this is how far back
     * it searched; `next` goes on from there. Text alone always fills its page.
     */
    searchedBackTo: z.number().int().nullable(),
  })
  .strict();
export type AlertHistoryPage = z.infer<typeof AlertHistoryPage>;
