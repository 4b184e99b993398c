import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certificateValidFor, expiredCertificate, type TestCertificate } from './testing/certificates';
import { probeContext } from './testing/context';
import { closedPort, startTcpServer, startTlsServer, type RunningServer } from './testing/servers';
import { certificateWarning, daysUntil, tlsProbe } from './tls';

let fresh: TestCertificate;
let expired: TestCertificate;
beforeAll(() => {
  fresh = certificateValidFor(20);
  expired = expiredCertificate();
});

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function tlsConfig(port: number, verifyChain: boolean) {
  return { kind: 'tls' as const, host: '127.0.0.1', port, verifyChain };
}

describe('tls probe', () => {
  it('reports the handshake time and when the certificate expires; 20 days left warns at 30', async () => {
    server = await startTlsServer(fresh);
    const now = Date.now();
    const outcome = await tlsProbe.run(tlsConfig(server.port, false), probeContext(2_000, { now: () => now }));
    expect(outcome).toMatchObject({ ok: true, error: null, certExpiresAt: fresh.notAfter.getTime() });
    expect(outcome.latencyMs).toBeGreaterThan(0);
    const daysLeft = daysUntil(outcome.certExpiresAt ?? 0, now);
    expect(daysLeft).toBe(19); // 20 days less the moments the test took, in whole days
    expect(certificateWarning(daysLeft)).toBe(30);
  });

  it('fails a self-signed chain when verifying, still reporting the expiry', async () => {
    server = await startTlsServer(fresh);
    expect(await tlsProbe.run(tlsConfig(server.port, true), probeContext())).toMatchObject({
      ok: false,
      error: 'TLS: self-signed certificate',
      certExpiresAt: fresh.notAfter.getTime(),
    });
  });

  it('fails an expired certificate even without chain verification, and says since when', async () => {
    server = await startTlsServer(expired);
    const outcome = await tlsProbe.run(tlsConfig(server.port, false), probeContext());
    expect(outcome).toMatchObject({
      ok: false,
      error: 'TLS: certificate has expired (on 2020-01-02)',
      certExpiresAt: Date.UTC(2020, 0, 2),
    });
  });

  it('says the handshake failed when the port does not speak TLS', async () => {
    server = await startTcpServer((socket) => socket.end('220 mail ESMTP\r\n'));
    expect(await tlsProbe.run(tlsConfig(server.port, true), probeContext())).toEqual({
      ok: false,
      latencyMs: null,
      error: 'TLS: handshake failed (wrong version number); the port does not seem to speak TLS',
    });
  });

  it('says "connection refused" when nothing listens', async () => {
    const port = await closedPort();
    expect(await tlsProbe.run(tlsConfig(port, true), probeContext())).toMatchObject({ ok: false, error: 'connection refused' });
  });
});

describe('certificateWarning', () => {
  it.each([
    [90, null],
    [31, null],
    [30, 30],
    [15, 30],
    [14, 14],
    [8, 14],
    [7, 7],
    [0, 7],
    [-3, 7],
  ])('%i days left -> %s', (daysLeft, warning) => {
    expect(certificateWarning(daysLeft)).toBe(warning);
  });

  it('counts whole days left', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    expect(daysUntil(now + 7 * 86_400_000 + 1, now)).toBe(7);
    expect(daysUntil(now + 7 * 86_400_000 - 1, now)).toBe(6);
    expect(daysUntil(now - 1, now)).toBe(-1);
  });
});
