// PagerDuty Events API v2 and the Opsgenie Alert API: the console's alert drives the pager's
// alert, keyed by the fingerprint (PagerDuty's dedup_key, Opsgenie's alias), so a re-send, an
// escalation or a repeat updates the same page instead of opening another one.
import type { ChannelConfig, Severity } from '../../../shared/contract/alerts';
import type { AttemptResult } from './attempt';
import { sendHttp } from './http-request';
import { emailText, headline, type NotificationMessage } from './message';

type PagerDutyConfig = Extract<ChannelConfig, { kind: 'pagerduty' }>;
type OpsgenieConfig = Extract<ChannelConfig, { kind: 'opsgenie' }>;

/** PagerDuty knows critical, error, warning and info. */
export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

/** Opsgenie's priorities, P1 the most urgent. */
export const OPSGENIE_PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4' | 'P5'> = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  info: 'P5',
};

/** PagerDuty refuses a summary over 1,024 characters, Opsgenie a message over 130 and an alias over 512. */
function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 2)) ? max - 2 : max - 1;
  return `${value.slice(0, end)}\u2026`;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function pagerDutyBody(config: PagerDutyConfig, message: NotificationMessage): object {
  const key = { routing_key: config.routingKey, dedup_key: clip(message.fingerprint, 255) };
  if (message.event === 'acknowledged') return { ...key, event_action: 'acknowledge' };
  if (message.event === 'resolved') return { ...key, event_action: 'resolve' };
  return {
    ...key,
    event_action: 'trigger',
    payload: {
      summary: clip(headline(message), 1024),
      source: message.subjectName,
      severity: PAGERDUTY_SEVERITY[message.severity],
      timestamp: new Date(message.firstSeenAt).toISOString(),
      component: message.subjectName,
      group: message.siteName ?? undefined,
      class: message.ruleName,
      custom_details: {
        alert_id: message.alertId,
        event: message.event,
        occurrences: message.count,
        escalation_level: message.escalationLevel,
        console: message.consoleName,
      },
    },
    client: `Watchroom ${message.consoleName}`,
    ...(config.consoleUrl === null ? {} : { client_url: config.consoleUrl }),
  };
}

export function postPagerDuty(config: PagerDutyConfig, message: NotificationMessage, signal: AbortSignal): Promise<AttemptResult> {
  const body = JSON.stringify(pagerDutyBody(config, message));
  return sendHttp({ url: config.eventsUrl, method: 'POST', headers: JSON_HEADERS, body }, signal);
}

/** Where and what to send Opsgenie: create an alert, or acknowledge or close the one with this alias. */
export function opsgenieRequest(config: OpsgenieConfig, message: NotificationMessage): { url: string; body: object } {
  const alias = clip(message.fingerprint, 512);
  const source = `Watchroom ${message.consoleName}`;
  const action = message.event === 'acknowledged' ? 'acknowledge' : message.event === 'resolved' ? 'close' : null;
  const base = config.apiUrl.replace(/\/+$/, '');
  if (action !== null) {
    const url = `${base}/v2/alerts/${encodeURIComponent(alias)}/${action}?identifierType=alias`;
    return { url, body: { source, note: headline(message) } };
  }
  return {
    url: `${base}/v2/alerts`,
    body: {
      message: clip(headline(message), 130),
      alias,
      description: clip(emailText(message), 15_000),
      priority: OPSGENIE_PRIORITY[message.severity],
      source,
      entity: message.subjectName,
      tags: ['watchroom', message.severity],
      details: {
        alertId: message.alertId ?? '',
        rule: message.ruleName,
        site: message.siteName ?? '',
        event: message.event,
        console: message.consoleName,
      },
    },
  };
}

export function postOpsgenie(config: OpsgenieConfig, message: NotificationMessage, signal: AbortSignal): Promise<AttemptResult> {
  const { url, body } = opsgenieRequest(config, message);
  const headers = { ...JSON_HEADERS, authorization: `GenieKey ${config.apiKey}` };
  return sendHttp({ url, method: 'POST', headers, body: JSON.stringify(body) }, signal);
}
