import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import type { CronZone } from '../../../shared/domain/cron';
import { createNotifier, type Notifier } from './index';
import { alertMessage, channelOf } from './testing/fixtures';
import { collectOutcomes, memoryLogger } from './testing/outcomes';
import { startWebhookReceiver, type WebhookReceiver } from './testing/servers';
import { watchTimers } from './testing/timers';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((step) => step()));
  cleanup = [];
});

function setup(options: { now?: number; zone?: CronZone } = {}) {
  const clock = new FakeClock(options.now);
  const timers = watchTimers(clock);
  const outcomes = collectOutcomes();
  const { logger, lines } = memoryLogger();
  const notifier: Notifier = createNotifier({
    clock,
    timers,
    logger,
    timeZone: () => options.zone ?? 'utc',
    onOutcome: outcomes.onOutcome,
  });
  cleanup.push(() => notifier.stop());
  return { clock, timers, notifier, outcomes, lines };
}

async function receiver(
  answer: Parameters<typeof startWebhookReceiver>[0] = (response) => response.writeHead(200).end(),
): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  cleanup.push(() => started.close());
  return started;
}

const hostOf = (url: string): string => new URL(url).host;
const bodyOf = (hook: WebhookReceiver, index = 0): unknown => JSON.parse(hook.requests[index]?.body ?? 'null');
const CONSOLE_URL = 'https://watchroom.example.com/';
const FACTS = [
  ['Severity', 'critical'],
  ['Event', 'Fired'],
  ['Subject', 'Depot uplink'],
  ['Site', 'North depot'],
  ['Rule', 'Monitor down'],
  ['First seen', '2026-11-23 07:58:00 UTC'],
] as const;

describe('chat incoming webhooks', () => {
  it('Slack: a colour bar by severity, the facts as fields and a button back to the console', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver();
    notifier.send(
      channelOf({ kind: 'slack', url: hook.url, consoleUrl: CONSOLE_URL }),
      alertMessage({ summary: 'Depot <uplink> & co is down' }),
    );
    expect(await outcomes.nth(1)).toMatchObject({ ok: true, attempts: 1, detail: `HTTP 200 from ${hostOf(hook.url)} (1 attempt)` });
    expect(hook.requests[0]?.headers['content-type']).toBe('application/json');
    expect(bodyOf(hook)).toEqual({
      text: '[CRITICAL] Depot <uplink> & co is down',
      attachments: [
        {
          color: '#D32F2F',
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: '*[CRITICAL] Depot &lt;uplink&gt; &amp; co is down*' } },
            { type: 'section', fields: FACTS.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })) },
            { type: 'context', elements: [{ type: 'mrkdwn', text: 'Watchroom Control room' }] },
            { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open Watchroom' }, url: CONSOLE_URL }] },
          ],
        },
      ],
    });
  });

  it('Teams: a MessageCard with the theme colour, the facts and an "Open Watchroom" action; no action without a console address', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver();
    notifier.send(channelOf({ kind: 'teams', url: hook.url, consoleUrl: CONSOLE_URL }), alertMessage({ severity: 'high' }));
    notifier.send(channelOf({ kind: 'teams', url: hook.url }, { id: 'ch-2' }), alertMessage({ severity: 'high', event: 'resolved' }));
    await outcomes.count(2);
    expect(bodyOf(hook, 0)).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: '[HIGH] Depot uplink is down: connection refused',
      themeColor: 'F57C00',
      title: '[HIGH] Depot uplink is down: connection refused',
      sections: [
        {
          activitySubtitle: 'Watchroom Control room',
          facts: FACTS.map(([name, value]) => ({ name, value: name === 'Severity' ? 'high' : value })),
          markdown: false,
        },
      ],
      potentialAction: [{ '@type': 'OpenUri', name: 'Open Watchroom', targets: [{ os: 'default', uri: CONSOLE_URL }] }],
    });
    // The resolution is a short green follow-up.
    expect(bodyOf(hook, 1)).toMatchObject({ themeColor: '388E3C', title: '[HIGH] Resolved: Depot uplink is down: connection refused' });
    expect(bodyOf(hook, 1)).not.toHaveProperty('potentialAction');
  });

  it('Mattermost: Slack-style attachment fields, the title linking to the console', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver();
    notifier.send(channelOf({ kind: 'mattermost', url: hook.url, consoleUrl: CONSOLE_URL }), alertMessage({ severity: 'medium' }));
    await outcomes.nth(1);
    expect(bodyOf(hook)).toEqual({
      username: 'Watchroom',
      attachments: [
        {
          fallback: '[MEDIUM] Depot uplink is down: connection refused',
          color: '#FBC02D',
          title: '[MEDIUM] Depot uplink is down: connection refused',
          title_link: CONSOLE_URL,
          fields: FACTS.map(([name, value]) => ({ short: true, title: name, value: name === 'Severity' ? 'medium' : value })),
          footer: 'Watchroom Control room',
        },
      ],
    });
  });
});

describe('PagerDuty Events API v2', () => {
  it('triggers, acknowledges and resolves one page keyed by the fingerprint, with the severity mapped', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver((response) =>
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success","message":"Event processed"}'),
    );
    const channel = channelOf({
      kind: 'pagerduty',
      routingKey: 'R0UT1NGKEY0123456789abcdefabcdef',
      eventsUrl: hook.url,
      consoleUrl: CONSOLE_URL,
    });
    notifier.send(channel, alertMessage({ severity: 'high' }));
    notifier.send(channel, alertMessage({ severity: 'high', event: 'acknowledged' }));
    notifier.send(channel, alertMessage({ severity: 'high', event: 'resolved' }));
    const reported = await outcomes.count(3);
    expect(reported.map((report) => report.outcome.detail)).toEqual(Array(3).fill(`HTTP 202 from ${hostOf(hook.url)} (1 attempt)`));
    expect(bodyOf(hook, 0)).toEqual({
      routing_key: 'R0UT1NGKEY0123456789abcdefabcdef',
      dedup_key: 'rule-1|monitor:m-9',
      event_action: 'trigger',
      payload: {
        summary: '[HIGH] Depot uplink is down: connection refused',
        source: 'Depot uplink',
        severity: 'error',
        timestamp: '2026-11-23T07:58:00.000Z',
        component: 'Depot uplink',
        group: 'North depot',
        class: 'Monitor down',
        custom_details: { alert_id: 'al-7', event: 'fired', occurrences: 3, escalation_level: 0, console: 'Control room' },
      },
      client: 'Watchroom Control room',
      client_url: CONSOLE_URL,
    });
    const key = { routing_key: 'R0UT1NGKEY0123456789abcdefabcdef', dedup_key: 'rule-1|monitor:m-9' };
    expect(bodyOf(hook, 1)).toEqual({ ...key, event_action: 'acknowledge' });
    expect(bodyOf(hook, 2)).toEqual({ ...key, event_action: 'resolve' });
  });

  it("retries PagerDuty's 5xx and 429, but not a refused 400, and quotes its reason", async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const hook = await receiver((response, index) => {
      if (index === 0) response.writeHead(503).end();
      else if (index === 1) response.writeHead(429).end();
      else response.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"invalid event","errors":["bad routing key"]}');
    });
    notifier.send(channelOf({ kind: 'pagerduty', routingKey: 'wrong-key', eventsUrl: hook.url }), alertMessage());
    await timers.pending(1_000);
    clock.advance(1_000);
    await timers.pending(4_000);
    clock.advance(4_000);
    expect(await outcomes.nth(1)).toMatchObject({
      ok: false,
      attempts: 3,
      detail: `HTTP 400 from ${hostOf(hook.url)}: "{"status":"invalid event","errors":["bad routing key"]}", not retried (3 attempts)`,
    });

    notifier.send(channelOf({ kind: 'pagerduty', routingKey: 'wrong-key', eventsUrl: hook.url }, { id: 'ch-2' }), alertMessage());
    expect(await outcomes.nth(2)).toMatchObject({ ok: false, attempts: 1 });
    expect(hook.requests).toHaveLength(4);
  });
});

describe('Opsgenie alerts', () => {
  it('creates an alert with the fingerprint as alias, then acknowledges and closes it by alias, with the key in the header', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver((response) =>
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"result":"Request will be processed"}'),
    );
    const apiUrl = new URL(hook.url).origin;
    const channel = channelOf({ kind: 'opsgenie', apiKey: 'eb243592-faa2-4ba2-a551q-1afdf565c889', apiUrl });
    notifier.send(channel, alertMessage({ severity: 'medium' }));
    notifier.send(channel, alertMessage({ severity: 'medium', event: 'acknowledged' }));
    notifier.send(channel, alertMessage({ severity: 'medium', event: 'resolved' }));
    await outcomes.count(3);
    for (const request of hook.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toBe('GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889');
    }
    expect(hook.requests.map((request) => request.headers.host)).toEqual(Array(3).fill(hostOf(hook.url)));
    expect(bodyOf(hook, 0)).toMatchObject({
      message: '[MEDIUM] Depot uplink is down: connection refused',
      alias: 'rule-1|monitor:m-9',
      priority: 'P3',
      source: 'Watchroom Control room',
      entity: 'Depot uplink',
      tags: ['watchroom', 'medium'],
      details: { alertId: 'al-7', rule: 'Monitor down', site: 'North depot', event: 'fired', console: 'Control room' },
    });
    expect((bodyOf(hook, 0) as { description: string }).description).toMatch(/^Fingerprint: +rule-1\|monitor:m-9$/m);
    expect(bodyOf(hook, 1)).toEqual({
      source: 'Watchroom Control room',
      note: '[MEDIUM] Acknowledged: Depot uplink is down: connection refused',
    });
    expect(bodyOf(hook, 2)).toEqual({
      source: 'Watchroom Control room',
      note: '[MEDIUM] Resolved: Depot uplink is down: connection refused',
    });
  });

  it('addresses acknowledge and close at the alias, escaped in the path', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver((response) => response.writeHead(202).end());
    const channel = channelOf({ kind: 'opsgenie', apiKey: 'key-0123', apiUrl: `${new URL(hook.url).origin}/` });
    notifier.send(channel, alertMessage({ event: 'acknowledged' }));
    notifier.send(channel, alertMessage({ event: 'resolved' }));
    notifier.send(channel, alertMessage());
    await outcomes.count(3);
    expect(hook.requests.map((request) => request.url)).toEqual([
      '/v2/alerts/rule-1%7Cmonitor%3Am-9/acknowledge?identifierType=alias',
      '/v2/alerts/rule-1%7Cmonitor%3Am-9/close?identifierType=alias',
      '/v2/alerts',
    ]);
  });
});

describe('SMS gateway over HTTP', () => {
  it('fills the template per recipient, escaping each value for the content type', async () => {
    const { notifier, outcomes } = setup();
    const hook = await receiver();
    const message = alertMessage({ summary: 'Gate "B" & door\nopen', siteName: null });
    notifier.send(
      channelOf({
        kind: 'sms',
        url: hook.url,
        bodyTemplate: '{"to":"{{to}}","text":"{{ text }}"}',
        recipients: ['+4915112345678', '+4915187654321'],
      }),
      message,
    );
    await outcomes.nth(1);
    notifier.send(
      channelOf(
        {
          kind: 'sms',
          url: hook.url,
          method: 'PUT',
          contentType: 'application/x-www-form-urlencoded',
          bodyTemplate: 'to={{to}}&msg={{summary}}',
          recipients: ['+441234567'],
        },
        { id: 'ch-2' },
      ),
      message,
    );
    const reported = await outcomes.count(2);
    expect(reported[0]?.outcome.detail).toBe(`HTTP 200 from ${hostOf(hook.url)}, 2 of 2 recipients reached (1 attempt)`);
    expect(hook.requests.map((request) => [request.method, request.headers['content-type'], request.body])).toEqual([
      ['POST', 'application/json', '{"to":"+4915112345678","text":"[CRITICAL] Gate \\"B\\" & door\\nopen"}'],
      ['POST', 'application/json', '{"to":"+4915187654321","text":"[CRITICAL] Gate \\"B\\" & door\\nopen"}'],
      ['PUT', 'application/x-www-form-urlencoded', 'to=%2B441234567&msg=Gate%20%22B%22%20%26%20door%0Aopen'],
    ]);
    expect(JSON.parse(hook.requests[0]?.body ?? '')).toEqual({ to: '+4915112345678', text: '[CRITICAL] Gate "B" & door\nopen' });
  });

  it('a retry texts only the recipients the gateway has not accepted yet', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const hook = await receiver((response, index) => response.writeHead(index === 1 ? 502 : 200).end());
    notifier.send(
      channelOf({
        kind: 'sms',
        url: hook.url,
        contentType: 'text/plain',
        bodyTemplate: '{{to}}: {{text}}',
        recipients: ['+111111111', '+222222222'],
      }),
      alertMessage({ siteName: null }),
    );
    await timers.pending(1_000);
    clock.advance(1_000);
    expect(await outcomes.nth(1)).toMatchObject({ ok: true, attempts: 2 });
    expect(hook.requests.map((request) => request.body.split(':')[0])).toEqual(['+111111111', '+222222222', '+222222222']);
  });

  it('refuses a template with an unknown placeholder (no code, only the listed values)', () => {
    expect(() =>
      channelOf({ kind: 'sms', url: 'https://sms.example.com/send', bodyTemplate: '{{process.env}}', recipients: ['+111111111'] }),
    ).toThrow(/Unknown placeholder/);
    expect(() =>
      channelOf({ kind: 'sms', url: 'https://sms.example.com/send', bodyTemplate: '{{secret}}', recipients: ['+111111111'] }),
    ).toThrow(/Unknown placeholder/);
  });
});

describe('timeouts and secrets', () => {
  it('retries a chat webhook that hangs past its timeout, and logs no webhook address, routing key or API key', async () => {
    const { clock, timers, notifier, outcomes, lines } = setup();
    const hook = await receiver(() => undefined);
    const slackUrl = `${hook.url}/T0000/B0000/XXXXSECRETXXXX`;
    notifier.send(channelOf({ kind: 'slack', url: slackUrl, timeoutSeconds: 2 }), alertMessage());
    await hook.received(1);
    await timers.pending(2_000);
    clock.advance(2_000);
    for (const backoffMs of [1_000, 4_000]) {
      await timers.pending(backoffMs);
      clock.advance(backoffMs);
      await timers.pending(2_000);
      clock.advance(2_000);
    }
    expect(await outcomes.nth(1)).toMatchObject({ ok: false, attempts: 3, detail: 'timed out after 2 s (3 attempts)' });

    const refusing = await receiver((response) => response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden'));
    notifier.send(channelOf({ kind: 'pagerduty', routingKey: 'PDSECRETKEY', eventsUrl: refusing.url }, { id: 'ch-2' }), alertMessage());
    notifier.send(
      channelOf({ kind: 'opsgenie', apiKey: 'OGSECRETKEY', apiUrl: new URL(refusing.url).origin }, { id: 'ch-3' }),
      alertMessage(),
    );
    await outcomes.count(3);
    const log = lines.join('');
    expect(log).toContain('notification not delivered');
    for (const secret of ['XXXXSECRETXXXX', 'PDSECRETKEY', 'OGSECRETKEY']) expect(log).not.toContain(secret);
  });
});

describe('quiet hours', () => {
  const quietChannel = (url: string, zone: Record<string, unknown> = {}) =>
    channelOf({ kind: 'slack', url, quietHours: { ...zone } }, { name: 'Night shift chat' });

  it('default to 22:00-06:00 and hold all but critical alerts across midnight, saying so in the outcome', async () => {
    // 23:30 UTC on 22 November: inside the window that started before midnight.
    const { clock, notifier, outcomes, lines } = setup({ now: Date.UTC(2026, 10, 22, 23, 30) });
    const hook = await receiver();
    const channel = quietChannel(hook.url);
    expect(channel.config.quietHours).toEqual({ start: '22:00', end: '06:00' });

    notifier.send(channel, alertMessage({ severity: 'high' }));
    expect(await outcomes.nth(1)).toMatchObject({ ok: false, attempts: 0, detail: 'held: quiet hours 22:00\u201306:00, not sent' });
    notifier.send(channel, alertMessage({ severity: 'critical' }));
    expect(await outcomes.nth(2)).toMatchObject({ ok: true, attempts: 1 });

    clock.advance(6 * 3_600_000 + 29 * 60_000); // 05:59 the next morning: still quiet
    notifier.send(channel, alertMessage({ severity: 'medium' }));
    expect(await outcomes.nth(3)).toMatchObject({ ok: false, detail: 'held: quiet hours 22:00\u201306:00, not sent' });
    clock.advance(60_000); // 06:00: quiet hours are over
    notifier.send(channel, alertMessage({ severity: 'medium' }));
    expect(await outcomes.nth(4)).toMatchObject({ ok: true, attempts: 1 });
    expect(hook.requests).toHaveLength(2);
    // Held on purpose is not a delivery failure.
    expect(lines.join('')).not.toContain('notification not delivered');
    expect(outcomes.reported.map((report) => report.outcome.stage === 'held')).toEqual([true, false, true, false]);
  });

  it('a window within one day holds only inside it', async () => {
    const { clock, notifier, outcomes } = setup({ now: Date.UTC(2026, 10, 23, 12, 59) });
    const hook = await receiver();
    const channel = quietChannel(hook.url, { start: '13:00', end: '14:00' });
    // Each delivery finishes before the clock moves on, so no attempt outlives its timeout.
    notifier.send(channel, alertMessage({ severity: 'low' }));
    await outcomes.nth(1);
    clock.advance(60_000);
    notifier.send(channel, alertMessage({ severity: 'low' }));
    clock.advance(3_600_000);
    notifier.send(channel, alertMessage({ severity: 'low' }));
    const reported = await outcomes.count(3);
    expect(reported.map((report) => report.outcome.ok)).toEqual([true, false, true]);
  });

  describe('in the console time zone with daylight saving (Europe/Berlin; clocks go forward on 29 March 2026 at 02:00)', () => {
    const originalZone = process.env.TZ;
    afterEach(() => {
      if (originalZone === undefined) delete process.env.TZ;
      else process.env.TZ = originalZone;
    });

    it('follows the wall clock: 04:30 UTC is 05:30 (held) before the change and 06:30 (sent) after it', async () => {
      process.env.TZ = 'Europe/Berlin';
      const { clock, notifier, outcomes } = setup({ now: Date.UTC(2026, 2, 28, 4, 30), zone: 'local' });
      const hook = await receiver();
      const channel = quietChannel(hook.url);
      notifier.send(channel, alertMessage({ severity: 'high' }));
      clock.advance(24 * 3_600_000); // 29 March, 04:30 UTC: 06:30 summer time
      notifier.send(channel, alertMessage({ severity: 'high' }));
      const reported = await outcomes.count(2);
      expect(reported.map((report) => report.outcome.detail.startsWith('held'))).toEqual([true, false]);
    });

    it("reads the console's setting: in UTC the same instants are both quiet", async () => {
      process.env.TZ = 'Europe/Berlin';
      const { clock, notifier, outcomes } = setup({ now: Date.UTC(2026, 2, 28, 4, 30), zone: 'utc' });
      const hook = await receiver();
      notifier.send(quietChannel(hook.url), alertMessage({ severity: 'high' }));
      clock.advance(24 * 3_600_000);
      notifier.send(quietChannel(hook.url), alertMessage({ severity: 'high' }));
      const reported = await outcomes.count(2);
      expect(reported.map((report) => report.outcome.detail.startsWith('held'))).toEqual([true, true]);
    });
  });
});
