import type { Severity } from '../../../shared/contract/alerts';

/** What the alert engine asks a channel to say: one alert event, a channel test, or the daily "console alive" summary. */
export interface NotificationMessage {
  /** null for a channel test and the alive summary. */
  alertId: string | null;
  fingerprint: string;
  event: 'fired' | 'escalated' | 're-raised' | 'acknowledged' | 'resolved' | 'test' | 'alive';
  severity: Severity;
  ruleName: string;
  /** e.g. "Depot uplink is down: connection refused" */
  summary: string;
  subjectName: string;
  siteName: string | null;
  firstSeenAt: number;
  at: number;
  count: number;
  escalationLevel: number;
  consoleName: string;
}

/** Receivers branch on this when the body changes shape. */
const WEBHOOK_PAYLOAD_VERSION = 1;

export function webhookBody(message: NotificationMessage): string {
  return JSON.stringify({ version: WEBHOOK_PAYLOAD_VERSION, ...message });
}

const EVENT_WORDING: Record<NotificationMessage['event'], string> = {
  fired: 'Fired',
  escalated: 'Escalated',
  're-raised': 'Raised again',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  test: 'Test',
  alive: 'Console alive',
};

/** "[CRITICAL] Depot uplink is down"; other events say what happened first ("[HIGH] Resolved: ..."). */
export function headline(message: NotificationMessage): string {
  const tag = message.event === 'test' ? 'TEST' : message.severity.toUpperCase();
  const what =
    message.event === 'fired' || message.event === 'test' || message.event === 'alive'
      ? message.summary
      : `${EVENT_WORDING[message.event]}: ${message.summary}`;
  return `[${tag}] ${what}`;
}

/** "[CRITICAL] Depot uplink is down — Watchroom Control room". */
export function emailSubject(message: NotificationMessage): string {
  return `${headline(message)} \u2014 Watchroom ${message.consoleName}`;
}

export function eventWording(event: NotificationMessage['event']): string {
  return EVENT_WORDING[event];
}

/** Every field an operator needs to act without opening the console. Times in UTC: the reader's zone is unknown. */
export function emailText(message: NotificationMessage): string {
  const lines: [string, string][] = [
    ['Event', EVENT_WORDING[message.event]],
    ['Severity', message.severity],
    ['Subject', message.subjectName],
    ['Site', message.siteName ?? '(none)'],
    ['Rule', message.ruleName],
    ['First seen', utc(message.firstSeenAt)],
    ['This event', utc(message.at)],
    ['Occurrences', String(message.count)],
    ['Escalation level', String(message.escalationLevel)],
    ['Alert', message.alertId ?? '(channel test, no alert)'],
    ['Fingerprint', message.fingerprint],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  return [
    message.summary,
    '',
    ...lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    '',
    `Sent by the Watchroom console "${message.consoleName}".`,
    '',
  ].join('\n');
}

export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
