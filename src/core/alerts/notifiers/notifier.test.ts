import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { createSilentLogger, type Logger } from '../../logging';
import { createNotifier, type Notifier } from './index';
import { alertMessage, emailChannel, WEBHOOK_SECRET, webhookChannel } from './testing/fixtures';
import { collectOutcomes, memoryLogger } from './testing/outcomes';
import { startSmtpReceiver, startWebhookReceiver, type WebhookReceiver } from './testing/servers';
import { watchTimers } from './testing/timers';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((step) => step()));
  cleanup = [];
});

function setup(logger: Logger = createSilentLogger()): {
  clock: FakeClock;
  notifier: Notifier;
  outcomes: ReturnType<typeof collectOutcomes>;
} {
  const clock = new FakeClock();
  const outcomes = collectOutcomes();
  const notifier = createNotifier({ clock, timers: watchTimers(clock), logger, timeZone: () => 'utc', onOutcome: outcomes.onOutcome });
  cleanup.push(() => notifier.stop());
  return { clock, notifier, outcomes };
}

async function receiver(answer: (response: ServerResponse, index: number) => void): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  cleanup.push(() => started.close());
  return started;
}

const ok = (response: ServerResponse): void => void response.writeHead(200).end();
const hang = (): void => undefined;

describe('notifier: channels are independent, ordered, limited', () => {
  it("delivers a good channel's message while another channel's webhook hangs", async () => {
    const { notifier, outcomes } = setup();
    const stuck = await receiver(hang);
    const good = await receiver(ok);
    notifier.send(webhookChannel(stuck.url, { timeoutSeconds: 60 }, { id: 'stuck', name: 'Stuck hook' }), alertMessage());
    await stuck.received(1);
    notifier.send(webhookChannel(good.url, {}, { id: 'good', name: 'Good hook' }), alertMessage());

    const [first] = await outcomes.count(1);
    expect(first?.outcome).toMatchObject({ channelId: 'good', ok: true });
    expect(outcomes.reported).toHaveLength(1); // the stuck one is still waiting for its answer
  });

  it('keeps the order of one channel and never has two of its deliveries in flight', async () => {
    const { notifier, outcomes } = setup();
    const held: ServerResponse[] = [];
    const hook = await receiver((response) => held.push(response));
    const channel = webhookChannel(hook.url);
    for (const summary of ['first', 'second', 'third']) notifier.send(channel, alertMessage({ summary }));

    for (let n = 1; n <= 3; n += 1) {
      await hook.received(n);
      expect(held).toHaveLength(1); // the previous request was answered before this one arrived
      ok(held.pop() as ServerResponse);
      await outcomes.count(n);
    }
    expect(hook.requests.map((request) => (JSON.parse(request.body) as { summary: string }).summary)).toEqual(['first', 'second', 'third']);
    expect(outcomes.reported.map((report) => report.message.summary)).toEqual(['first', 'second', 'third']);
  });

  it('sends at most ratePerMinute a rolling minute, resolutions included, and says why the rest were not sent', async () => {
    const { clock, notifier, outcomes } = setup();
    const hook = await receiver(ok);
    const channel = webhookChannel(hook.url, {}, { ratePerMinute: 2 });
    notifier.send(channel, alertMessage({ event: 'fired' }));
    notifier.send(channel, alertMessage({ event: 'resolved' }));
    notifier.send(channel, alertMessage({ event: 'fired', summary: 'one too many' }));

    const reports = await outcomes.count(3);
    expect(reports.find((report) => report.message.summary === 'one too many')?.outcome).toMatchObject({
      ok: false,
      attempts: 0,
      detail: 'rate limited: 2 in the last minute',
    });
    expect(hook.requests).toHaveLength(2);

    clock.advance(60_000);
    notifier.send(channel, alertMessage({ summary: 'a minute later' }));
    const [, , , later] = await outcomes.count(4);
    expect(later?.outcome).toMatchObject({ ok: true });
    expect(hook.requests).toHaveLength(3);
  });

  it('does not send on a disabled channel, and says so', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver(ok);
    notifier.send(webhookChannel(hook.url, {}, { enabled: false }), alertMessage());
    expect(await outcomes.nth(1)).toMatchObject({ ok: false, attempts: 0, detail: 'channel disabled' });
    expect(hook.requests).toHaveLength(0);
  });

  it("bounds a stuck channel's queue, dropping the oldest waiting message with a reason", async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver(hang);
    const channel = webhookChannel(hook.url, { timeoutSeconds: 60 }, { ratePerMinute: 600 });
    for (let n = 1; n <= 502; n += 1) notifier.send(channel, alertMessage({ summary: `message ${n}` }));

    const [dropped] = await outcomes.count(1);
    expect(dropped?.message.summary).toBe('message 2'); // message 1 is in flight; 2 was the oldest waiting
    expect(dropped?.outcome).toMatchObject({
      ok: false,
      attempts: 0,
      detail: 'dropped: the queue for this channel was full (500 waiting)',
    });
    expect(outcomes.reported).toHaveLength(1);
  });
});

describe('notifier: failures stay inside', () => {
  it('logs a failure with the channel id and name, never its secret or password', async () => {
    const { logger, lines } = memoryLogger();
    const { notifier, outcomes } = setup(logger);
    const hook = await receiver((response) => response.writeHead(403).end());
    const smtp = await startSmtpReceiver({
      authOptional: false,
      onAuth: (_auth, _session, callback) => callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 })),
    });
    cleanup.push(() => smtp.close());
    notifier.send(
      webhookChannel(hook.url, { headers: { Authorization: 'Bearer header-token' } }, { id: 'hook-1', name: 'Desk hook' }),
      alertMessage(),
    );
    notifier.send(
      emailChannel(smtp.port, { username: 'desk', password: 'smtp-password-1' }, { id: 'mail-1', name: 'Desk mail' }),
      alertMessage(),
    );
    await outcomes.count(2);

    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.level === 40);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channelId: 'hook-1', channelName: 'Desk hook', msg: expect.stringContaining('HTTP 403') }),
        expect.objectContaining({ channelId: 'mail-1', channelName: 'Desk mail', msg: expect.stringContaining('refused the login') }),
      ]),
    );
    const log = lines.join('');
    for (const secret of [WEBHOOK_SECRET, 'smtp-password-1', 'header-token']) expect(log).not.toContain(secret);
  });

  it('never throws into the caller: a broken address and a throwing onOutcome end up only in the outcome and the log', async () => {
    const clock = new FakeClock();
    const { logger, lines } = memoryLogger();
    const outcomes = collectOutcomes();
    const notifier = createNotifier({
      clock,
      timers: clock,
      logger,
      timeZone: () => 'utc',
      onOutcome: (message, outcome) => {
        outcomes.onOutcome(message, outcome);
        throw new Error('database is closed');
      },
    });
    cleanup.push(() => notifier.stop());
    const broken = webhookChannel('http://127.0.0.1/hook');
    Object.assign(broken.config, { url: 'not a url' }); // as a stored row that no longer validates might be

    expect(() => notifier.send(broken, alertMessage())).not.toThrow();
    expect(() => notifier.send(broken, alertMessage())).not.toThrow();
    const reports = await outcomes.count(2); // the second went out although recording the first threw
    expect(reports.map((report) => report.outcome.detail)).toEqual([
      'could not send: Invalid URL, not retried (1 attempt)',
      'could not send: Invalid URL, not retried (1 attempt)',
    ]);
    expect(lines.filter((line) => line.includes('recording a notification outcome failed'))).toHaveLength(2);
  });
});

describe('notifier: tests and stopping', () => {
  it('sends a test at once, even while the channel waits on a hanging delivery, and resolves with its outcome', async () => {
    const { clock, notifier, outcomes } = setup();
    const hook = await receiver((response, index) => (index === 0 ? undefined : ok(response)));
    const channel = webhookChannel(hook.url, { timeoutSeconds: 60 });
    notifier.send(channel, alertMessage());
    await hook.received(1);

    const outcome = await notifier.test(channel, alertMessage({ alertId: null, event: 'test', summary: 'Test notification' }));
    expect(outcome).toEqual({
      channelId: 'ch-1',
      channelName: 'Duty desk',
      at: clock.now(),
      ok: true,
      attempts: 1,
      detail: expect.stringMatching(/^HTTP 200 from /),
      stage: 'delivered',
      status: 200,
      answer: null,
    });
    expect(hook.requests[1]?.headers['x-watchroom-event']).toBe('test');
    expect(outcomes.reported).toHaveLength(0); // the caller of test() gets the outcome itself
  });

  it('on stop, drops what waits and aborts what is in flight, reporting nothing more', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver(hang);
    const channel = webhookChannel(hook.url, { timeoutSeconds: 60 });
    notifier.send(channel, alertMessage({ summary: 'in flight' }));
    notifier.send(channel, alertMessage({ summary: 'waiting' }));
    await hook.received(1);

    notifier.stop();
    await hook.allConnectionsClosed();
    notifier.send(channel, alertMessage({ summary: 'after stop' }));
    expect(await notifier.test(channel, alertMessage())).toMatchObject({ ok: false, attempts: 0, detail: 'notifications are stopped' });
    expect(outcomes.reported).toHaveLength(0);
    expect(hook.requests).toHaveLength(1);
  });
});
