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
});
