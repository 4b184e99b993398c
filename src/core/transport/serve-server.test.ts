import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuditEntry, Envelope } from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { LOCAL_OPERATOR } from '../service';
import { secretsMatch } from './access-gate';
import { REFUSAL_WINDOW_MS, REFUSALS_PER_WINDOW } from './refusal-log';
import { createServeServer } from './serve-server';
import { serveSessionSecret } from './access-gate';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TOKEN = 'the-token-printed-at-start-0123456789';

async function startServe(dataDir = tempDir(), key?: Buffer, accessToken = TOKEN, rendererDir = tempDir()) {
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchroom</title>');
  const { core, clock, call, key: dbKey } = startTestCore(dataDir, key ? { key } : {});
  const serve = createServeServer({
    dispatcher: core.dispatcher,
    heartbeatRoute: core.monitoring.heartbeatRoute,
    opsRoute: core.opsRoute,
    rendererDir,
    accessToken,
    sessionSecret: serveSessionSecret(dbKey),
    hostNames: ['127.0.0.1', 'localhost', '[::1]', 'console.example'],
    actorFor: () => LOCAL_OPERATOR,
    recordAudit: (entry) => core.recordAudit(entry),
    clock,
    timers: clock,
    logger: createSilentLogger(),
  });
  await new Promise<void>((resolve) => serve.http.listen(0, '127.0.0.1', resolve));
  const port = (serve.http.address() as AddressInfo).port;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    serve.http.closeAllConnections();
    await serve.io.close();
    core.close();
  };
  cleanups.push(stop);
  const refusals = async (): Promise<AuditEntry[]> => {
    const page = await call('audit.list', { limit: 500 });
    if (!page.ok) throw new Error(page.error.message);
    return (page.value as { entries: AuditEntry[] }).entries.filter((entry) => entry.action === 'access.refused');
  };
  return { port, origin: `http://127.0.0.1:${port}`, clock, dbKey, stop, refusals, core, call };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A raw WebSocket upgrade, so Host and Origin are exactly what a browser (or an attacker) would send. */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        host: `127.0.0.1:${port}`,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

async function exchange(port: number, token = TOKEN): Promise<string> {
  const answer = await send(port, '/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: `http://127.0.0.1:${port}` },
  });
  expect(answer.status).toBe(204);
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

function client(origin: string, cookie: string | null, transport: 'websocket' | 'polling'): Socket {
  const socket = connect(origin, { transports: [transport], reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  cleanups.push(() => {
    socket.close();
  });
  return socket;
}

function outcome(socket: Socket): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', () => resolve('refused'));
  });
}

describe('serve mode access: host names and origins', () => {
  it('serves the console to its own names and refuses a foreign Host header (DNS rebinding) with 403 and an audit entry', async () => {
    const serve = await startServe();
    expect((await send(serve.port, '/')).status).toBe(200);
    expect((await send(serve.port, '/', { headers: { host: `localhost:${serve.port}` } })).status).toBe(200);
    expect((await send(serve.port, '/', { headers: { host: `console.example:${serve.port}` } })).status).toBe(200);

    const rebound = await send(serve.port, '/', { headers: { host: `attacker.example:${serve.port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/--allow-host/);
    // The right name on the wrong port is another origin too.
    expect((await send(serve.port, '/', { headers: { host: '127.0.0.1:1' } })).status).toBe(403);
    expect((await send(serve.port, '/hb/some-token', { method: 'POST', headers: { host: `attacker.example:${serve.port}` } })).status).toBe(
      403,
    );

    const entries = await serve.refusals();
    expect(entries.map((entry) => entry.after)).toContainEqual(
      expect.objectContaining({ reason: 'host name not allowed', host: `attacker.example:${serve.port}`, path: '/' }),
    );
    expect(entries[0]).toMatchObject({ actor: 'system', result: 'error' });
  });

  it('refuses a page of another origin, including another port of the same host, and a no-cors request it sends', async () => {
    const serve = await startServe();
    const foreign = await send(serve.port, '/', { headers: { origin: 'http://127.0.0.1:8081' } });
    expect(foreign.status).toBe(403);
    expect((await send(serve.port, '/', { headers: { origin: 'null' } })).status).toBe(403);
    // A no-cors GET carries no Origin, but Chromium says where it came from.
    expect(
      (
        await send(serve.port, '/assets/app.js', {
          headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' },
        })
      ).status,
    ).toBe(403);
    expect((await send(serve.port, '/', { headers: { origin: serve.origin, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    // A link followed from a wiki opens the console in the operator's own tab: allowed.
    expect(
      (
        await send(serve.port, '/', {
          headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
        })
      ).status,
    ).toBe(200);
    // ...but not inside another page's frame.
    expect(
      (
        await send(serve.port, '/', {
          headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' },
        })
      ).status,
    ).toBe(403);

    expect((await serve.refusals()).map((entry) => entry.after)).toContainEqual(
      expect.objectContaining({ reason: 'origin not allowed', origin: 'http://127.0.0.1:8081' }),
    );
  });

  it('sends no Referer anywhere, so the page never leaks its address', async () => {
    const serve = await startServe();
    expect((await send(serve.port, '/')).headers['referrer-policy']).toBe('no-referrer');
    expect((await send(serve.port, '/session')).headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses WebSocket upgrades from a foreign Host or Origin before socket.io sees them (cors does not cover upgrades)', async () => {
    const serve = await startServe();
    const cookie = await exchange(serve.port);
    expect(await upgrade(serve.port, { cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(serve.port, { cookie, host: `attacker.example:${serve.port}` })).toBe(403);
    expect(await upgrade(serve.port, { origin: serve.origin })).toBe(403);
    expect(await upgrade(serve.port, { origin: serve.origin, cookie: `${cookie}x` })).toBe(403);
    expect(await upgrade(serve.port, { cookie, origin: serve.origin })).toBe(101);
  });

  it('writes at most a few refusals a minute one by one, then one record with the count', async () => {
    const serve = await startServe();
    for (let i = 0; i < 50; i += 1) await send(serve.port, '/', { headers: { origin: 'http://flood.example' } });
    expect(await serve.refusals()).toHaveLength(REFUSALS_PER_WINDOW);
    serve.clock.advance(REFUSAL_WINDOW_MS);
    const entries = await serve.refusals();
    expect(entries).toHaveLength(REFUSALS_PER_WINDOW + 1);
    expect(entries[0]?.after).toMatchObject({ origin: 'http://flood.example', suppressed: 50 - REFUSALS_PER_WINDOW });
  });
});

describe('serve mode access: the token and the session cookie', () => {
  it('trades the right token for an HttpOnly, SameSite=Strict session cookie, and refuses a wrong one', async () => {
    const serve = await startServe();
    const wrong = await send(serve.port, '/session', {
      method: 'POST',
      headers: { authorization: 'Bearer the-token-printed-at-start-0123456780' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await send(serve.port, '/session', { method: 'POST', headers: { authorization: 'Bearer short' } })).status).toBe(403);
    expect((await send(serve.port, '/session', { method: 'POST' })).status).toBe(403);
    // Another page cannot trade a token it guessed or stole into a cookie for the operator's browser.
    expect(
      (await send(serve.port, '/session', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' } }))
        .status,
    ).toBe(403);

    const right = await send(serve.port, '/session', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(204);
    expect(right.headers['set-cookie']?.[0]).toMatch(
      new RegExp(`^watchroom_session_${serve.port}=[\\w-]+\\.[\\w-]+; Path=/; HttpOnly; SameSite=Strict$`),
    );
    expect(right.headers['cache-control']).toBe('no-store');
    expect((await serve.refusals()).map((entry) => entry.after)).toContainEqual(
      expect.objectContaining({ reason: 'wrong access token', path: '/session' }),
    );
  });

  it('tells the page whether its cookie is still good (a reload keeps it), and a second exchange (a second tab) works too', async () => {
    const serve = await startServe();
    expect((await send(serve.port, '/session')).status).toBe(401);
    const cookie = await exchange(serve.port);
    expect((await send(serve.port, '/session', { headers: { cookie } })).status).toBe(204);
    expect((await send(serve.port, '/session', { headers: { cookie: `${cookie}x` } })).status).toBe(401);
    const secondTab = await exchange(serve.port);
    expect(secondTab).not.toBe(cookie);
    expect((await send(serve.port, '/session', { headers: { cookie } })).status).toBe(204);
  });

  it('lets the contract through only with the session cookie, over WebSocket and long-polling alike', async () => {
    const serve = await startServe();
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await outcome(client(serve.origin, null, transport))).toBe('refused');
      expect(await outcome(client(serve.origin, 'watchroom_session_1=forged.value', transport))).toBe('refused');
    }
    const cookie = await exchange(serve.port);
    for (const transport of ['websocket', 'polling'] as const) {
      const socket = client(serve.origin, cookie, transport);
      expect(await outcome(socket)).toBe('connected');
      expect((await socket.timeout(5000).emitWithAck('settings.get', null)) as Envelope).toMatchObject({ ok: true });
    }
    expect((await serve.refusals()).map((entry) => entry.after)).toContainEqual(
      expect.objectContaining({ reason: 'no valid session cookie' }),
    );
  });

  it('refuses the cookie of an earlier start once serve restarts with a new token (one is generated at every start unless configured)', async () => {
    const dataDir = tempDir();
    const first = await startServe(dataDir);
    const cookie = (await exchange(first.port)).replace(`_${first.port}=`, '_PORT=');
    await first.stop();
    const second = await startServe(dataDir, first.dbKey, 'a-new-token-generated-at-this-start-98765');
    const oldCookie = cookie.replace('_PORT=', `_${second.port}=`);
    expect((await send(second.port, '/session', { headers: { cookie: oldCookie } })).status).toBe(401);
    expect(await outcome(client(second.origin, oldCookie, 'websocket'))).toBe('refused');
  });

  it('keeps a session across a restart with the same configured token, so a wall display reconnects by itself', async () => {
    const dataDir = tempDir();
    const first = await startServe(dataDir);
    const cookie = (await exchange(first.port)).replace(`_${first.port}=`, '_PORT=');
    await first.stop();
    const second = await startServe(dataDir, first.dbKey);
    const sameCookie = cookie.replace('_PORT=', `_${second.port}=`);
    expect((await send(second.port, '/session', { headers: { cookie: sameCookie } })).status).toBe(204);
    expect(await outcome(client(second.origin, sameCookie, 'websocket'))).toBe('connected');
  });

  it('refuses a cookie signed for another console (another database key) even with the same token', async () => {
    const first = await startServe();
    const cookie = (await exchange(first.port)).replace(`_${first.port}=`, '_PORT=');
    await first.stop();
    const other = await startServe();
    const foreign = cookie.replace('_PORT=', `_${other.port}=`);
    expect((await send(other.port, '/session', { headers: { cookie: foreign } })).status).toBe(401);
  });
});

describe('serve mode for the company monitoring: /healthz, /readyz, /metrics (issue 15)', () => {
  it('answers a scraper (no Origin, no session) and tells ready from not ready with 200 or 503 and a JSON body', async () => {
    const serve = await startServe();
    const alive = await send(serve.port, '/healthz');
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body)).toMatchObject({ status: 'alive' });
    expect(alive.headers['cache-control']).toBe('no-store');

    // Listening, but core has not started probing yet: not ready, and the body says why.
    const early = await send(serve.port, '/readyz');
    expect(early.status).toBe(503);
    expect(JSON.parse(early.body)).toEqual({ status: 'not ready', databaseOpen: true, probesRunning: false, readOnly: false });
    serve.core.start();
    const ready = await send(serve.port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', databaseOpen: true, probesRunning: true, readOnly: false });
    expect(await serve.refusals()).toEqual([]);
  });

  it('serves Prometheus text with probe counts, latency histograms, alerts by severity, event-loop delay and database latency, and no names', async () => {
    const serve = await startServe();
    const site = await serve.call('sites.create', { name: 'Harbour Depot Secret' });
    if (!site.ok) throw new Error(site.error.message);
    const monitor = await serve.call('monitors.create', {
      siteId: (site.value as { id: string }).id,
      name: 'Vault Door Camera',
      probe: { kind: 'manual' },
    });
    expect(monitor.ok).toBe(true);
    serve.core.start();
    serve.core.alerting.engine.reportExternal(
      'backup-failed',
      { subject: 'backup-job:x', name: 'Nightly of Harbour', siteId: null },
      'failed',
    );

    const metrics = await send(serve.port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    for (const name of [
      'watchroom_probe_results_total',
      'watchroom_probe_latency_seconds_bucket',
      'watchroom_probe_start_lateness_seconds_bucket',
      'watchroom_nodejs_eventloop_lag_p99_seconds',
      'watchroom_db_latency_seconds',
    ])
      expect(metrics.body).toContain(name);
    expect(metrics.body).toContain('watchroom_alerts_open{severity="high"} 1');
    expect(metrics.body).toContain('watchroom_alerts_open{severity="critical"} 0');
    for (const secret of ['Harbour', 'Vault', 'Nightly', (site.value as { id: string }).id]) expect(metrics.body).not.toContain(secret);
  });

  it('takes GET and HEAD only, and still refuses a foreign Host or a page of another origin', async () => {
    const serve = await startServe();
    expect((await send(serve.port, '/metrics', { method: 'POST' })).status).toBe(405);
    expect((await send(serve.port, '/healthz', { method: 'HEAD' })).status).toBe(200);
    expect((await send(serve.port, '/metrics', { headers: { host: 'attacker.example' } })).status).toBe(403);
    expect((await send(serve.port, '/readyz', { headers: { origin: 'http://attacker.example' } })).status).toBe(403);
  });
});

describe("serve mode's page policy", () => {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

  it("lets in the page's own inline script and stylesheet by their hashes, read from the page as served, and nothing inline elsewhere", async () => {
    const rendererDir = tempDir();
    const serve = await startServe(undefined, undefined, undefined, rendererDir);
    const page = (script: string) =>
      `<!doctype html><head><style>.board{color:red}</style></head><body><div id="root"></div><script>${script}</script></body>`;
    writeFileSync(join(rendererDir, 'index.html'), page('early("é")'));
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'entry.js'), 'export {}');

    const served = await send(serve.port, '/');
    const policy = String(served.headers['content-security-policy']);
    expect(served.body).toBe(page('early("é")'));
    expect(policy).toContain(`script-src 'self' 'sha256-${digest('early("é")')}';`);
    expect(policy).toContain(`'sha256-${digest('.board{color:red}')}'`);
    expect(policy).not.toContain('unsafe-inline');
    // Any other answer runs no inline script at all.
    expect(String((await send(serve.port, '/assets/entry.js')).headers['content-security-policy'])).toContain("script-src 'self';");

    // A page rebuilt while serve runs is served with its own hashes, never the old page's.
    writeFileSync(join(rendererDir, 'index.html'), page('early("rebuilt")'));
    const rebuilt = String((await send(serve.port, '/')).headers['content-security-policy']);
    expect(rebuilt).toContain(`'sha256-${digest('early("rebuilt")')}'`);
    expect(rebuilt).not.toContain(digest('early("é")'));
    const head = await send(serve.port, '/', { method: 'HEAD' });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([
      200,
      '',
      String(Buffer.byteLength(page('early("rebuilt")'))),
    ]);
  });
});

describe('comparing secrets', () => {
  it('matches only the same secret, whatever the lengths, without throwing', () => {
    expect(secretsMatch(TOKEN, TOKEN)).toBe(true);
    expect(secretsMatch(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(secretsMatch(TOKEN, '')).toBe(false);
    expect(secretsMatch(TOKEN, 'x'.repeat(10_000))).toBe(false);
  });
});
