import type { AckReason, AlertEvent } from '../../../shared/contract';
import type { QueueState } from '../../../shared/domain/alert-queue';

/** The reason codes in the order the acknowledge dialog offers them, with the digit that picks each. */
export const ACK_REASONS: readonly { reason: AckReason; label: string; key: string }[] = [
  { reason: 'genuine', label: 'Genuine', key: '1' },
  { reason: 'false-alarm', label: 'False alarm', key: '2' },
  { reason: 'test', label: 'Test', key: '3' },
];

export function ackReasonLabel(reason: AckReason): string {
  return ACK_REASONS.find((entry) => entry.reason === reason)?.label ?? reason;
}

/** The snooze lengths offered, in minutes, with the digit that picks each. */
export const SNOOZE_MINUTES: readonly { minutes: number; key: string }[] = [
  { minutes: 5, key: '1' },
  { minutes: 15, key: '2' },
  { minutes: 30, key: '3' },
  { minutes: 60, key: '4' },
];

export const QUEUE_STATE_LABEL: Record<QueueState, string> = {
  firing: 'Firing',
  acknowledged: 'Acknowledged',
  silenced: 'Silenced',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};

export const HISTORY_KIND_LABEL: Record<AlertEvent['kind'], string> = {
  fired: 'Fired',
  repeated: 'Came back',
  acknowledged: 'Acknowledged',
  claimed: 'Claimed',
  escalated: 'Escalated',
  snoozed: 'Snoozed',
  're-raised': 'Raised again',
  silenced: 'Silenced',
  unsilenced: 'Silence ended',
  resolved: 'Resolved',
  notified: 'Notified',
  'notify-failed': 'Notification failed',
  'notify-held': 'Held by quiet hours',
  severity: 'Severity changed',
};

/** The queue's search field (the "/" key focuses it). */
export const ALERT_SEARCH_ID = 'alert-search';

/** A site filter's value for "alerts without a site": the empty value already means every site. */
export const NO_SITE_OPTION = ' no-site ';
/** Likewise for "alerts nobody owns". */
export const NO_OWNER_OPTION = ' no-owner ';

/** The queue's keys, after its count line. */
export const QUEUE_KEYS_HINT =
  ' · j/k move · Enter details · a acknowledge · s snooze · e escalate · c claim · r resolve · i incident · / search';
