import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { BoardSnapshot, ConfigDocument } from '../../shared/contract';

const tempDir = useTempDirs();

function core() {
  const clock = new FakeClock();
  const harness = startTestCore(tempDir(), { clock, runProbe: new FakeTargets(clock).runner });
  return harness;
}

const goodDocument = {
  format: 'watchroom-config',
  version: 1,
  sites: [{ id: 'north', name: 'Depot North', address: 'Harbour Rd 1', tags: ['harbour'] }],
  monitors: [
    { id: 'uplink', siteId: 'north', name: 'Uplink', probe: { kind: 'icmp', host: '10.0.0.1' } },
    { id: 'nvr', siteId: 'north', name: 'NVR', probe: { kind: 'http', url: 'https://10.0.0.2/health' }, parentId: 'uplink', tags: ['video'] },
  ],
};

describe('importing and exporting sites and monitors', () => {
  it('imports a good file whole, and exports what it imported', async () => {
    const { call, core: c } = core();
    expect(await call('config.import', { text: JSON.stringify(goodDocument, null, 2) })).toEqual({ ok: true, value: { sites: 1, monitors: 2 } });
    const exported = await call('config.export');
    expect(exported.ok).toBe(true);
    const document = (exported as { value: ConfigDocument }).value;
    expect(document.monitors.find((m) => m.id === 'nvr')).toMatchObject({ parentId: 'uplink', intervalSeconds: 30, failuresToDown: 2, probe: { kind: 'http', expectedStatus: ['200-399'] } });
    // The exported document imports into an empty console unchanged.
    const other = core();
    expect(await other.call('config.import', { text: JSON.stringify(document) })).toEqual({ ok: true, value: { sites: 1, monitors: 2 } });
    c.close();
    other.core.close();
  });

  it('rejects a bad file whole, naming the line and field of every problem, and imports nothing', async () => {
    const { call, core: c } = core();
    const bad = JSON.parse(JSON.stringify(goodDocument)) as typeof goodDocument & { monitors: Record<string, unknown>[] };
    (bad.monitors[0] as { probe: { host: string } }).probe.host = 'not a host!';
    bad.monitors.push({ id: 'dvr', siteId: 'south', name: '', probe: { kind: 'tcp', host: '10.0.0.3', port: 70000 } });
    const text = JSON.stringify(bad, null, 2);
    const result = await call('config.import', { text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Nothing was imported/);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(result.error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'monitors.0.probe.host', line: lineOf('"not a host!"') }),
        expect.objectContaining({ path: 'monitors.2.name', line: lineOf('"name": ""') }),
        expect.objectContaining({ path: 'monitors.2.probe.port', line: lineOf('70000') }),
      ]),
    );
    const board = (await call('board.snapshot')) as { ok: true; value: BoardSnapshot };
    expect(board.value.sites).toEqual([]);
    expect(board.value.monitors).toEqual([]);
    c.close();
  });

  it('refuses references to sites or parents that exist nowhere, and loops', async () => {
    const { call, core: c } = core();
    const bad = JSON.parse(JSON.stringify(goodDocument)) as typeof goodDocument;
    (bad.monitors[1] as { siteId: string }).siteId = 'south';
    (bad.monitors[0] as { parentId?: string }).parentId = 'nvr';
    const result = await call('config.import', { text: JSON.stringify(bad, null, 2) });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const paths = result.ok ? [] : (result.error.fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['monitors.1.siteId', 'monitors.0.parentId']));
    c.close();
  });

  it('names the line of a JSON syntax error', async () => {
    const { call, core: c } = core();
    const result = await call('config.import', { text: '{\n  "format": "watchroom-config",\n  "sites": [,]\n}' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ line: 3 }] } });
    c.close();
  });
});
