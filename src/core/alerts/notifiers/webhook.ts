import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { ChannelConfig } from '../../../shared/contract/alerts';
import { describeConnectionError, type AttemptResult } from './attempt';
import { webhookBody, type NotificationMessage } from './message';

type WebhookConfig = Extract<ChannelConfig, { kind: 'webhook' }>;

/** Enough of an answer's body to quote a receiver's own explanation of a refusal. */
const QUOTED_BODY_LIMIT = 200;

/**
 * The signature covers "<timestamp>.<body>", so a receiver that checks the timestamp is recent can
 * reject a replayed request. Exported so a receiver (and the tests) can compute the same.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One POST of the message; `signal` aborts the request and destroys its socket. */
export function postWebhook(config: WebhookConfig, message: NotificationMessage, now: number, signal: AbortSignal): Promise<AttemptResult> {
  const url = new URL(config.url);
  const body = webhookBody(message);
  const timestamp = String(now);
  // The channel's own headers first: ours are set after them and win, so no extra header can
  // replace the signature or the content type.
  const headers: http.OutgoingHttpHeaders = {
    ...config.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'user-agent': 'Watchroom',
    'x-watchroom-event': message.event,
    'x-watchroom-timestamp': timestamp,
    'x-watchroom-signature': webhookSignature(config.secret, timestamp, body),
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    // A fresh connection per delivery (agent: false): nothing is left open between notifications.
    const request = client.request(url, { method: 'POST', headers, signal, agent: false }, (response) => {
      const quoted: Buffer[] = [];
      let quotedLength = 0;
      response.on('data', (chunk: Buffer) => {
        if (quotedLength >= QUOTED_BODY_LIMIT) return;
        quoted.push(chunk);
        quotedLength += chunk.length;
      });
      response.on('end', () => resolve(judgeAnswer(response, url.host, Buffer.concat(quoted).toString('utf8'))));
      response.on('error', (error) => resolve({ ok: false, reason: describeConnectionError(error, url.host), retryable: true }));
    });
    request.on('error', (error) => resolve({ ok: false, reason: describeConnectionError(error, url.host), retryable: true }));
    request.end(body);
  });
}

function judgeAnswer(response: http.IncomingMessage, host: string, body: string): AttemptResult {
  const status = response.statusCode ?? 0;
  const answer = `HTTP ${status} from ${host}`;
  if (status >= 200 && status < 300) return { ok: true, detail: answer };
  if (status >= 300 && status < 400)
    return { ok: false, reason: `${answer}: redirects are not followed, give the final address`, retryable: false };
  const explanation = quotable(response.headers['content-type'], body);
  // 408 and 429 say "try again later"; any other 4xx would be refused again the same way.
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, reason: explanation ? `${answer}: ${explanation}` : answer, retryable };
}

/** A short plain-text or JSON answer usually says why (bad signature, unknown route); HTML pages are noise. */
function quotable(contentType: string | undefined, body: string): string | null {
  if (!contentType || !/^(text\/plain|application\/(problem\+)?json)\b/i.test(contentType)) return null;
  const oneLine = body.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return null;
  if (oneLine.length <= 120) return `"${oneLine}"`;
  // Cut before a pair that would be split: half of one is a broken character in the delivery outcome.
  const end = /[\uD800-\uDBFF]/.test(oneLine.charAt(118)) ? 118 : 119;
  return `"${oneLine.slice(0, end)}\u2026"`;
}
