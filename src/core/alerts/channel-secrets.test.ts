import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuditPage, Channel } from '../../shared/contract';

const tempDir = useTempDirs();
const MASK = '\u2022'.repeat(16);
const HOOK = 'https://hooks.example/services/T000/B000/XXXX?token=abc';
const SECRETS = ['T000/B000', 'XXXX', 'token=abc', 'sign-with-this-secret', 'api-key-4411', 'smtp-Pa55word'];

function start() {
  const harness = startTestCore(tempDir(), { clock: new FakeClock() });
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const storedConfig = (id: string) =>
    JSON.parse(
      (harness.core.store.sqlite.prepare('SELECT config_json AS config FROM channels WHERE id = ?').get(id) as { config: string }).config,
    ) as Record<string, unknown>;
  return { ...harness, ok, storedConfig };
}

const webhook = {
  name: 'Duty phone',
  config: { kind: 'webhook', url: HOOK, secret: 'sign-with-this-secret', headers: { 'X-Api-Key': 'api-key-4411' } },
};
const email = {
  name: 'Night desk',
  config: {
    kind: 'email',
    host: 'smtp.example',
    username: 'watchroom',
    password: 'smtp-Pa55word',
    from: 'watchroom@example.com',
    to: ['desk@example.com'],
  },
};

function expectNoSecret(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('secrets of notification channels', () => {
  it('lists a webhook with its address past the first segment, its secret and its header values masked, and an SMTP password masked', async () => {
    const harness = start();
    const created = await harness.ok<Channel>('channels.create', webhook);
    await harness.ok<Channel>('channels.create', email);
    const listed = await harness.ok<Channel[]>('channels.list');
    expect(listed.find((c) => c.id === created.id)?.config).toEqual({
      kind: 'webhook',
      url: 'https://hooks.example/services/••••',
      secret: MASK,
      headers: { 'X-Api-Key': MASK },
      timeoutSeconds: 5,
    });
    expect(listed.find((c) => c.name === 'Night desk')?.config).toMatchObject({ username: 'watchroom', password: MASK });
    expectNoSecret([created, listed]);
    harness.core.close();
  });

  it('keeps every stored secret when an edit sends the masked values back, and refuses a masked address edited by hand', async () => {
    const harness = start();
    const created = await harness.ok<Channel>('channels.create', webhook);
    const shown = (await harness.ok<Channel[]>('channels.list'))[0]!;
    await harness.ok<Channel>('channels.update', {
      id: created.id,
      channel: { name: 'Duty phone 2', config: shown.config, ratePerMinute: 10 },
    });
    expect(harness.storedConfig(created.id)).toMatchObject({
      url: HOOK,
      secret: 'sign-with-this-secret',
      headers: { 'X-Api-Key': 'api-key-4411' },
    });

    const newAddress = 'https://hooks.example/services/T999/B999/YYYY';
    await harness.ok<Channel>('channels.update', {
      id: created.id,
      channel: { name: 'Duty phone 2', config: { ...shown.config, url: newAddress } },
    });
    expect(harness.storedConfig(created.id)).toMatchObject({ url: newAddress, secret: 'sign-with-this-secret' });

    const refused = await harness.call('channels.update', {
      id: created.id,
      channel: { name: 'Duty phone 2', config: { ...shown.config, url: 'https://other.example/services/••••' } },
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields).toEqual([expect.objectContaining({ path: 'config.url' })]);
    expect(harness.storedConfig(created.id)).toMatchObject({ url: newAddress });
    harness.core.close();
  });

  it('keeps channel secrets out of the audit log, including a refused command', async () => {
    const harness = start();
    const created = await harness.ok<Channel>('channels.create', webhook);
    await harness.ok<Channel>('channels.create', email);
    // Refused by core (a mask with nothing stored behind it): the refusal and its input are audited.
    expect((await harness.call('channels.create', { ...webhook, config: { ...webhook.config, secret: MASK } })).ok).toBe(false);
    await harness.ok('channels.delete', { id: created.id });
    const audit = await harness.ok<AuditPage>('audit.list', {});
    expect(audit.entries.filter((e) => e.action.startsWith('channels.')).map((e) => [e.action, e.result])).toEqual(
      expect.arrayContaining([
        ['channels.create', 'ok'],
        ['channels.create', 'error'],
        ['channels.delete', 'ok'],
      ]),
    );
    expectNoSecret(audit.entries);
    harness.core.close();
  });

  it('masks the new kinds: a chat webhook address, a PagerDuty routing key, an Opsgenie API key and an SMS gateway credential; an edit keeps them', async () => {
    const harness = start();
    const kinds = [
      { name: 'Ops Slack', config: { kind: 'slack', url: 'https://hooks.slack.com/services/T0SLACK/B0SLACK/SLACKSECRET' } },
      { name: 'Ops Teams', config: { kind: 'teams', url: 'https://contoso.webhook.office.com/webhookb2/TEAMSSECRET/IncomingWebhook/x' } },
      { name: 'On call', config: { kind: 'pagerduty', routingKey: 'PDROUTINGKEY0123' } },
      { name: 'Genie', config: { kind: 'opsgenie', apiKey: 'OGAPIKEY0123' } },
      {
        name: 'Texts',
        config: {
          kind: 'sms',
          url: 'https://sms.example/send?api_key=SMSKEY0123',
          bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}',
          recipients: ['+4915112345678'],
          headers: { Authorization: 'Basic SMSAUTH0123' },
        },
      },
    ];
    const secrets = ['T0SLACK', 'SLACKSECRET', 'TEAMSSECRET', 'PDROUTINGKEY0123', 'OGAPIKEY0123', 'SMSKEY0123', 'SMSAUTH0123'];
    const created = await Promise.all(kinds.map((channel) => harness.ok<Channel>('channels.create', channel)));
    const listed = await harness.ok<Channel[]>('channels.list');
    const configOf = (name: string) => listed.find((channel) => channel.name === name)?.config;
    expect(configOf('Ops Slack')).toMatchObject({ url: 'https://hooks.slack.com/services/••••' });
    expect(configOf('On call')).toMatchObject({ routingKey: MASK, eventsUrl: 'https://events.pagerduty.com/v2/enqueue' });
    expect(configOf('Genie')).toMatchObject({ apiKey: MASK });
    expect(configOf('Texts')).toMatchObject({ headers: { Authorization: MASK } });

    for (const channel of listed)
      await harness.ok('channels.update', { id: channel.id, channel: { name: channel.name, config: channel.config } });
    expect(created.map((channel) => harness.storedConfig(channel.id))).toEqual(kinds.map((kind) => expect.objectContaining(kind.config)));

    const audit = await harness.ok<AuditPage>('audit.list', {});
    const text = JSON.stringify([created, listed, audit.entries]);
    for (const secret of secrets) expect(text).not.toContain(secret);
    harness.core.close();
  });
});
