import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HttpProbeConfig, type ProbeConfigOf } from '../../../shared/contract/monitors';
import { httpProbe } from './http';
import { certificateValidFor, expiredCertificate, type TestCertificate } from './testing/certificates';
import { probeContext, timed } from './testing/context';
import { allSocketsClosed, closedPort, startHttpServer, startHttpsServer, startTcpServer, type RunningServer } from './testing/servers';

type HttpInput = Omit<Partial<z.input<typeof HttpProbeConfig>>, 'kind'>;

/** A config as the contract would produce it from what an operator typed. */
function config(url: string, extra: HttpInput = {}): ProbeConfigOf<'http'> {
  return HttpProbeConfig.parse({ kind: 'http', url, ...extra });
}

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = await startHttpServer(handler);
  running.push(server);
  return `http://127.0.0.1:${server.port}`;
}

function json(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

describe('http probe: answers judged as an operator configured them', () => {
  it('reports ok with a plausible latency for a target that answers after 60 ms', async () => {
    const base = await serve((_request, response) => setTimeout(() => response.end('OK'), 60));
    const outcome = await httpProbe.run(config(`${base}/health`), probeContext());
    expect(outcome).toMatchObject({ ok: true, error: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(50);
    expect(outcome.latencyMs).toBeLessThan(1_000);
    expect(outcome.certExpiresAt).toBeUndefined();
  });

  it('fails on a status outside the expected ranges, and says which', async () => {
    const base = await serve((_request, response) => response.writeHead(503).end('maintenance'));
    const outcome = await httpProbe.run(config(base), probeContext());
    expect(outcome).toMatchObject({ ok: false, error: 'status 503, expected 200-399' });
    expect(outcome.latencyMs).not.toBeNull();
    const listed = await httpProbe.run(config(base, { expectedStatus: ['200', '500-502'] }), probeContext());
    expect(listed.error).toBe('status 503, expected 200, 500-502');
  });

  it('checks a keyword present or absent', async () => {
    const base = await serve((_request, response) => response.end('<p>system: OK</p>'));
    expect((await httpProbe.run(config(base, { keyword: { text: 'OK', mode: 'present' } }), probeContext())).ok).toBe(true);
    expect(await httpProbe.run(config(base, { keyword: { text: 'ALARM', mode: 'present' } }), probeContext())).toMatchObject({
      ok: false,
      error: 'keyword "ALARM" not found',
    });
    expect(await httpProbe.run(config(base, { keyword: { text: 'OK', mode: 'absent' } }), probeContext())).toMatchObject({
      ok: false,
      error: 'keyword "OK" found, expected it to be absent',
    });
  });

  it('checks a JSON path, parsing the body only for that', async () => {
    const base = await serve((_request, response) => json(response, { recorder: { disks: [{ state: 'degraded' }] } }));
    const path = '$.recorder.disks[0].state';
    expect((await httpProbe.run(config(base, { jsonPath: { path, op: 'equals', value: 'degraded' } }), probeContext())).ok).toBe(true);
    expect(await httpProbe.run(config(base, { jsonPath: { path, op: 'equals', value: 'ok' } }), probeContext())).toMatchObject({
      ok: false,
      error: '$.recorder.disks[0].state is "degraded", expected "ok"',
    });
    expect(
      await httpProbe.run(config(base, { jsonPath: { path: '$.recorder.fans', op: 'exists', value: '' } }), probeContext()),
    ).toMatchObject({
      ok: false,
      error: 'JSON path $.recorder.fans not found in the answer',
    });
  });

  it('says so when a JSON check meets a body that is not JSON', async () => {
    const base = await serve((_request, response) => response.end('<html>login</html>'));
    const outcome = await httpProbe.run(config(base, { jsonPath: { path: '$.status', op: 'exists', value: '' } }), probeContext());
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^the answer is not valid JSON/);
  });

  it('sends the configured method, headers and body', async () => {
    let received = '';
    const base = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received = `${request.method} ${request.headers['x-site'] ?? ''} ${request.headers.connection ?? ''} ${Buffer.concat(chunks).toString()}`;
        response.writeHead(201).end();
      });
    });
    const outcome = await httpProbe.run(
      config(base, { method: 'POST', headers: { 'X-Site': 'A', Connection: 'keep-alive' }, body: '{"ping":1}' }),
      probeContext(),
    );
    expect(outcome.ok).toBe(true);
    // Connection stays "close" whatever the configured headers say: every probe is a fresh connection.
    expect(received).toBe('POST A close {"ping":1}');
  });

  it('sends each monitor its own request at every probe, when several share a URL', async () => {
    const requests: string[] = [];
    const server = await startTcpServer((socket) =>
      socket.once('data', (request: Buffer) => {
        requests.push(request.toString('latin1'));
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    running.push(server);
    const url = `http://127.0.0.1:${server.port}/status?site=east`;
    const plain = config(url);
    for (const monitor of [plain, plain, config(url, { method: 'HEAD' }), config(url, { headers: { 'X-Site': 'east' } }), config(url)]) {
      expect((await httpProbe.run(monitor, probeContext())).ok).toBe(true);
    }
    const [first, second, head, withHeader, last] = requests;
    expect(first).toBe(
      `GET /status?site=east HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nuser-agent: Watchroom-probe\r\nconnection: close\r\n\r\n`,
    );
    expect(second).toBe(first);
    expect(head).toBe(first?.replace('GET', 'HEAD'));
    expect(withHeader).toContain('\r\nX-Site: east\r\n');
    // A monitor's configured headers never stay behind for one that configures none.
    expect(last).toBe(first);
  });

  it('refuses a body check on HEAD, whose answers have no body', async () => {
    const outcome = await httpProbe.run(
      config('http://127.0.0.1:9/', { method: 'HEAD', keyword: { text: 'OK', mode: 'present' } }),
      probeContext(),
    );
    expect(outcome).toMatchObject({ ok: false, error: 'a keyword or JSON check needs a body, and answers to HEAD have none; use GET' });
  });
});

describe('http probe: redirects', () => {
  it('follows a relative redirect and judges the final answer', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(302, { location: '/new/health' }).end();
      else if (request.url === '/new/health') response.end('OK');
      else response.writeHead(404).end();
    });
    const outcome = await httpProbe.run(config(`${base}/old`, { keyword: { text: 'OK', mode: 'present' } }), probeContext());
    expect(outcome).toMatchObject({ ok: true, error: null });
    // The next probe starts from the monitor's own URL again (it is parsed once and shared; the redirect made a new one).
    const paths: (string | undefined)[] = [];
    const recorded = await serve((request, response) => {
      paths.push(request.url);
      if (request.url === '/old') response.writeHead(302, { location: '/new/health' }).end();
      else response.end('OK');
    });
    for (let probe = 0; probe < 2; probe += 1) await httpProbe.run(config(`${recorded}/old`), probeContext());
    expect(paths).toEqual(['/old', '/new/health', '/old', '/new/health']);
  });

  it('stops a redirect loop after maxRedirects hops', async () => {
    let hits = 0;
    const base = await serve((_request, response) => {
      hits += 1;
      response.writeHead(302, { location: '/loop' }).end();
    });
    const outcome = await httpProbe.run(config(`${base}/loop`, { maxRedirects: 3 }), probeContext());
    expect(outcome).toMatchObject({ ok: false, error: `too many redirects (more than 3); the last one pointed to ${base}/loop` });
    expect(hits).toBe(4);
  });

  it('judges the redirect itself when redirects are not followed', async () => {
    const base = await serve((_request, response) => response.writeHead(302, { location: '/elsewhere' }).end());
    const outcome = await httpProbe.run(config(base, { followRedirects: false, expectedStatus: ['200-299'] }), probeContext());
    expect(outcome).toMatchObject({ ok: false, error: 'status 302, expected 200-299' });
  });
});

describe('http probe: TLS', () => {
  let fresh: TestCertificate;
  let expired: TestCertificate;
  beforeAll(() => {
    fresh = certificateValidFor(20);
    expired = expiredCertificate();
  });

  async function serveTls(certificate: TestCertificate): Promise<string> {
    const server = await startHttpsServer(certificate, (_request, response) => response.end('OK'));
    running.push(server);
    return `https://127.0.0.1:${server.port}/`;
  }

  it('fails a self-signed certificate when verifying, and passes it when not, reporting its expiry', async () => {
    const url = await serveTls(fresh);
    expect(await httpProbe.run(config(url), probeContext())).toMatchObject({ ok: false, error: 'TLS: self-signed certificate' });
    const unverified = await httpProbe.run(config(url, { verifyTls: false }), probeContext());
    expect(unverified).toMatchObject({ ok: true, certExpiresAt: fresh.notAfter.getTime() });
  });

  it('never sends its request, headers and all, to a server whose certificate it refused, over TLS 1.3 and 1.2', async () => {
    for (const [certificate, options] of [
      [fresh, {}],
      [expired, {}],
      [fresh, { maxVersion: 'TLSv1.2' as const }],
    ] as const) {
      const secrets: string[] = [];
      const server = await startHttpsServer(
        certificate,
        (request, response) => {
          secrets.push(String(request.headers.authorization));
          response.end('OK');
        },
        options,
      );
      running.push(server);
      const url = `https://127.0.0.1:${server.port}/`;
      const withSecret = { headers: { Authorization: 'Bearer night-shift-token' } };
      expect(await httpProbe.run(config(url, withSecret), probeContext())).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^TLS: /),
      });
      expect(secrets).toEqual([]);
      // The same probe unverified does deliver it, so the silence above is the refusal's doing.
      expect(await httpProbe.run(config(url, { ...withSecret, verifyTls: false }), probeContext())).toMatchObject({ ok: true });
      expect(secrets).toEqual(['Bearer night-shift-token']);
    }
  });

  it('makes every probe a fresh connection with a full handshake, never a resumed session', async () => {
    const server = await startHttpsServer(fresh, (_request, response) => response.end('OK'));
    running.push(server);
    const resumed: boolean[] = [];
    server.server.on('secureConnection', (socket: TLSSocket) => resumed.push(socket.isSessionReused()));
    const url = `https://127.0.0.1:${server.port}/`;
    for (let probe = 0; probe < 3; probe += 1)
      expect((await httpProbe.run(config(url, { verifyTls: false }), probeContext())).ok).toBe(true);
    expect(resumed).toEqual([false, false, false]);
  });

  it('reaches servers that accept only one other key exchange group, over TLS 1.3 and 1.2', async () => {
    for (const options of [
      { ecdhCurve: 'secp384r1' },
      { ecdhCurve: 'secp521r1' },
      { ecdhCurve: 'prime256v1', maxVersion: 'TLSv1.2' as const },
    ]) {
      const server = await startHttpsServer(fresh, (_request, response) => response.end('OK'), options);
      running.push(server);
      expect(await httpProbe.run(config(`https://127.0.0.1:${server.port}/`, { verifyTls: false }), probeContext())).toMatchObject({
        ok: true,
      });
    }
  });

  it('reads a certificate expiry once per address within 5 minutes, and again at once for a new or changed monitor', async () => {
    const server = await startHttpsServer(fresh, (_request, response) => response.end('OK'));
    running.push(server);
    const url = `https://127.0.0.1:${server.port}/`;
    expect(await httpProbe.run(config(url, { verifyTls: false }), probeContext())).toMatchObject({
      certExpiresAt: fresh.notAfter.getTime(),
    });
    // The certificate is replaced: a probe of the same address within 5 minutes does not read it again...
    (server.server as HttpsServer).setSecureContext({ key: expired.key, cert: expired.cert });
    expect(await httpProbe.run(config(url, { verifyTls: false }), probeContext())).toMatchObject({
      certExpiresAt: fresh.notAfter.getTime(),
    });
    // ...but the first run of a monitor just saved does, and the probes after it show that reading.
    const saved = await httpProbe.run(config(url, { verifyTls: false }), probeContext(2_000, { fresh: true }));
    expect(saved).toMatchObject({ certExpiresAt: expired.notAfter.getTime() });
    expect(await httpProbe.run(config(url, { verifyTls: false }), probeContext())).toMatchObject({
      certExpiresAt: expired.notAfter.getTime(),
    });
  });

  it('names an expired certificate', async () => {
    const url = await serveTls(expired);
    expect(await httpProbe.run(config(url), probeContext())).toMatchObject({ ok: false, error: 'TLS: certificate has expired' });
  });
});

describe('http probe: bodies that are too big, too slow or not HTTP', () => {
  it('stops reading at 1 MB of an endless body, closes the connection, and says where it looked', async () => {
    const server = await startHttpServer((_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on('drain', pump);
      pump();
    });
    running.push(server);
    const { result, elapsedMs } = await timed(() =>
      httpProbe.run(config(`http://127.0.0.1:${server.port}/`, { keyword: { text: 'NEEDLE', mode: 'present' } }), probeContext(5_000)),
    );
    expect(result).toMatchObject({ ok: false, error: 'keyword "NEEDLE" not found in the first 1 MB of the body (the rest was not read)' });
    expect(elapsedMs).toBeLessThan(5_000);
    await allSocketsClosed(server);
  });

  it('returns on a 5 MB body without holding it: a keyword past the cap counts as not found', async () => {
    const body = Buffer.concat([Buffer.alloc(5 * 1024 * 1024, 'a'), Buffer.from('NEEDLE')]);
    const base = await serve((_request, response) => response.end(body));
    const heapBefore = process.memoryUsage().heapUsed;
    const outcome = await httpProbe.run(config(base, { keyword: { text: 'NEEDLE', mode: 'present' } }), probeContext());
    expect(outcome.error).toBe('keyword "NEEDLE" not found in the first 1 MB of the body (the rest was not read)');
    // Loose on purpose (the collector runs when it likes): the point is not holding 5 MB more.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(4 * 1024 * 1024);
  });

  it('without a body check, answers at the headers and closes a body that never ends', async () => {
    const server = await startHttpServer((_request, response) => response.writeHead(200).write('streaming forever'));
    running.push(server);
    const outcome = await httpProbe.run(config(`http://127.0.0.1:${server.port}/`), probeContext(5_000));
    expect(outcome).toMatchObject({ ok: true, error: null });
    await allSocketsClosed(server);
  });

  it('times out on a target that accepts and never answers, close to the timeout', async () => {
    const server = await startTcpServer(() => undefined);
    running.push(server);
    const { result, elapsedMs } = await timed(() => httpProbe.run(config(`http://127.0.0.1:${server.port}/`), probeContext(300)));
    expect(result).toEqual({ ok: false, latencyMs: null, error: 'timed out after 300 ms' });
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(300 + 250);
    await allSocketsClosed(server);
  });

  it('times out on an answer that trickles byte by byte past the timeout', async () => {
    const server = await startTcpServer((socket) => {
      const answer = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < answer.length && !socket.destroyed) socket.write(answer.subarray(sent, (sent += 1)));
      }, 25);
      socket.on('close', () => clearInterval(timer));
    });
    running.push(server);
    const { result, elapsedMs } = await timed(() => httpProbe.run(config(`http://127.0.0.1:${server.port}/`), probeContext(300)));
    expect(result.error).toBe('timed out after 300 ms');
    expect(elapsedMs).toBeLessThan(300 + 250);
  });

  it('times out on a body that trickles when the body is needed', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write('.'), 25);
      response.on('close', () => clearInterval(timer));
    });
    const outcome = await httpProbe.run(config(base, { keyword: { text: 'OK', mode: 'present' } }), probeContext(300));
    expect(outcome.error).toBe('timed out after 300 ms');
  });

  it('says clearly when the answer is not HTTP', async () => {
    const server = await startTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    running.push(server);
    const outcome = await httpProbe.run(config(`http://127.0.0.1:${server.port}/`), probeContext());
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^the answer is not valid HTTP \(/);
  });

  it('reads headers whatever their case and spacing, and names a malformed status or header line', async () => {
    const answers: Record<string, string> = {
      '/moved': 'HTTP/1.1 302 Found\r\nLOCATION :  /new \r\nContent-Length: 0\r\n\r\n',
      '/new': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
      '/no-colon': 'HTTP/1.1 200 OK\r\nGood: yes\r\nno colon here\r\n\r\n',
      '/no-name': 'HTTP/1.1 200 OK\r\n: empty name\r\n\r\n',
      '/bad-status': 'HTTP/1.1 2000 OK\r\n\r\n',
    };
    const server = await startTcpServer((socket) =>
      socket.once('data', (request: Buffer) => socket.end(answers[request.toString('latin1').split(' ')[1] ?? ''] ?? '')),
    );
    running.push(server);
    const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
    expect(await httpProbe.run(config(url('/moved'), { keyword: { text: 'ok', mode: 'present' } }), probeContext())).toMatchObject({
      ok: true,
      error: null,
    });
    expect((await httpProbe.run(config(url('/no-colon')), probeContext())).error).toBe(
      'the answer is not valid HTTP (bad header line "no colon here")',
    );
    expect((await httpProbe.run(config(url('/no-name')), probeContext())).error).toBe(
      'the answer is not valid HTTP (bad header line ": empty name")',
    );
    expect((await httpProbe.run(config(url('/bad-status')), probeContext())).error).toBe(
      'the answer is not valid HTTP (bad status line "HTTP/1.1 2000 OK")',
    );
  });

  it('judges a status-only monitor by its head alone: a broken body in the same packet fails only a body check', async () => {
    // One write: the head and a chunk size that is not hex arrive together.
    const server = await startTcpServer((socket) =>
      socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nok\r\n0\r\n\r\n'),
    );
    running.push(server);
    const url = `http://127.0.0.1:${server.port}/`;
    expect(await httpProbe.run(config(url), probeContext())).toMatchObject({ ok: true, error: null });
    expect((await httpProbe.run(config(url, { keyword: { text: 'ok', mode: 'present' } }), probeContext())).error).toBe(
      'the answer is not valid HTTP (bad chunk size "ZZ")',
    );
  });

  it('follows a redirect at its head: a broken body in the same packet does not fail a keyword monitor', async () => {
    const server = await startTcpServer((socket) =>
      socket.once('data', (request: Buffer) =>
        socket.end(
          request.toString('latin1').startsWith('GET /new ')
            ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
            : 'HTTP/1.1 302 Found\r\nLocation: /new\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n',
        ),
      ),
    );
    running.push(server);
    const outcome = await httpProbe.run(
      config(`http://127.0.0.1:${server.port}/moved`, { keyword: { text: 'ok', mode: 'present' } }),
      probeContext(),
    );
    expect(outcome).toMatchObject({ ok: true, error: null });
  });

  it('says when the target closes the connection without answering', async () => {
    const server = await startTcpServer((socket) => socket.end());
    running.push(server);
    const outcome = await httpProbe.run(config(`http://127.0.0.1:${server.port}/`), probeContext());
    expect(outcome).toMatchObject({ ok: false, error: 'connection closed by the target before it answered' });
  });

  it('says "connection refused" when nothing listens', async () => {
    const port = await closedPort();
    expect(await httpProbe.run(config(`http://127.0.0.1:${port}/`), probeContext())).toEqual({
      ok: false,
      latencyMs: null,
      error: 'connection refused',
    });
  });

  it('says when an https URL points at a port that does not speak TLS', async () => {
    const server = await startTcpServer((socket) => socket.end('220 mail ESMTP\r\n'));
    running.push(server);
    expect((await httpProbe.run(config(`https://127.0.0.1:${server.port}/`), probeContext())).error).toBe(
      'TLS: handshake failed (wrong version number); the port does not seem to speak TLS',
    );
  });

  it('says when the target drops the connection in the middle of a needed body', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' }).write('partial', () => response.destroy());
    });
    expect((await httpProbe.run(config(base, { keyword: { text: 'OK', mode: 'present' } }), probeContext())).error).toBe(
      'connection closed by the target after 7 bytes of the body',
    );
  });
});

describe('http probe: target host', () => {
  it('is the URL host name, IPv6 without brackets', () => {
    expect(httpProbe.targetHost(config('https://recorder.site-a.example:8443/x'))).toBe('recorder.site-a.example');
    expect(httpProbe.targetHost(config('http://[::1]:8080/'))).toBe('::1');
  });
});
