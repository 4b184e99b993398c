import http from 'node:http';
import https from 'node:https';
import { describeConnectionError, type AttemptResult } from './attempt';

/** Enough of an answer's body to quote a receiver's own explanation of a refusal. */
const QUOTED_BODY_LIMIT = 200;

export interface HttpDelivery {
  url: string;
  method: 'POST' | 'PUT';
  headers: http.OutgoingHttpHeaders;
  body: string;
}

/**
 * One HTTP request of a delivery, judged as a channel would judge it: 2xx delivered, 5xx, 408 and
 * 429 worth retrying, any other answer refused for good. `signal` aborts it and destroys its socket.
 */
export function sendHttp({ url: address, method, headers, body }: HttpDelivery, signal: AbortSignal): Promise<AttemptResult> {
  const url = new URL(address);
  const client = url.protocol === 'https:' ? https : http;
  const sent: http.OutgoingHttpHeaders = { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'Watchroom' };
  return new Promise((resolve) => {
    // A fresh connection per delivery (agent: false): nothing is left open between notifications.
    const request = client.request(url, { method, headers: sent, signal, agent: false }, (response) => {
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
  const explanation = quotable(response.headers['content-type'], body);
  const quoted = explanation === null ? {} : { answer: explanation };
  if (status >= 200 && status < 300) return { ok: true, detail: answer, status, ...quoted };
  if (status >= 300 && status < 400)
    return { ok: false, reason: `${answer}: redirects are not followed, give the final address`, retryable: false, status };
  // 408 and 429 say "try again later"; any other 4xx would be refused again the same way.
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, reason: explanation ? `${answer}: "${explanation}"` : answer, retryable, status, ...quoted };
}

/** A short plain-text or JSON answer usually says why (bad signature, unknown route); HTML pages are noise. */
function quotable(contentType: string | undefined, body: string): string | null {
  if (!contentType || !/^(text\/plain|application\/(problem\+)?json)\b/i.test(contentType)) return null;
  const oneLine = body.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return null;
  if (oneLine.length <= 120) return oneLine;
  // Cut before a pair that would be split: half of one is a broken character in the delivery outcome.
  const end = /[\uD800-\uDBFF]/.test(oneLine.charAt(118)) ? 118 : 119;
  return `${oneLine.slice(0, end)}\u2026`;
}
