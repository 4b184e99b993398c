import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { createSilentLogger } from '../../logging';
import { createNotifier, type Notifier } from './index';
import { alertMessage, WEBHOOK_SECRET, webhookChannel } from './testing/fixtures';
import { collectOutcomes } from './testing/outcomes';
import { closedPort, startWebhookReceiver, type WebhookReceiver } from './testing/servers';
import { watchTimers } from './testing/timers';
import { webhookSignature } from './webhook';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((step) => step()));
  cleanup = [];
});

function setup(): {
  clock: FakeClock;
  timers: ReturnType<typeof watchTimers>;
  notifier: Notifier;
  outcomes: ReturnType<typeof collectOutcomes>;
} {
  const clock = new FakeClock();
  const timers = watchTimers(clock);
  const outcomes = collectOutcomes();
  const notifier = createNotifier({ clock, timers, logger: createSilentLogger(), timeZone: () => 'utc', onOutcome: outcomes.onOutcome });
  cleanup.push(() => notifier.stop());
  return { clock, timers, notifier, outcomes };
}

async function receiver(answer: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  cleanup.push(() => started.close());
  return started;
}

const hostOf = (url: string): string => new URL(url).host;

describe('webhook delivery', () => {
  it('POSTs the message as signed JSON that a receiver can verify, with the channel headers', async () => {
    const { clock, notifier, outcomes } = setup();
    const hook = await receiver((response) => response.writeHead(204).end());
    const channel = webhookChannel(hook.url, { headers: { Authorization: 'Bearer desk-token', 'X-Watchroom-Signature': 'forged' } });
    notifier.send(channel, alertMessage());

    const outcome = await outcomes.nth(1);
    expect(outcome).toEqual({
      channelId: 'ch-1',
      channelName: 'Duty desk',
      at: clock.now(),
      ok: true,
      attempts: 1,
      detail: `HTTP 204 from ${hostOf(hook.url)} (1 attempt)`,
      stage: 'delivered',
      status: 204,
      answer: null,
    });
    const [request] = hook.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-watchroom-event': 'fired',
      'x-watchroom-timestamp': String(clock.now()),
      authorization: 'Bearer desk-token',
    });
    // The receiver's check: HMAC over "<timestamp>.<body>" with the shared secret; the channel's own
    // "X-Watchroom-Signature" header did not replace it.
    const timestamp = String(request?.headers['x-watchroom-timestamp']);
    expect(request?.headers['x-watchroom-signature']).toBe(webhookSignature(WEBHOOK_SECRET, timestamp, request?.body ?? ''));
    expect(JSON.parse(request?.body ?? '')).toEqual({ version: 1, ...alertMessage() });
  });

  it('retries a server error after 1 s and 4 s, then names the status and the attempts', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const hook = await receiver((response) => response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal error</h1>'));
    notifier.send(webhookChannel(hook.url), alertMessage());

    await timers.pending(1_000);
    expect(hook.requests).toHaveLength(1);
    clock.advance(1_000);
    await timers.pending(4_000);
    expect(hook.requests).toHaveLength(2);
    clock.advance(4_000);

    const outcome = await outcomes.nth(1);
    expect(hook.requests).toHaveLength(3);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, detail: `HTTP 500 from ${hostOf(hook.url)} (3 attempts)` });
    // A retry is signed afresh, so a receiver checking the timestamp's age accepts it.
    expect(hook.requests.map((request) => request.headers['x-watchroom-timestamp'])).toEqual(
      [0, 1_000, 5_000].map((offset) => String(clock.now() - 5_000 + offset)),
    );
  });

  it('retries "too many requests" and succeeds on the next attempt', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const hook = await receiver((response, index) => response.writeHead(index === 0 ? 429 : 200).end());
    notifier.send(webhookChannel(hook.url), alertMessage());
    await timers.pending(1_000);
    clock.advance(1_000);
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: true, attempts: 2, detail: `HTTP 200 from ${hostOf(hook.url)} (2 attempts)` });
  });

  it("does not retry a client error, and quotes the receiver's reason", async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver((response) => response.writeHead(401, { 'content-type': 'text/plain' }).end('signature mismatch\n'));
    notifier.send(webhookChannel(hook.url), alertMessage());
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 1,
      detail: `HTTP 401 from ${hostOf(hook.url)}: "signature mismatch", not retried (1 attempt)`,
    });
    expect(hook.requests).toHaveLength(1);
  });

  it('shortens a long reason without splitting a character made of two UTF-16 units', async () => {
    const { notifier, outcomes } = setup();
    // 118 letters, then the emoji at units 118-119: a cut at 119 would keep half of it.
    const reason = `${'a'.repeat(118)}\u{1F4F7}${'b'.repeat(20)}`;
    const hook = await receiver((response) => response.writeHead(400, { 'content-type': 'text/plain' }).end(reason));
    notifier.send(webhookChannel(hook.url), alertMessage());
    const outcome = await outcomes.nth(1);
    expect(outcome.detail).toBe(`HTTP 400 from ${hostOf(hook.url)}: "${'a'.repeat(118)}\u2026", not retried (1 attempt)`);
    expect(outcome.detail.isWellFormed()).toBe(true);
  });

  it('aborts an attempt that outlasts the channel timeout, closing the connection, and retries it', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const hook = await receiver(() => undefined);
    notifier.send(webhookChannel(hook.url, { timeoutSeconds: 2 }), alertMessage());

    await hook.received(1);
    await timers.pending(2_000);
    clock.advance(2_000);
    await hook.allConnectionsClosed();
    for (const backoffMs of [1_000, 4_000]) {
      await timers.pending(backoffMs);
      clock.advance(backoffMs);
      await timers.pending(2_000);
      clock.advance(2_000);
    }

    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, detail: 'timed out after 2 s (3 attempts)' });
    await hook.allConnectionsClosed();
  });

  it('says the connection was refused, and by what', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const port = await closedPort();
    notifier.send(webhookChannel(`http://127.0.0.1:${port}/hook`), alertMessage());
    for (const backoffMs of [1_000, 4_000]) {
      await timers.pending(backoffMs);
      clock.advance(backoffMs);
    }
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, detail: `connection refused by 127.0.0.1:${port} (3 attempts)` });
  });
});
