import { describe, expect, it, vi } from 'vitest';
import { boardMonitor, testSite, testSnapshot } from '../testing/monitoring-fixtures';

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

describe('the whole board from core', () => {
  const sites = [testSite('a')];
  const monitors = Array.from({ length: 2000 }, (_, index) => boardMonitor(`m${index}`, 'a'));

  it('is checked without holding the page: a task queued meanwhile runs before the board is in, and every monitor comes through', async () => {
    const { unwrapEnvelope } = await import('./envelope');
    let tasksRun = 0;
    let reading = true;
    const task = () => {
      if (!reading) return;
      tasksRun += 1;
      setTimeout(task, 0);
    };
    setTimeout(task, 0);
    const board = await unwrapEnvelope('board.snapshot', { ok: true, value: testSnapshot(sites, monitors) });
    reading = false;
    expect(tasksRun).toBeGreaterThan(0);
    expect(board.monitors.map((monitor) => monitor.id)).toEqual(monitors.map((monitor) => monitor.id));
    expect(board.sites[0]?.counts.up).toBe(2000);
  });

  it('is refused whole when one monitor deep in the list does not match the contract, or anything around the list does not', async () => {
    const { unwrapEnvelope } = await import('./envelope');
    const last = { ...boardMonitor('m-last', 'a'), state: { ...boardMonitor('m-last', 'a').state, status: 'sideways' } };
    await expect(
      unwrapEnvelope('board.snapshot', { ok: true, value: { ...testSnapshot(sites, monitors), monitors: [...monitors, last] } }),
    ).rejects.toThrow('Core answered board.snapshot with data this console does not understand');
    await expect(unwrapEnvelope('board.snapshot', { ok: true, value: { ...testSnapshot(sites, monitors), total: 'all' } })).rejects.toThrow(
      'Core answered board.snapshot with data this console does not understand',
    );
  });
});
