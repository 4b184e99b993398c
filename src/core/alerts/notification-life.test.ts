import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AlertDetail, AlertSnapshot, Channel, NotificationOutcome, Rule } from '../../shared/contract';
import { startWebhookReceiver, type WebhookReceiver } from './notifiers/testing/servers';

const tempDir = useTempDirs();
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

const TOKEN = 'hook-token-Zq81'; // part of the channel's address: a secret a console is never shown

function plain(status: number, body: string) {
  return (response: ServerResponse) => response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
}

/** A real core and its real notifier on a fake clock, with one webhook channel on the monitor-down rule. */
async function setup(answer: (response: ServerResponse, index: number) => void) {
  const clock = new FakeClock();
  const targets = new FakeTargets(clock);
  const hook = await startWebhookReceiver(answer);
  receivers.push(hook);
  const { core, call } = startTestCore(tempDir(), { clock, runProbe: targets.runner });
  core.start();
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const channel = await ok<Channel>('channels.create', {
    name: 'Ops webhook',
    config: { kind: 'webhook', url: `${hook.url}?token=${TOKEN}`, secret: 'a-long-enough-secret' },
  });
  await ok<Rule>('rules.update', {
    id: 'builtin-monitor-down',
    basedOnVersion: 1,
    rule: { name: 'Monitor down', condition: { kind: 'monitor-down' }, severity: 'critical', channelIds: [channel.id] },
  });
  const site = await ok<{ id: string }>('sites.create', { name: 'Depot North' });
  targets.refuse('10.0.0.5:554');
  await ok('monitors.create', {
    siteId: site.id,
    name: 'Recorder',
    probe: { kind: 'tcp', host: '10.0.0.5', port: 554 },
    intervalSeconds: 10,
    timeoutSeconds: 5,
    failuresToDown: 1,
  });
  await clock.advanceAsync(1000);
  const [alert] = (await ok<AlertSnapshot>('alerts.snapshot')).alerts;
  if (!alert) throw new Error('the alert did not fire');
  const detail = () => ok<AlertDetail>('alerts.get', { id: alert.id });
  /** Waits (in real time: the receiver answers over a real socket) until the alert holds `n` notification steps. */
  const steps = async (n: number): Promise<NotificationOutcome[]> => {
    await vi.waitFor(async () => expect((await detail()).notifications).toHaveLength(n), { timeout: 5000, interval: 10 });
    return [...(await detail()).notifications].reverse();
  };
  return { clock, hook, core, detail, steps };
}

describe("a notification's whole life on the alert", () => {
  it('records each retry with its attempt number and the answer, then the delivery; the history tells only how it ended', async () => {
    const { clock, hook, core, detail, steps } = await setup((response, index) =>
      index < 2 ? plain(503, `upstream busy, retry later (token=${TOKEN})`)(response) : plain(200, 'ok')(response),
    );
    await hook.received(1);
    expect(await steps(1)).toEqual([
      expect.objectContaining({
        stage: 'retrying',
        attempts: 1,
        ok: false,
        status: 503,
        // The receiver quoted the channel's own token back: cut out before it is stored.
        answer: 'upstream busy, retry later (token=[redacted])',
        detail: expect.stringMatching(/^attempt 1 of 3: HTTP 503 from 127\.0\.0\.1:\d+: .*; retry 2 of 3 in 1 s$/),
      }),
    ]);
    clock.advance(1000);
    await hook.received(2);
    expect((await steps(2))[1]).toMatchObject({ stage: 'retrying', attempts: 2, detail: expect.stringContaining('retry 3 of 3 in 4 s') });
    clock.advance(4000);
    await hook.received(3);
    const [, , delivered] = await steps(3);
    expect(delivered).toMatchObject({ stage: 'delivered', ok: true, attempts: 3, status: 200, answer: 'ok', channelName: 'Ops webhook' });
    const { history, alert } = await detail();
    expect(history.filter((event) => event.kind.startsWith('notif'))).toEqual([
      expect.objectContaining({ kind: 'notified', detail: expect.stringContaining('(3 attempts)') }),
    ]);
    expect(alert.lastNotification).toMatchObject({ stage: 'delivered', status: 200 });
    expect(JSON.stringify(await detail())).not.toContain(TOKEN);
    core.close();
  });

  it('records a refusal for good as failed at once, with the status and what the receiver said', async () => {
    const { core, hook, steps } = await setup(plain(410, 'this hook was removed'));
    await hook.received(1);
    expect(await steps(1)).toEqual([
      expect.objectContaining({ stage: 'failed', ok: false, attempts: 1, status: 410, answer: 'this hook was removed' }),
    ]);
    core.close();
  });
});
