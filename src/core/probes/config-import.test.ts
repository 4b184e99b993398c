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
    {
      id: 'nvr',
      siteId: 'north',
      name: 'NVR',
      probe: { kind: 'http', url: 'https://10.0.0.2/health' },
      parentId: 'uplink',
      tags: ['video'],
    },
  ],
};

describe('importing and exporting sites and monitors', () => {
  it('imports a good file whole, and exports what it imported', async () => {
    const { call, core: c } = core();
    expect(await call('config.import', { text: JSON.stringify(goodDocument, null, 2) })).toEqual({
      ok: true,
      value: { sites: 1, monitors: 2 },
    });
    const exported = await call('config.export');
    expect(exported.ok).toBe(true);
    const document = (exported as { value: ConfigDocument }).value;
    expect(document.monitors.find((m) => m.id === 'nvr')).toMatchObject({
      parentId: 'uplink',
      intervalSeconds: 30,
      failuresToDown: 2,
      probe: { kind: 'http', expectedStatus: ['200-399'] },
    });
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

  it('refuses a misspelt probe key (verifyTLS, expectedStatuses, keyWord) naming the key, its line and the key meant, and saves nothing with defaults', async () => {
    const { call, core: c } = core();
    const typos = JSON.parse(JSON.stringify(goodDocument)) as { monitors: { probe: Record<string, unknown> }[] };
    Object.assign(typos.monitors[1]!.probe, { verifyTLS: false, expectedStatuses: ['200'], keyWord: { text: 'OK', mode: 'present' } });
    const text = JSON.stringify(typos, null, 2);
    const result = await call('config.import', { text });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (result.ok) return;
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(result.error.fields).toEqual(
      expect.arrayContaining(
        [
          ['verifyTLS', 'verifyTls'],
          ['expectedStatuses', 'expectedStatus'],
          ['keyWord', 'keyword'],
        ].map(([key, meant]) =>
          expect.objectContaining({
            path: `monitors.1.probe.${key}`,
            line: lineOf(`"${key}"`),
            message: `"${key}" is not a known field; did you mean "${meant}"?`,
          }),
        ),
      ),
    );
    expect(result.error.message).toContain('monitors.1.probe.verifyTLS');
    const board = (await call('board.snapshot')) as { ok: true; value: BoardSnapshot };
    expect(board.value.monitors).toEqual([]);
    c.close();
  });

  it('reports every problem of a file at once, each with its field and line', async () => {
    const { call, core: c } = core();
    expect(await call('config.import', { text: JSON.stringify(goodDocument) })).toMatchObject({ ok: true });
    const site = (id: string) => ({ id, name: `Site ${id}` });
    const monitor = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      siteId: 'south',
      name: `Monitor ${id}`,
      probe: { kind: 'manual' },
      ...extra,
    });
    const document = {
      format: 'watchroom-config',
      version: 1,
      sites: [site('south'), site('south'), site('north')],
      monitors: [
        monitor('typo', { colour: 'red' }),
        monitor('bad-value', { intervalSeconds: 2, timeoutSeconds: 1 }),
        monitor('lost', { siteId: 'nowhere' }),
        monitor('orphan', { parentId: 'ghost' }),
        monitor('a', { parentId: 'b' }),
        monitor('b', { parentId: 'a' }),
        monitor('c', { parentId: 'e' }),
        monitor('d', { parentId: 'c' }),
        monitor('e', { parentId: 'd' }),
        monitor('self', { parentId: 'self' }),
        monitor('twice'),
        monitor('twice'),
        monitor('uplink'),
        monitor('rules', { timeoutSeconds: 40, intervalSeconds: 30 }),
      ],
    };
    const text = JSON.stringify(document, null, 2);
    const result = await call('config.import', { text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lineOfEntry = (at: string, occurrence = 0) => {
      const lines = text.split('\n');
      let seen = -1;
      return lines.findIndex((l) => l.includes(at) && ++seen === occurrence) + 1;
    };
    const found = (result.error.fields ?? []).map(({ path, line, message }) => ({ path, line, message }));
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'sites.1.id', line: lineOfEntry('"id": "south"', 1), message: 'The id "south" is used twice in this file (also sites.0)' },
        { path: 'sites.2.id', line: lineOfEntry('"id": "north"'), message: 'A site with id "north" is already in the console' },
        { path: 'monitors.0.colour', line: lineOfEntry('"colour"'), message: '"colour" is not a known field; check its spelling' },
        { path: 'monitors.1.intervalSeconds', line: lineOfEntry('"intervalSeconds": 2'), message: 'At least 5 seconds' },
        { path: 'monitors.2.siteId', line: lineOfEntry('"nowhere"'), message: 'No site "nowhere" in this file or in the console' },
        { path: 'monitors.3.parentId', line: lineOfEntry('"ghost"'), message: 'No monitor "ghost" in this file or in the console' },
        { path: 'monitors.4.parentId', line: lineOfEntry('"parentId": "b"'), message: 'The parents make a loop: "a" -> "b" -> "a"' },
        { path: 'monitors.5.parentId', line: lineOfEntry('"parentId": "a"'), message: 'The parents make a loop: "b" -> "a" -> "b"' },
        { path: 'monitors.6.parentId', line: lineOfEntry('"parentId": "e"'), message: 'The parents make a loop: "c" -> "e" -> "d" -> "c"' },
        { path: 'monitors.7.parentId', line: lineOfEntry('"parentId": "c"'), message: 'The parents make a loop: "d" -> "c" -> "e" -> "d"' },
        { path: 'monitors.8.parentId', line: lineOfEntry('"parentId": "d"'), message: 'The parents make a loop: "e" -> "d" -> "c" -> "e"' },
        { path: 'monitors.9.parentId', line: lineOfEntry('"parentId": "self"'), message: 'The parents make a loop: "self" -> "self"' },
        {
          path: 'monitors.11.id',
          line: lineOfEntry('"id": "twice"', 1),
          message: 'The id "twice" is used twice in this file (also monitors.10)',
        },
        { path: 'monitors.12.id', line: lineOfEntry('"id": "uplink"'), message: 'A monitor with id "uplink" is already in the console' },
        {
          path: 'monitors.13.timeoutSeconds',
          line: lineOfEntry('"timeoutSeconds": 40'),
          message: 'The timeout must be shorter than the interval',
        },
      ]),
    );
    // In the file's order, so the list reads top to bottom.
    const lines = found.map((f) => f.line ?? 0);
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
    expect(result.error.message).toMatch(/^Nothing was imported\. 15 problems: line \d+: sites\.1\.id/);
    const board = (await call('board.snapshot')) as { ok: true; value: BoardSnapshot };
    expect(board.value.sites.map((s) => s.id)).toEqual(['north']);
    c.close();
  });

  it('refuses a broken character anywhere in the file, spelt as a JSON escape or raw, and the audit chain stays sound', async () => {
    const { call, core: c } = core();
    const escaped = JSON.stringify(goodDocument, null, 2)
      .replace('"Depot North"', '"Depot \\ud800North"')
      .replace('"Harbour Rd 1"', '"Harbour Rd 1", "\\udfff": "x"');
    const result = await call('config.import', { text: escaped });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lineOf = (needle: string) => escaped.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(result.error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'sites.0.name', line: lineOf('Depot'), message: expect.stringContaining('broken character') }),
        expect.objectContaining({
          path: 'sites.0.\ufffd',
          line: lineOf('"Harbour Rd 1"'),
          message: '"\ufffd" is not a known field; check its spelling',
        }),
      ]),
    );
    expect(result.error.message.isWellFormed()).toBe(true);
    expect((result.error.fields ?? []).every((f) => f.path.isWellFormed() && f.message.isWellFormed())).toBe(true);

    // JSON.stringify would escape it; here the text itself carries the lone surrogate.
    const raw = JSON.stringify(goodDocument).replace('Depot North', 'Depot \ud800North');
    const rawResult = await call('config.import', { text: raw });
    expect(rawResult).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'text' }] } });
    if (!rawResult.ok) expect(rawResult.error.message).toMatch(/broken character/);

    const board = (await call('board.snapshot')) as { ok: true; value: BoardSnapshot };
    expect(board.value.sites).toEqual([]);
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true } });
    c.close();
  });
});
