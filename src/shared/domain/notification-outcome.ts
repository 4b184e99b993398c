import type { NotificationOutcome, QuietHours } from '../contract/alerts';

const HELD_PREFIX = 'held: quiet hours';

/** The outcome's detail for a notification quiet hours kept from a channel (it is not sent later). */
export function quietHoursDetail(quiet: QuietHours): string {
  return `${HELD_PREFIX} ${quiet.start}\u2013${quiet.end}, not sent`;
}

/** Held on purpose, not a failed delivery: nothing was attempted. */
export function isHeldByQuietHours(outcome: Pick<NotificationOutcome, 'ok' | 'attempts' | 'detail'>): boolean {
  return !outcome.ok && outcome.attempts === 0 && outcome.detail.startsWith(HELD_PREFIX);
}
