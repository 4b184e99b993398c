// A generic SMS gateway over HTTP: the operator writes the body the gateway expects, with
// placeholders the console fills in. Substitution only (no expressions, no code), and each value is
// escaped for the body's content type, so an alert's text cannot break out of its place.
import type http from 'node:http';
import type { ChannelConfig } from '../../../shared/contract/alerts';
import type { AttemptResult } from './attempt';
import { sendHttp } from './http-request';
import { headline, type NotificationMessage } from './message';

type SmsConfig = Extract<ChannelConfig, { kind: 'sms' }>;

/** A text message is 160 characters; longer ones are split and cost more, so the text keeps to one. */
const SMS_TEXT_LIMIT = 160;

function smsText(message: NotificationMessage): string {
  const where = message.siteName ? ` @ ${message.siteName}` : '';
  const text = `${headline(message)}${where}`;
  if (text.length <= SMS_TEXT_LIMIT) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(SMS_TEXT_LIMIT - 2)) ? SMS_TEXT_LIMIT - 2 : SMS_TEXT_LIMIT - 1;
  return `${text.slice(0, end)}\u2026`;
}

function escapeFor(contentType: SmsConfig['contentType'], value: string): string {
  if (contentType === 'application/json') return JSON.stringify(value).slice(1, -1);
  if (contentType === 'application/x-www-form-urlencoded') return encodeURIComponent(value);
  return value;
}

/** The body for one recipient. */
export function smsBody(config: SmsConfig, message: NotificationMessage, to: string): string {
  const values: Record<string, string> = {
    to,
    text: smsText(message),
    severity: message.severity,
    summary: message.summary,
    subject: message.subjectName,
    site: message.siteName ?? '',
    event: message.event,
    alertId: message.alertId ?? '',
    console: message.consoleName,
  };
  // The contract refuses unknown placeholders; an unknown one here stays as typed.
  return config.bodyTemplate.replace(/\{\{([^}]*)\}\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name.trim()) ? values[name.trim()] : undefined;
    return value === undefined ? whole : escapeFor(config.contentType, value);
  });
}

/**
 * One attempt sends to every recipient not yet reached; `reached` is kept by the caller across
 * attempts, so a retry does not text again those who already got it.
 */
export async function sendSms(
  config: SmsConfig,
  message: NotificationMessage,
  reached: Set<string>,
  signal: AbortSignal,
): Promise<AttemptResult> {
  // The channel's own headers first: the content type is ours.
  const headers: http.OutgoingHttpHeaders = { ...config.headers, 'content-type': config.contentType };
  let answered: AttemptResult | null = null;
  for (const to of config.recipients) {
    if (reached.has(to)) continue;
    const result = await sendHttp({ url: config.url, method: config.method, headers, body: smsBody(config, message, to) }, signal);
    if (!result.ok) return { ...result, reason: `${recipientsReached(reached.size, config.recipients.length)}; ${result.reason}` };
    reached.add(to);
    answered = result;
  }
  // The gateway took it on: whether the phones got it is the gateway's to tell.
  const { status, answer } = answered ?? {};
  return {
    ok: true,
    relayed: true,
    detail: `${answered?.ok ? `${answered.detail}, ` : ''}${recipientsReached(reached.size, config.recipients.length)}`,
    ...(status === undefined ? {} : { status }),
    ...(answer === undefined ? {} : { answer }),
  };
}

function recipientsReached(reached: number, of: number): string {
  return `${reached} of ${of} recipient${of === 1 ? '' : 's'} reached`;
}
