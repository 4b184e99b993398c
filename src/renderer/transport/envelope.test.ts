import { describe, expect, it, vi } from 'vitest';

/** The console's first bundle has no pattern engine: fresh modules, without the engine the test setup registers. */
async function withoutPatternEngine() {
  vi.resetModules();
  const patterns = await import('../../shared/contract/patterns');
  const envelope = await import('./envelope');
  return { ...patterns, ...envelope };
}

const templateWithPattern = (pattern: string) => ({
  slug: 'camera-down',
  version: 1,
  name: 'Camera down',
  description: '',
  steps: [{ id: 'ticket', title: 'Open a ticket', kind: 'input', input: { label: 'Ticket', pattern, example: 'AB-123456' } }],
  source: 'console',
  createdAt: 0,
  createdBy: 'operator',
});

describe('SOP patterns before the console has loaded the pattern engine', () => {
  it('refuses every pattern as still being checked, never as checked, and judges them once the engine is loaded', async () => {
    const { patternRefusal, compilePattern, loadPatternEngine, patternEngineReady } = await withoutPatternEngine();
    expect(patternEngineReady()).toBe(false);
    expect(patternRefusal('^AB-\\d{6}$')).toBe('Checking the pattern…');
    expect(compilePattern('(a)\\1')).toEqual({ ok: false, refusal: 'Checking the pattern…', checking: true });

    await loadPatternEngine();
    expect(patternRefusal('^AB-\\d{6}$')).toBeNull();
    expect(patternRefusal('(a)\\1')).toMatch(/^Back-references such as \\1 are not supported/);
  });

  it('takes a template from core once the engine has judged its pattern, and still refuses one it cannot run', async () => {
    const { unwrapEnvelope, patternEngineReady } = await withoutPatternEngine();
    const template = await unwrapEnvelope('sops.get', { ok: true, value: templateWithPattern('AB-\\d{6}') });
    expect(template.steps[0]?.input?.pattern).toBe('AB-\\d{6}');
    expect(patternEngineReady()).toBe(true);

    await expect(unwrapEnvelope('sops.get', { ok: true, value: templateWithPattern('(?=a)b') })).rejects.toThrow(
      'Core answered sops.get with data this console does not understand',
    );
  });
});
