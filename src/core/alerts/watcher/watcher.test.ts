import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../../test/support/core';
import { FakeClock } from '../../../../test/support/fake-clock';
import { FakeTargets } from '../../../../test/support/fake-targets';
import { useTempDirs } from '../../../../test/support/temp-dir';
import type { AuditPage, Channel, WatcherSettings, WatcherStatus } from '../../../shared/contract';
import { memoryLogger } from '../notifiers/testing/outcomes';
import { startWebhookReceiver, type WebhookReceiver } from '../notifiers/testing/servers';

const tempDir = useTempDirs();
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

const CHECK_KEY = '6f1c1a3e-0d51-4b6e-9a55-2a3b4c5d6e7f';

async function receiver(answer: (response: ServerResponse, index: number) => void): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  receivers.push(started);
  return started;
}

const answerOk = (response: ServerResponse) => response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
const answerError = (response: ServerResponse) => response.writeHead(500).end();
const hang = () => undefined;

function setup(options: { clock?: FakeClock; dataDir?: string; key?: Buffer } = {}) {
  const clock = options.clock ?? new FakeClock();
  const targets = new FakeTargets(clock);
  const { logger, lines } = memoryLogger();
  const harness = startTestCore(options.dataDir ?? tempDir(), {
    clock,
    runProbe: targets.runner,
    logger,
    ...(options.key ? { key: options.key } : {}),
  });
  harness.core.start();
  const asAdmin = (method: string, input?: unknown) => harness.call(method, input);
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await asAdmin(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const status = () => ok<WatcherStatus>('watcher.status');
  return { ...harness, clock, targets, lines, asAdmin, ok, status };
}

describe('the heartbeat URL (dead man’s switch)', () => {
  it('is called at once when set, then every minute, with the method chosen; the status shows the last success', async () => {
    const { clock, ok, status, core } = setup();
    const check = await receiver(answerOk);
    await ok<WatcherSettings>('watcher.configure', { heartbeat: { url: `${check.url}/${CHECK_KEY}`, method: 'POST' }, aliveSummary: null });
    for (let minute = 0; minute <= 3; minute += 1) {
      await check.received(minute + 1);
      const calledAt = clock.now();
      await vi.waitFor(async () => expect((await status()).heartbeat.lastSuccessAt).toBe(calledAt));
      if (minute < 3) clock.advance(60_000);
    }
    clock.advance(59_000);
    expect(check.requests.map((request) => request.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    await vi.waitFor(async () => expect((await status()).heartbeat.lastSuccessAt).toBe(clock.now() - 59_000));
    expect((await status()).heartbeat).toMatchObject({ target: new URL(check.url).host, lastError: null, failuresInRow: 0 });
    core.close();
  });

  it('gives up on a hanging URL at its timeout, and the next minute calls again on time', async () => {
    const { clock, ok, status, core } = setup();
    const check = await receiver(hang);
    const setAt = clock.now();
    await ok('watcher.configure', { heartbeat: { url: check.url, method: 'GET' }, aliveSummary: null });
    await check.received(1);
    clock.advance(10_000);
    await vi.waitFor(async () =>
      expect((await status()).heartbeat).toMatchObject({ lastError: { at: setAt, detail: 'no answer within 10 s' }, failuresInRow: 1 }),
    );
    await check.allConnectionsClosed();
    clock.advance(50_000);
    await check.received(2);
    expect((await status()).heartbeat.lastAttemptAt).toBe(setAt + 60_000);
    core.close();
  });

  it('shows a failure and its recovery, and logs a failing heartbeat once, not every minute, never with its address', async () => {
    const { clock, ok, status, lines, core } = setup();
    let failing = true;
    const check = await receiver((response) => (failing ? answerError(response) : answerOk(response)));
    await ok('watcher.configure', { heartbeat: { url: `${check.url}/${CHECK_KEY}`, method: 'GET' }, aliveSummary: null });
    for (let minute = 1; minute <= 4; minute += 1) {
      await check.received(minute);
      await vi.waitFor(async () => expect((await status()).heartbeat.failuresInRow).toBe(minute));
      clock.advance(60_000);
    }
    expect((await status()).heartbeat.lastError?.detail).toBe(`HTTP 500 from ${new URL(check.url).host}`);
    failing = false;
    await check.received(5);
    await vi.waitFor(async () => expect((await status()).heartbeat.failuresInRow).toBe(0));
    const heartbeatLines = lines.filter((line) => line.includes('heartbeat'));
    expect(heartbeatLines).toHaveLength(2); // the first failure, and the recovery
    expect(heartbeatLines.join('')).not.toContain(CHECK_KEY);
    // It stays visible after the recovery, so a flaky receiver shows.
    expect((await status()).heartbeat.lastError).not.toBeNull();
    core.close();
  });

  it('still shows the last success and the last error after a restart, and forgets them when the address changes', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = setup({ clock, dataDir });
    let answer: (response: ServerResponse) => void = answerOk;
    const check = await receiver((response) => answer(response));
    await first.ok('watcher.configure', { heartbeat: { url: `${check.url}/${CHECK_KEY}`, method: 'GET' }, aliveSummary: null });
    const succeededAt = clock.now();
    await check.received(1);
    await vi.waitFor(async () => expect((await first.status()).heartbeat.lastSuccessAt).toBe(succeededAt));
    answer = answerError;
    clock.advance(60_000);
    await check.received(2);
    await vi.waitFor(async () => expect((await first.status()).heartbeat.failuresInRow).toBe(1));
    const before = (await first.status()).heartbeat;
    first.core.close();

    // Started again with the receiver gone quiet (its first call hangs): the Overview shows the last calls before the restart.
    answer = hang;
    const second = setup({ clock, dataDir, key: first.key });
    await check.received(3);
    expect((await second.status()).heartbeat).toEqual(before);
    expect(before).toEqual({
      target: new URL(check.url).host,
      lastAttemptAt: succeededAt + 60_000,
      lastSuccessAt: succeededAt,
      lastError: { at: succeededAt + 60_000, detail: `HTTP 500 from ${new URL(check.url).host}` },
      failuresInRow: 1,
    });
    const other = await receiver(answerOk);
    await second.ok('watcher.configure', { heartbeat: { url: other.url, method: 'GET' }, aliveSummary: null });
    await other.received(1);
    await vi.waitFor(async () => expect((await second.status()).heartbeat.lastSuccessAt).toBe(clock.now()));
    expect((await second.status()).heartbeat).toMatchObject({ target: new URL(other.url).host, lastError: null, failuresInRow: 0 });
    second.core.close();

    const third = setup({ clock, dataDir, key: first.key });
    expect((await third.status()).heartbeat).toMatchObject({
      target: new URL(other.url).host,
      lastSuccessAt: clock.now(),
      lastError: null,
    });
    third.core.close();
  });

  it('refuses an address that is not http or https at the contract, and keeps the key out of the audit log', async () => {
    const { ok, asAdmin, core } = setup();
    for (const url of ['ftp://hc-ping.example/check', 'hc-ping.example/check', 'javascript:alert(1)'])
      expect(await asAdmin('watcher.configure', { heartbeat: { url, method: 'GET' }, aliveSummary: null })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fields: [expect.objectContaining({ path: 'heartbeat.url' })] },
      });
    expect(
      await asAdmin('watcher.configure', { heartbeat: { url: 'https://hc-ping.example/x', method: 'PUT' }, aliveSummary: null }),
    ).toMatchObject({
      ok: false,
    });
    expect(await ok('watcher.settings')).toEqual({ heartbeat: null, aliveSummary: null });
    await ok('watcher.configure', { heartbeat: { url: `https://hc-ping.example/${CHECK_KEY}`, method: 'GET' }, aliveSummary: null });
    const audit = await ok<AuditPage>('audit.list', {});
    expect(audit.entries.find((entry) => entry.action === 'watcher.configure')).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(CHECK_KEY);
    core.close();
  });
});

describe('the daily alive summary', () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
  });

  /** When (on the fake clock) each summary went out: the signed webhook carries the time it was made. */
  const sentAt = (hook: WebhookReceiver) =>
    hook.requests.map((request) => new Date(Number(request.headers['x-watchroom-timestamp'])).toISOString());

  async function withSummary(harness: ReturnType<typeof setup>, hook: WebhookReceiver, time = '09:00') {
    const channel = await harness.ok<Channel>('channels.create', {
      name: 'Ops chat',
      config: { kind: 'webhook', url: hook.url, secret: 'a-long-enough-secret' },
    });
    await harness.ok('watcher.configure', { heartbeat: null, aliveSummary: { time, channelId: channel.id } });
    return channel;
  }

  it('goes at the time on the console’s clock, saying how many monitors and open alerts there are', async () => {
    process.env.TZ = 'Europe/Berlin';
    const harness = setup({ clock: new FakeClock(Date.UTC(2026, 2, 28, 7, 50)) }); // 08:50 CET
    const hook = await receiver(answerOk);
    await withSummary(harness, hook);
    const site = await harness.ok<{ id: string }>('sites.create', { name: 'Depot North' });
    harness.targets.refuse('10.0.0.5:554');
    await harness.ok('monitors.create', {
      siteId: site.id,
      name: 'Recorder',
      probe: { kind: 'tcp', host: '10.0.0.5', port: 554 },
      intervalSeconds: 60,
      timeoutSeconds: 5,
      failuresToDown: 1,
    });
    // The send is let finish over its real socket before the fake clock moves on (its timeout runs on that clock).
    await harness.clock.advanceAsync(10 * 60_000, 60_000);
    await hook.received(1);
    expect(sentAt(hook)).toEqual(['2026-03-28T08:00:00.000Z']); // 09:00 CET
    expect(JSON.parse(hook.requests[0]?.body ?? '{}')).toMatchObject({
      event: 'alive',
      severity: 'info',
      summary: 'Watchroom console alive: 1 monitor, 1 open alert (1 critical)',
    });
    await vi.waitFor(async () =>
      expect((await harness.status()).aliveSummary).toMatchObject({
        lastSentDay: '2026-03-28',
        lastOutcome: { stage: 'delivered', status: 200 },
      }),
    );
    expect((await harness.status()).aliveSummaryPlan).toEqual({ time: '09:00', channelName: 'Ops chat' });
    harness.core.close();
  });

  it('sends nothing twice when the hour repeats as clocks go back (25 October 2026), nor after a restart the same day (the day is stored)', async () => {
    process.env.TZ = 'Europe/Berlin';
    const dataDir = tempDir();
    const clock = new FakeClock(Date.UTC(2026, 9, 24, 23, 0)); // 01:00 CEST on 25 October
    const first = setup({ clock, dataDir });
    const hook = await receiver(answerOk);
    await withSummary(first, hook, '02:30');
    // 02:30 CEST is 00:30 UTC; the clocks go back at 01:00 UTC and show 02:30 again (CET) at 01:30 UTC.
    // Each send is let finish over its real socket before the fake clock moves on (its timeout runs on that clock).
    await clock.advanceAsync(90 * 60_000, 60_000);
    await hook.received(1);
    await vi.waitFor(async () => expect((await first.status()).aliveSummary.lastOutcome).not.toBeNull());
    await clock.advanceAsync(70 * 60_000, 60_000); // past 01:30 UTC, the second 02:30 of the day
    first.core.close();

    const second = setup({ clock, dataDir, key: first.key });
    await clock.advanceAsync(10 * 60_000, 60_000);
    expect(sentAt(hook)).toEqual(['2026-10-25T00:30:00.000Z']);
    expect((await second.status()).aliveSummary.lastSentDay).toBe('2026-10-25');
    second.core.close();
  });

  it('refuses a pager channel or one that does not exist, naming the field', async () => {
    const harness = setup();
    const pager = await harness.ok<Channel>('channels.create', {
      name: 'On call',
      config: { kind: 'pagerduty', routingKey: 'routing-key-1' },
    });
    for (const channelId of [pager.id, 'no-such-channel'])
      expect(await harness.asAdmin('watcher.configure', { heartbeat: null, aliveSummary: { time: '08:00', channelId } })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fields: [{ path: 'aliveSummary.channelId' }] },
      });
    expect(
      await harness.asAdmin('watcher.configure', { heartbeat: null, aliveSummary: { time: '8 am', channelId: pager.id } }),
    ).toMatchObject({
      ok: false,
      error: { fields: [expect.objectContaining({ path: 'aliveSummary.time' })] },
    });
    harness.core.close();
  });
});
