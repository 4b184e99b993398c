import { createHmac } from 'node:crypto';
import type http from 'node:http';
import type { ChannelConfig } from '../../../shared/contract/alerts';
import type { AttemptResult } from './attempt';
import { sendHttp } from './http-request';
import { webhookBody, type NotificationMessage } from './message';

type WebhookConfig = Extract<ChannelConfig, { kind: 'webhook' }>;

/**
 * The signature covers "<timestamp>.<body>", so a receiver that checks the timestamp is recent can
 * reject a replayed request. Exported so a receiver (and the tests) can compute the same.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One POST of the message; `signal` aborts the request and destroys its socket. */
export function postWebhook(config: WebhookConfig, message: NotificationMessage, now: number, signal: AbortSignal): Promise<AttemptResult> {
  const body = webhookBody(message);
  const timestamp = String(now);
  // The channel's own headers first: ours are set after them and win, so no extra header can
  // replace the signature or the content type.
  const headers: http.OutgoingHttpHeaders = {
    ...config.headers,
    'content-type': 'application/json',
    'x-watchroom-event': message.event,
    'x-watchroom-timestamp': timestamp,
    'x-watchroom-signature': webhookSignature(config.secret, timestamp, body),
  };
  return sendHttp({ url: config.url, method: 'POST', headers, body }, signal);
}
