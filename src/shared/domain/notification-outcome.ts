import type { QuietHours } from '../contract/alerts';

const HELD_PREFIX = 'held: quiet hours';

/** The outcome's detail for a notification quiet hours kept from a channel (it is not sent later). */
export function quietHoursDetail(quiet: QuietHours): string {
  return `${HELD_PREFIX} ${quiet.start}\u2013${quiet.end}, not sent`;
}
