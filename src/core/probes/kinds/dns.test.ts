import { afterEach, describe, expect, it } from 'vitest';
import { dnsProbe, resolverHost } from './dns';
import { probeContext, timed } from './testing/context';
import { startDnsResponder, type DnsResponder } from './testing/dns-responder';

let responder: DnsResponder | null = null;
afterEach(async () => {
  await responder?.close();
  responder = null;
});

async function zoneServer(): Promise<DnsResponder> {
  responder = await startDnsResponder({
    'nvr.site-a.test': { A: ['10.20.0.7', '10.20.0.8'] },
    'site-a.test': { TXT: [['v=watch', 'room'], ['owner=control']] },
  });
  return responder;
}

function dnsConfig(resolver: string, name: string, extra: { recordType?: 'A' | 'TXT' | 'AAAA'; expected?: string } = {}) {
  return {
    kind: 'dns' as const,
    name,
    resolver,
    recordType: extra.recordType ?? 'A',
    ...(extra.expected ? { expected: extra.expected } : {}),
  };
}

describe('dns probe against a local resolver', () => {
  it('resolves an A record and reports the resolve time', async () => {
    const server = await zoneServer();
    const outcome = await dnsProbe.run(dnsConfig(server.address, 'nvr.site-a.test'), probeContext());
    expect(outcome).toMatchObject({ ok: true, error: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.questions).toEqual(['nvr.site-a.test A']);
  });

  it('passes when one of the answers is the expected value, and names the answers when none is', async () => {
    const server = await zoneServer();
    expect((await dnsProbe.run(dnsConfig(server.address, 'NVR.site-a.test', { expected: '10.20.0.8' }), probeContext())).ok).toBe(true);
    const outcome = await dnsProbe.run(dnsConfig(server.address, 'nvr.site-a.test', { expected: '10.20.0.9' }), probeContext());
    expect(outcome).toMatchObject({ ok: false, error: 'expected "10.20.0.9", got 10.20.0.7, 10.20.0.8' });
    expect(outcome.latencyMs).not.toBeNull();
  });

  it('joins TXT chunks and compares case-insensitively', async () => {
    const server = await zoneServer();
    const outcome = await dnsProbe.run(
      dnsConfig(server.address, 'site-a.test', { recordType: 'TXT', expected: 'V=WATCHROOM' }),
      probeContext(),
    );
    expect(outcome).toMatchObject({ ok: true, error: null });
  });

  it('says when the name does not exist, or has no records of the type', async () => {
    const server = await zoneServer();
    expect((await dnsProbe.run(dnsConfig(server.address, 'gone.site-a.test'), probeContext())).error).toBe(
      'no such name: gone.site-a.test (NXDOMAIN)',
    );
    expect((await dnsProbe.run(dnsConfig(server.address, 'site-a.test', { recordType: 'AAAA' }), probeContext())).error).toBe(
      'no AAAA records for site-a.test',
    );
  });

  it('times out on a resolver that never answers, close to the timeout', async () => {
    responder = await startDnsResponder({}, { silent: true });
    const { result, elapsedMs } = await timed(() =>
      dnsProbe.run(dnsConfig(responder?.address ?? '', 'nvr.site-a.test'), probeContext(300)),
    );
    expect(result).toEqual({ ok: false, latencyMs: null, error: 'timed out after 300 ms' });
    expect(elapsedMs).toBeLessThan(300 + 250);
    expect(responder.questions).toEqual(['nvr.site-a.test A']);
  });
});

describe('dns target host', () => {
  it.each([
    ['10.0.0.53', '10.0.0.53'],
    ['10.0.0.53:5353', '10.0.0.53'],
    ['[fd00::53]:53', 'fd00::53'],
    ['fd00::53', 'fd00::53'],
  ])('resolver %s -> %s', (resolver, host) => {
    expect(resolverHost(resolver)).toBe(host);
  });

  it('is null with the system resolvers', () => {
    expect(dnsProbe.targetHost({ kind: 'dns', name: 'x.test', recordType: 'A' })).toBeNull();
  });
});
