import type { OnCallNow, OnShiftNow } from '../../shared/contract';
import { formatHourMinute, formatMinute, type TimeZoneSetting } from './time';

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

/** "Anna Berg (since 07:00 handover)" — who escalation level 1, the operator on shift, reaches now, and why them. */
export function describeOnShift(onShift: OnShiftNow, timeZone: TimeZoneSetting): string {
  const names = onShift.people.map((person) => person.displayName).join(', ');
  const at = onShift.boundaryAt === null ? '' : formatHourMinute(onShift.boundaryAt, timeZone);
  switch (onShift.because) {
    case 'handover':
      return `${names} (since ${at} handover)`;
    case 'handover-not-accepted':
      return `${names} (until the ${at} handover is accepted)`;
    case 'signed-in':
      return `${names} (signed in)`;
    case 'nobody':
      return 'no operator signed in (every operator is told)';
  }
}
