import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';

const tempDir = useTempDirs();

async function auditCount(call: ReturnType<typeof startTestCore>['call']): Promise<number> {
  const page = await call('audit.list', { limit: 500 });
  if (!page.ok) throw new Error(page.error.message);
  return (page.value as { entries: unknown[] }).entries.length;
}

describe('input that is not well-formed Unicode', () => {
  it('monitors.delete {id: "\\ud800"} is refused with a clear message, writes nothing, and audit.verify stays OK', async () => {
    const { core, call } = startTestCore(tempDir());
    expect(await call('sites.create', { name: 'Depot North' })).toMatchObject({ ok: true });
    const before = await auditCount(call);

    const result = await call('monitors.delete', { id: '\ud800' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'The input of monitors.delete has a broken character in "id" (a lone UTF-16 surrogate); retype or paste it again',
        fields: [{ path: 'id', message: 'contains a broken character (a lone UTF-16 surrogate); retype or paste it again' }],
      },
    });
    expect(await auditCount(call)).toBe(before);
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true } });
    core.close();
  });

  it('is refused wherever it hides: deep in a payload, in an object key, in a field no schema reads', async () => {
    const { core, call } = startTestCore(tempDir());
    const cases: [string, unknown, string][] = [
      ['sites.create', { name: 'Depot', tags: ['ok', 'bad \udfff'] }, 'tags.1'],
      ['settings.set', { consoleName: 'Desk', '\ud800': 1 }, '\ufffd'],
      [
        'monitors.create',
        { siteId: 's', name: 'n', probe: { kind: 'http', url: 'https://a.example/', headers: { 'X-\udc00': 'v' } } },
        'probe.headers.X-\ufffd',
      ],
      ['audit.list', { actor: 'a\ud83d' }, 'actor'],
    ];
    for (const [method, input, path] of cases) {
      const result = await call(method, input);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path }] } });
      if (!result.ok) expect(result.error.message.isWellFormed(), method).toBe(true);
    }
    // A pair (an emoji) is well formed and goes through.
    expect(await call('sites.create', { name: 'Depot \ud83d\ude80' })).toMatchObject({ ok: true, value: { name: 'Depot \u{1F680}' } });
    expect(await auditCount(call)).toBe(1);
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true } });
    core.close();
  });
});
