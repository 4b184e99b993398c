import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { EventMessage } from '../../shared/contract';
import { LOCAL_OPERATOR, type Actor } from './policy';

const tempDir = useTempDirs();

async function auditCount(call: ReturnType<typeof startTestCore>['call']) {
  const page = await call('audit.list', { limit: 500 });
  if (!page.ok) throw new Error(page.error.message);
  return (page.value as { entries: unknown[] }).entries.length;
}

describe('the command dispatcher', () => {
  it('runs a command, records who changed what from what to what, and emits the change', async () => {
    const { core, call, clock } = startTestCore(tempDir());
    const seen: EventMessage[] = [];
    core.dispatcher.subscribe((m) => seen.push(m));
    const result = await call('settings.set', { consoleName: 'Night desk', uiScale: 'wall' });
    expect(result).toMatchObject({ ok: true, value: { consoleName: 'Night desk', uiScale: 'wall', timeZone: 'local' } });

    const page = await call('audit.list', {});
    expect(page).toMatchObject({
      ok: true,
      value: {
        entries: [
          {
            seq: 1,
            actor: 'local-operator',
            action: 'settings.set',
            target: 'settings:consoleName,uiScale',
            before: { consoleName: 'Control room', uiScale: 'normal' },
            after: { consoleName: 'Night desk', uiScale: 'wall' },
            result: 'ok',
            at: clock.now(),
          },
        ],
      },
    });
    expect(seen.map((m) => m.event)).toEqual(['audit.appended', 'settings.changed']);
    core.close();
  });

  it('refuses input that fails its schema with invalid_input naming each field, and changes nothing', async () => {
    const { core, call } = startTestCore(tempDir());
    const result = await call('settings.set', { consoleName: '', healthRefreshSeconds: 0.5, bogus: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const paths = (result.error.fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['consoleName', 'healthRefreshSeconds']));
    expect(result.error.fields?.find((f) => f.path === 'consoleName')?.message).toBe('Give the console a name');
    expect(await call('settings.get')).toMatchObject({ ok: true, value: { consoleName: 'Control room', healthRefreshSeconds: 5 } });
    expect(await auditCount(call)).toBe(0);
    core.close();
  });

  it('answers unknown_method for a method the contract does not have', async () => {
    const { core, call } = startTestCore(tempDir());
    expect(await call('settings.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    core.close();
  });

  it('refuses a payload over 1 MB before parsing it', async () => {
    const { core, call } = startTestCore(tempDir());
    const result = await call('settings.set', { consoleName: 'x'.repeat(1024 * 1024 + 1) });
    expect(result).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(await auditCount(call)).toBe(0);
    core.close();
  });

  it('refuses a viewer a command, records the refusal, and changes nothing', async () => {
    const { core, call } = startTestCore(tempDir());
    const stranger: Actor = { ...LOCAL_OPERATOR, id: 'stranger', displayName: 'Stranger', role: 'viewer', access: 'signed-in' };
    const result = await call('settings.set', { consoleName: 'Hijacked' }, stranger);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('settings.get')).toMatchObject({ ok: true, value: { consoleName: 'Control room' } });
    const page = await call('audit.list', {});
    expect(page).toMatchObject({ ok: true, value: { entries: [{ actor: 'stranger', action: 'settings.set', result: 'error' }] } });
    core.close();
  });

  it('keeps the audit chain verifiable across many commands', async () => {
    const { core, call } = startTestCore(tempDir());
    for (let i = 0; i < 20; i += 1) await call('settings.set', { healthRefreshSeconds: i + 1 });
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true, checked: 20, problemCount: 0, problems: [] } });
    core.close();
  });

  it('keeps only the size, SHA-256 and first 2 KB of a refused command’s input: 50 refused 1 MB imports add well under 1 MB', async () => {
    const { core, call } = startTestCore(tempDir());
    const databaseBytes = () => {
      const pages = core.store.sqlite.pragma('page_count', { simple: true }) as number;
      const free = core.store.sqlite.pragma('freelist_count', { simple: true }) as number;
      return (pages - free) * (core.store.sqlite.pragma('page_size', { simple: true }) as number);
    };
    const text = `{"sites": [${'1, '.repeat(345_000)}`;
    expect(Buffer.byteLength(JSON.stringify({ text }))).toBeGreaterThan(1_000_000);
    const before = databaseBytes();
    for (let i = 0; i < 50; i += 1)
      expect(await call('config.import', { text })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(databaseBytes() - before).toBeLessThan(300_000);

    const refusal = await call('audit.list', { limit: 1 });
    const received = JSON.stringify({ text });
    expect(refusal).toMatchObject({
      ok: true,
      value: {
        entries: [
          {
            action: 'config.import',
            result: 'error',
            before: {
              bytes: Buffer.byteLength(received),
              sha256: createHash('sha256').update(received).digest('hex'),
              excerpt: received.slice(0, 2048),
              truncated: true,
            },
          },
        ],
      },
    });
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true, checked: 50 } });
    core.close();
  });

  it('persists settings across a restart of core', async () => {
    const dir = tempDir();
    const first = startTestCore(dir);
    await first.call('settings.set', { timeZone: 'utc' });
    first.core.close();
    const second = startTestCore(dir, { key: first.key });
    expect(await second.call('settings.get')).toMatchObject({ ok: true, value: { timeZone: 'utc' } });
    second.core.close();
  });

  it('answers health with a measured database latency', async () => {
    const { core, call } = startTestCore(tempDir());
    const health = await call('app.health');
    expect(health).toMatchObject({ ok: true, value: { uptimeMs: 0 } });
    if (health.ok) expect((health.value as { dbLatencyMs: number }).dbLatencyMs).toBeGreaterThanOrEqual(0);
    expect(await call('app.info')).toMatchObject({ ok: true, value: { database: { encrypted: true, cipher: 'sqlcipher' }, notices: [] } });
    core.close();
  });
});
