import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  AuditPage,
  BoardSnapshot,
  ConfigDocument,
  EncryptedConfigDocument,
  Envelope,
  Monitor,
  MonitorDetail,
  Role,
  Site,
} from '../../shared/contract';
import { LOCAL_OPERATOR } from '../service';

const tempDir = useTempDirs();

const SECRET_URL = 'https://nightshift:Hunter2-pass@recorder.site-a.example/health?api_key=k-7781&format=json';
const SHOWN_URL = 'https://••••@recorder.site-a.example/health?api_key=••••&format=json';
const MASK = '\u2022'.repeat(16);
const SECRETS = ['Hunter2-pass', 'k-7781', 'Bearer eyJhbGciOi.secret', 'x-api-7781'];
const PASSPHRASE = 'copy to the backup console';

function start() {
  const clock = new FakeClock();
  const harness = startTestCore(tempDir(), { clock, runProbe: new FakeTargets(clock).runner });
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  /** What is stored: the probe as core runs it. */
  const storedProbe = (id: string) =>
    JSON.parse(
      (harness.core.store.sqlite.prepare('SELECT probe_json AS probe FROM monitors WHERE id = ?').get(id) as { probe: string }).probe,
    ) as { url: string; headers: Record<string, string> };
  return { ...harness, ok, storedProbe };
}

async function withSecretMonitor(harness: ReturnType<typeof start>) {
  const site = await harness.ok<Site>('sites.create', { name: 'Site A' });
  const monitor = await harness.ok<Monitor>('monitors.create', {
    siteId: site.id,
    name: 'Recorder',
    probe: { kind: 'http', url: SECRET_URL, headers: { Authorization: 'Bearer eyJhbGciOi.secret', 'X-Api-Key': 'x-api-7781' } },
  });
  return { site, monitor };
}

function expectNoSecret(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const specOf = (monitor: Monitor) => ({
  siteId: monitor.siteId,
  name: monitor.name,
  probe: monitor.probe,
  intervalSeconds: monitor.intervalSeconds,
  timeoutSeconds: monitor.timeoutSeconds,
  failuresToDown: monitor.failuresToDown,
  successesToUp: monitor.successesToUp,
  warnLatencyMs: monitor.warnLatencyMs,
  critLatencyMs: monitor.critLatencyMs,
  parentId: monitor.parentId,
  role: monitor.role,
  tags: monitor.tags,
});

describe('secrets of HTTP monitors', () => {
  // An attack test read, as a viewer, a heartbeat monitor's token (POST /hb/<token> then kept a silent
  // device green) and an HTTP monitor's POST body with a password in it.
  it('shows a heartbeat token and a request body only to whoever may change the monitor', async () => {
    const harness = start();
    const site = await harness.ok<Site>('sites.create', { name: 'Site A' });
    const beat = await harness.ok<Monitor>('monitors.create', { siteId: site.id, name: 'Panel', probe: { kind: 'heartbeat' } });
    const login = await harness.ok<Monitor>('monitors.create', {
      siteId: site.id,
      name: 'Login',
      probe: { kind: 'http', url: 'https://portal.site-a.example/login', method: 'POST', body: '{"password":"ZZSECRET17qq7Hk2"}' },
    });
    const storedToken = (
      harness.core.store.sqlite.prepare('SELECT heartbeat_token AS token FROM monitors WHERE id = ?').get(beat.id) as {
        token: string;
      }
    ).token;
    expect(beat.heartbeatToken).toBe(storedToken);
    const seen = async (id: string, role: Role) => {
      const answer = await harness.call('monitors.get', { id }, { ...LOCAL_OPERATOR, id: `a-${role}`, displayName: role, role });
      if (!answer.ok) throw new Error(answer.error.message);
      return (answer.value as MonitorDetail).monitor;
    };
    expect((await seen(beat.id, 'admin')).heartbeatToken).toBe(storedToken);
    expect((await seen(login.id, 'admin')).probe).toMatchObject({ body: '{"password":"ZZSECRET17qq7Hk2"}' });
    for (const role of ['viewer', 'operator', 'supervisor'] as const) {
      expect((await seen(beat.id, role)).heartbeatToken).toBeNull();
      expect((await seen(login.id, role)).probe).toMatchObject({ body: '••••' });
    }
    const paused = await harness.call(
      'monitors.pause',
      { id: beat.id },
      { ...LOCAL_OPERATOR, id: 'sue', displayName: 'Sue', role: 'supervisor' },
    );
    expect(paused.ok && (paused.value as Monitor).heartbeatToken).toBeNull();
    harness.core.close();
  });

  it('never sends them to a console: the monitor, the board and the answer to create show them masked', async () => {
    const harness = start();
    const { monitor } = await withSecretMonitor(harness);
    expect(monitor.probe).toMatchObject({ url: SHOWN_URL, headers: { Authorization: MASK, 'X-Api-Key': MASK } });
    const detail = await harness.ok<MonitorDetail>('monitors.get', { id: monitor.id });
    expect(detail.monitor.probe).toMatchObject({ url: SHOWN_URL, headers: { Authorization: MASK, 'X-Api-Key': MASK } });
    const board = await harness.ok<BoardSnapshot>('board.snapshot');
    expect(board.monitors[0]?.target).toBe(SHOWN_URL);
    expectNoSecret([monitor, detail, board]);
    // Core itself still probes with the real values.
    expect(harness.storedProbe(monitor.id)).toMatchObject({ url: SECRET_URL, headers: { Authorization: 'Bearer eyJhbGciOi.secret' } });
    harness.core.close();
  });

  it('keeps the stored secrets when an edit sends back the masked values unchanged, takes new ones as typed, and refuses a masked value edited by hand', async () => {
    const harness = start();
    const { monitor } = await withSecretMonitor(harness);
    const renamed = await harness.ok<Monitor>('monitors.update', {
      id: monitor.id,
      monitor: { ...specOf(monitor), name: 'Recorder 1' },
      basedOnVersion: 1,
    });
    expect(renamed.name).toBe('Recorder 1');
    expect(harness.storedProbe(monitor.id)).toMatchObject({
      url: SECRET_URL,
      headers: { Authorization: 'Bearer eyJhbGciOi.secret', 'X-Api-Key': 'x-api-7781' },
    });

    const typedOver = {
      ...specOf(monitor),
      probe: {
        ...monitor.probe,
        url: 'https://recorder.site-a.example/health',
        headers: { Authorization: 'Bearer new-token', 'X-Api-Key': MASK },
      },
    };
    await harness.ok<Monitor>('monitors.update', { id: monitor.id, monitor: typedOver, basedOnVersion: 2 });
    expect(harness.storedProbe(monitor.id)).toEqual(
      expect.objectContaining({
        url: 'https://recorder.site-a.example/health',
        headers: { Authorization: 'Bearer new-token', 'X-Api-Key': 'x-api-7781' },
      }),
    );

    const editedMask = { ...specOf(monitor), probe: { ...monitor.probe, url: 'https://••••@recorder.site-b.example/health' } };
    const refused = await harness.call('monitors.update', { id: monitor.id, monitor: editedMask, basedOnVersion: 3 });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.fields).toEqual([
        expect.objectContaining({ path: 'probe.url', message: expect.stringContaining('leave it exactly as shown') }),
      ]);
    // A new monitor has nothing stored to keep.
    const copied = await harness.call('monitors.create', { ...specOf(monitor), name: 'Copy' });
    expect(copied.ok).toBe(false);
    if (!copied.ok)
      expect(copied.error.fields?.map((f) => f.path)).toEqual(['probe.url', 'probe.headers.Authorization', 'probe.headers.X-Api-Key']);
    harness.core.close();
  });

  it('keeps them out of the audit log: creation, changes, refusals and deletion', async () => {
    const harness = start();
    const { monitor } = await withSecretMonitor(harness);
    await harness.ok('monitors.update', {
      id: monitor.id,
      monitor: { ...specOf(monitor), probe: { ...monitor.probe, url: 'https://ops:Hunter2-pass@recorder.site-a.example/' } },
      basedOnVersion: 1,
    });
    await harness.call('config.import', {
      text: JSON.stringify({
        format: 'watchroom-config',
        version: 1,
        sites: [],
        monitors: [
          { id: 'x', siteId: 'nowhere', name: 'X', probe: { kind: 'http', url: SECRET_URL, headers: { 'X-Api-Key': 'x-api-7781' } } },
        ],
      }),
    });
    await harness.ok('monitors.delete', { id: monitor.id });
    const audit = await harness.ok<AuditPage>('audit.list', {});
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['monitors.create', 'monitors.update', 'config.import', 'monitors.delete']),
    );
    expectNoSecret(audit.entries);
    harness.core.close();
  });
});

describe('exporting and importing the configuration with secrets', () => {
  it('leaves secrets out of a plain export, and refuses to import such a file as if the masks were the values', async () => {
    const harness = start();
    await withSecretMonitor(harness);
    const document = await harness.ok<ConfigDocument>('config.export');
    expect(document.format).toBe('watchroom-config');
    expect(document.monitors[0]?.probe).toMatchObject({ url: SHOWN_URL, headers: { Authorization: MASK } });
    expect(await harness.ok<ConfigDocument>('config.export', { includeSecrets: false })).toEqual(document);
    expectNoSecret(document);

    const other = start();
    const text = JSON.stringify(document, null, 2);
    const refused = await other.call('config.import', { text });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/^Nothing was imported/);
      expect(refused.error.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'monitors.0.probe.url', message: expect.stringContaining('exported without secrets') }),
          expect.objectContaining({
            path: 'monitors.0.probe.headers.Authorization',
            line: text.split('\n').findIndex((l) => l.includes('"Authorization"')) + 1,
          }),
        ]),
      );
    }
    harness.core.close();
    other.core.close();
  });

  it('includes them only encrypted with the passphrase given, and imports the file back whole with it', async () => {
    const harness = start();
    await withSecretMonitor(harness);
    const refused = await harness.call('config.export', { includeSecrets: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields?.[0]?.path).toBe('passphrase');

    const file = await harness.ok<EncryptedConfigDocument>('config.export', { includeSecrets: true, passphrase: PASSPHRASE });
    expect(file).toMatchObject({ format: 'watchroom-config-encrypted', version: 1, kdf: { name: 'scrypt' } });
    expectNoSecret(file);
    expect(JSON.stringify(file)).not.toContain('recorder.site-a.example');

    const other = start();
    const imported = await other.ok<{ sites: number; monitors: number }>('config.import', {
      text: JSON.stringify(file, null, 2),
      passphrase: PASSPHRASE,
    });
    expect(imported).toEqual({ sites: 1, monitors: 1 });
    const [monitor] = (await other.ok<BoardSnapshot>('board.snapshot')).monitors;
    expect(other.storedProbe(monitor!.id)).toMatchObject({
      url: SECRET_URL,
      headers: { Authorization: 'Bearer eyJhbGciOi.secret', 'X-Api-Key': 'x-api-7781' },
    });
    const audit = await other.ok<AuditPage>('audit.list', { action: 'config.import' });
    expect(JSON.stringify(audit.entries)).not.toContain(PASSPHRASE);
    // Every export is on record, saying whether it carried secrets; the passphrase never is.
    const exports = await harness.ok<AuditPage>('audit.list', { action: 'config.export' });
    expect(exports.entries.map((e) => [e.result, e.after])).toEqual([
      ['ok', { sensitiveValues: 'included, encrypted with a passphrase', sites: 1, monitors: 1 }],
    ]);
    expect(JSON.stringify(exports.entries)).not.toContain(PASSPHRASE);
    harness.core.close();
    other.core.close();
  });

  it('asks for the passphrase of an encrypted file, refuses a wrong one clearly, and imports nothing', async () => {
    const harness = start();
    await withSecretMonitor(harness);
    const file = JSON.stringify(
      await harness.ok<EncryptedConfigDocument>('config.export', { includeSecrets: true, passphrase: PASSPHRASE }),
    );
    const other = start();
    const refusal = async (input: unknown) => {
      const answer: Envelope = await other.call('config.import', input);
      if (answer.ok) throw new Error('imported');
      return answer.error;
    };
    expect(await refusal({ text: file })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('this file is encrypted'),
      fields: [expect.objectContaining({ path: 'passphrase' })],
    });
    expect(await refusal({ text: file, passphrase: 'not the passphrase at all' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('this passphrase does not open the file'),
      fields: [expect.objectContaining({ path: 'passphrase' })],
    });
    // A file changed after export fails like a wrong passphrase: the header is authenticated too.
    const tampered = JSON.parse(file) as EncryptedConfigDocument;
    expect(
      await refusal({ text: JSON.stringify({ ...tampered, kdf: { ...tampered.kdf, N: 2 ** 14 } }), passphrase: PASSPHRASE }),
    ).toMatchObject({ message: expect.stringContaining('does not open the file') });
    // A header asking for more than this console's own cost is refused before any key is derived: an
    // attack test's N 2^17, p 4 held core's event loop 1.1 s at every try.
    for (const kdf of [{ N: 2 ** 17 }, { p: 4 }, { N: 2 ** 16, p: 2 }]) {
      const startedAt = performance.now();
      expect(
        await refusal({ text: JSON.stringify({ ...tampered, kdf: { ...tampered.kdf, ...kdf } }), passphrase: PASSPHRASE }),
      ).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('costlier passphrase check than Watchroom writes') });
      expect(performance.now() - startedAt).toBeLessThan(50);
    }
    expect((await other.ok<BoardSnapshot>('board.snapshot')).monitors).toEqual([]);
    harness.core.close();
    other.core.close();
  });
});
