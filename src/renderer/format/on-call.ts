import type { OnCallNow } from '../../shared/contract';
import { formatMinute, type TimeZoneSetting } from './time';

/** "Bob Stone until 2026-11-30 07:00, then Carla Diaz" — what the Rules page and the header say of a schedule. */
export function describeOnCall(onCall: OnCallNow, timeZone: TimeZoneSetting): string {
  const now = onCall.now
    ? `${onCall.now.displayName}${onCall.now.because === 'override' ? ' (override)' : ''}${
        onCall.now.until === null ? '' : ` until ${formatMinute(onCall.now.until, timeZone)}`
      }`
    : 'nobody on call';
  const next = onCall.next
    ? `, then ${onCall.next.displayName}${onCall.now ? '' : ` from ${formatMinute(onCall.next.from, timeZone)}`}`
    : '';
  return `${now}${next}`;
}
