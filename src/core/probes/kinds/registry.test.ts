import { afterEach, describe, expect, it } from 'vitest';
import { ProbeConfig, type ProbeKindName } from '../../../shared/contract/monitors';
import { probeKinds, runProbe, targetHostOf } from './registry';
import { probeContext } from './testing/context';
import { startTcpServer, type RunningServer } from './testing/servers';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('probe registry', () => {
  it('has one kind for every kind the contract knows, under its own name', () => {
    const names = ProbeConfig.options.map((option) => option.shape.kind.value).sort();
    expect(Object.keys(probeKinds).sort()).toEqual(names);
    for (const name of names as ProbeKindName[]) expect(probeKinds[name].kind).toBe(name);
  });

  it('runs a config with the kind it names', async () => {
    server = await startTcpServer(() => undefined);
    const outcome = await runProbe({ kind: 'tcp', host: '127.0.0.1', port: server.port }, probeContext());
    expect(outcome.ok).toBe(true);
  });

  it('never rejects: a config the contract would refuse still becomes an outcome', async () => {
    const outcome = await runProbe(
      {
        kind: 'http',
        url: 'not a url',
        method: 'GET',
        headers: {},
        expectedStatus: ['200'],
        followRedirects: true,
        maxRedirects: 5,
        verifyTls: true,
      },
      probeContext(),
    );
    expect(outcome).toMatchObject({ ok: false, latencyMs: null });
    expect(outcome.error).toMatch(/invalid url/i);
  });

  it('never rejects: a kind that throws at once, or rejects later, still ends as a failed outcome with its message', async () => {
    const { run } = probeKinds.manual;
    try {
      probeKinds.manual.run = () => {
        throw new Error('kind broke before it started');
      };
      expect(await runProbe({ kind: 'manual' }, probeContext())).toMatchObject({ ok: false, error: 'kind broke before it started' });
      probeKinds.manual.run = () => Promise.reject(new Error('kind broke while it ran'));
      expect(await runProbe({ kind: 'manual' }, probeContext())).toMatchObject({ ok: false, error: 'kind broke while it ran' });
    } finally {
      probeKinds.manual.run = run;
    }
  });

  it('leaves manual monitors to the operator: running one cannot tell', async () => {
    expect(await runProbe({ kind: 'manual' }, probeContext())).toMatchObject({ ok: true, indeterminate: true, error: null });
  });

  it('names the host each kind connects to', () => {
    expect(targetHostOf(ProbeConfig.parse({ kind: 'http', url: 'https://nvr.site-a.example/health' }))).toBe('nvr.site-a.example');
    expect(targetHostOf({ kind: 'tcp', host: '10.0.0.5', port: 4025 })).toBe('10.0.0.5');
    expect(targetHostOf({ kind: 'icmp', host: 'uplink.site-a' })).toBe('uplink.site-a');
    expect(targetHostOf({ kind: 'tls', host: 'vpn.site-a', port: 443, verifyChain: true })).toBe('vpn.site-a');
    expect(targetHostOf({ kind: 'dns', name: 'site-a.example', recordType: 'A', resolver: '10.0.0.53:53' })).toBe('10.0.0.53');
    expect(targetHostOf({ kind: 'heartbeat', graceSeconds: 60 })).toBeNull();
    expect(targetHostOf({ kind: 'manual' })).toBeNull();
  });
});
