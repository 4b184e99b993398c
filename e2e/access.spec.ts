import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { AuditEntry, Envelope } from '../src/shared/contract';
import { newDataDir, openSignedIn, sessionCookieFor, startServe, watchConsole, type RunningServe } from './support/serve';

/**
 * Serve mode is closed to every web page but its own: a page of another origin opened in the same
 * browser (the attack of issue 11) cannot drive the console, and a foreign host name (DNS
 * rebinding) gets nothing, while the console opened from the printed address works.
 */

// rebind.test resolves to loopback, as an attacker's DNS name does after rebinding.
test.use({
  launchOptions: {
    executablePath: process.env.WATCHROOM_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--host-resolver-rules=MAP rebind.test 127.0.0.1',
    ],
  },
});

let serve: RunningServe | null = null;
let attacker: Server | null = null;
let client: Socket | null = null;

test.afterEach(async () => {
  client?.close();
  await serve?.stop();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  serve = null;
  attacker = null;
  client = null;
});

/** Another web server on this machine, on another port: the page the operator happened to open. */
async function startAttackerSite(): Promise<string> {
  attacker = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Cat pictures</title>'),
  );
  await new Promise<void>((resolve) => attacker?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
}

/** A socket.io client in Node with a session of its own, to look at what core recorded. */
async function inspector(running: RunningServe): Promise<(method: string, input?: unknown) => Promise<unknown>> {
  const { origin, cookie } = await sessionCookieFor(running);
  const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  client = socket;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return async (method, input) => {
    const envelope = (await socket.timeout(5000).emitWithAck(method, input ?? null)) as Envelope;
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value;
  };
}

test('a page of another origin in the same browser cannot reach the console, over WebSocket, polling or fetch', async ({
  context,
  page,
}) => {
  serve = await startServe(newDataDir());
  const consoleOrigin = new URL(serve.url).origin;
  // The operator has the console open: the browser holds its session cookies, the worst case.
  await openSignedIn(page, serve);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  const attackerOrigin = await startAttackerSite();
  const hostile = await context.newPage();
  await hostile.goto(attackerOrigin);
  const attempts = await hostile.evaluate(async (target) => {
    const wsTarget = target.replace('http://', 'ws://');
    // What the demonstrated attack did: a raw socket.io session that silences, over a WebSocket.
    const websocket = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${wsTarget}/socket.io/?EIO=4&transport=websocket`);
      socket.onopen = () => {
        socket.send('40');
        socket.send('420["settings.set",{"consoleName":"Owned by another page"}]');
        setTimeout(() => resolve('opened'), 1000);
      };
      socket.onerror = () => resolve('refused');
    });
    const attempt = (url: string, init: RequestInit) =>
      fetch(url, { credentials: 'include', ...init }).then(
        (response) => `answered ${response.status}`,
        () => 'refused',
      );
    return {
      websocket,
      polling: await attempt(`${target}/socket.io/?EIO=4&transport=polling`, {}),
      pollingBlind: await attempt(`${target}/socket.io/?EIO=4&transport=polling`, { mode: 'no-cors' }),
      page: await attempt(`${target}/`, {}),
      session: await attempt(`${target}/session`, { method: 'POST', headers: { authorization: 'Bearer guessed-token-0123456789' } }),
      signOut: await attempt(`${target}/auth/signOut`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' }),
    };
  }, consoleOrigin);
  expect(attempts.websocket).toBe('refused');
  expect(attempts.polling).toBe('refused');
  expect(attempts.page).toBe('refused');
  expect(attempts.session).toBe('refused');
  expect(attempts.signOut).toBe('refused');

  // Core's side: each attempt was refused and recorded, none acted; the console still works.
  const call = await inspector(serve);
  expect(await call('settings.get')).not.toMatchObject({ consoleName: 'Owned by another page' });
  const audit = (await call('audit.list', { limit: 200 })) as { entries: AuditEntry[] };
  const refused = audit.entries
    .filter((entry) => entry.action === 'access.refused')
    .map((entry) => entry.after as { origin: string | null; reason: string; path: string });
  expect(refused).toContainEqual(expect.objectContaining({ origin: attackerOrigin, reason: 'origin not allowed', path: '/socket.io/' }));
  expect(refused).toContainEqual(expect.objectContaining({ origin: attackerOrigin, path: '/session' }));
  expect(refused).toContainEqual(expect.objectContaining({ origin: attackerOrigin, path: '/auth/signOut' }));
  // The blind (no-cors) poll carries no Origin; the browser's Sec-Fetch-Site gives it away.
  expect(refused).toContainEqual(expect.objectContaining({ reason: 'request from another site (same-site)', path: '/socket.io/' }));
  await page.getByTestId('nav-settings').click();
  await page.getByLabel('Console name').fill('North control room');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('console-name')).toHaveText('North control room');
});

test('a foreign host name (DNS rebinding) gets a refusal, not the console', async ({ page }) => {
  serve = await startServe(newDataDir());
  const port = new URL(serve.url).port;
  const response = await page.goto(
    `http://rebind.test:${port}/#token=${new URLSearchParams(new URL(serve.url).hash.slice(1)).get('token') ?? ''}`,
  );
  expect(response?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('does not answer to the name rebind.test');
  await expect(page.getByTestId('connection-status')).toHaveCount(0);
});

test('the printed address opens the console once per tab, the token leaves the address bar, and a reload keeps working', async ({
  context,
  page,
}) => {
  const problems = watchConsole(page);
  const dataDir = newDataDir();
  serve = await startServe(dataDir);
  const token = new URLSearchParams(new URL(serve.url).hash.slice(1)).get('token') ?? '';
  expect(token).toMatch(/^[\w-]{32}$/);

  await openSignedIn(page, serve, serve.admin, 'alerts');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  expect(page.url()).not.toContain(token);
  expect(page.url()).toContain('alerts');
  expect(await page.evaluate(() => history.length)).toBe(2);
  const cookies = await context.cookies();
  // The access cookie and the person's session: neither is readable by the page's script.
  expect(cookies).toEqual([
    expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/' }),
    expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/' }),
  ]);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  // A second tab from the same printed address: the token lasts for this start.
  const second = await context.newPage();
  await second.goto(serve.url);
  await expect(second.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  expect(problems).toEqual([]);

  // The log file holds the console's address without the token.
  await serve.stop();
  const log = readFileSync(join(dataDir, 'watchroom.log'), 'utf8');
  expect(log).toContain('serve mode listening');
  expect(log).not.toContain(token);
});

// A walk-through gave serve mode a token from `openssl rand -base64 24`, as the README suggests: the
// printed address carried its '+' as is, the page read it as a space, and the console never opened.
test("the printed address opens the console with a token of the operator's own that has '+', '/', '=', '&' and '%' in it", async ({
  page,
}) => {
  const token = '4eKEzVJq+Bdkm/Q7Lp9w2Z+a&b%20c=d==';
  serve = await startServe(newDataDir(), [], { env: { WATCHROOM_ACCESS_TOKEN: token } });
  expect(serve.url).toContain(`#token=${encodeURIComponent(token)}`);
  await openSignedIn(page, serve);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  expect(page.url()).not.toContain('4eKEzVJq');
});

test('without the printed address, or with a wrong token, the page says which address to open', async ({ browser }) => {
  serve = await startServe(newDataDir());
  const origin = new URL(serve.url).origin;
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`${origin}/`);
  await expect(stranger.getByTestId('access-needed')).toContainText('Open the address Watchroom printed when it started');

  const wrongToken = await (await browser.newContext()).newPage();
  await wrongToken.goto(`${origin}/#token=not-the-token-of-this-start`);
  await expect(wrongToken.getByTestId('access-needed')).toBeVisible();
  expect(wrongToken.url()).not.toContain('not-the-token');
});
