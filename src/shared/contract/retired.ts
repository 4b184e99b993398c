import { z } from 'zod';
import { text } from './strings';

/** Issue 15, retention: a monitor deleted from service is retired, its history kept until retention or a purge removes it. */
export const RetiredMonitor = z
  .object({
    id: text(),
    name: text(),
    kind: text(),
    siteId: text(),
    siteName: text(),
    retiredAt: z.number().int(),
    /** Who retired it, by name as it was then. */
    retiredBy: text(),
  })
  .strict();
export type RetiredMonitor = z.infer<typeof RetiredMonitor>;
