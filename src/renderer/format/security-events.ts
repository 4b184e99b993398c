import type { SecurityEventType } from '../../shared/contract';

/** What each kind of security event is called on the page (plural, for the counts). */
export const SECURITY_EVENT_LABELS: Record<SecurityEventType, string> = {
  'failed-sign-in': 'Failed sign-ins',
  lockout: 'Lockouts',
  unlock: 'Unlocks',
  'refused-command': 'Refused commands',
  'role-change': 'Role changes',
  'site-change': 'Site changes',
  'new-seat': 'Sign-ins at a new seat',
  'unusual-hour': 'Sign-ins 02:00–05:59',
  'audit-read': 'Audit log reads',
  'two-factor': 'Two-factor changes',
  'session-ended': 'Sessions ended by an admin',
};
