import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Envelope } from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { invoke, LOCAL_OPERATOR } from '../service';
import { serveSessionSecret } from './access-gate';
import { createServeServer } from './serve-server';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TOKEN = 'the-token-printed-at-start-0123456789';
const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'harbour lantern quietly 42' };

/** Serve mode on a real core whose people decide who each call acts as. */
async function startServe({ failing }: { failing?: string } = {}) {
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchroom</title>');
  const { core, clock, key } = startTestCore(tempDir());
  // Every read the server asks core for, to show which requests get none.
  const methodsAsked: string[] = [];
  const serve = createServeServer({
    dispatcher: {
      ...core.dispatcher,
      call: (method, input, context) => {
        methodsAsked.push(String(method));
        // The dispatcher never throws; a test breaks that to see what a failure under it costs.
        if (method === failing) return Promise.reject(new Error(`${failing} failed`));
        return core.dispatcher.call(method, input, context);
      },
    },
    heartbeatRoute: core.monitoring.heartbeatRoute,
    opsRoute: core.opsRoute,
    rendererDir,
    accessToken: TOKEN,
    sessionSecret: serveSessionSecret(key),
    hostNames: ['127.0.0.1'],
    actorFor: core.people.actorFor,
    recordAudit: (entry) => core.recordAudit(entry),
    clock,
    timers: clock,
    logger: createSilentLogger(),
  });
  await new Promise<void>((resolve) => serve.http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(serve.http.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    serve.http.closeAllConnections();
    await serve.io.close();
    core.close();
  });
  const access = await fetch(`${origin}/session`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  const accessCookie = access.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { origin, accessCookie, core, methodsAsked };
}

async function post(origin: string, path: string, cookie: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { cookie, origin, 'content-type': contentType },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    setCookie: response.headers.get('set-cookie'),
    envelope: text === '' ? null : (JSON.parse(text) as Envelope),
  };
}

function socketWith(origin: string, cookie: string): Promise<Socket> {
  const socket = connect(origin, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  cleanups.push(() => {
    socket.close();
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const call = (socket: Socket, method: string, input?: unknown) =>
  socket.timeout(5000).emitWithAck(method, input ?? null) as Promise<Envelope>;

describe('serve mode sign-in over HTTP', () => {
  it("sets the person's session in an HttpOnly, SameSite=Strict cookie, and a socket whose handshake carries it acts as that person", async () => {
    const { origin, accessCookie } = await startServe();
    const setup = await post(origin, '/auth/setup', accessCookie, ADMIN);
    expect(setup.status).toBe(200);
    expect(setup.envelope).toMatchObject({ ok: true, value: { state: 'signed-in', user: { username: 'ada' } } });
    expect(setup.setCookie).toMatch(/^watchroom_person_\d+=[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const personCookie = setup.setCookie?.split(';')[0] ?? '';

    const signedIn = await socketWith(origin, `${accessCookie}; ${personCookie}`);
    expect(await call(signedIn, 'auth.state')).toMatchObject({
      ok: true,
      value: { state: 'signed-in', user: { displayName: 'Ada Admin' } },
    });
    expect(await call(signedIn, 'settings.set', { consoleName: 'North room' })).toMatchObject({ ok: true });

    // The access cookie alone opens the door, not the console: only signing in is allowed.
    const nobody = await socketWith(origin, accessCookie);
    expect(await call(nobody, 'auth.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await call(nobody, 'settings.set', { consoleName: 'Owned' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A made-up token in the cookie is nobody either.
    const forged = await socketWith(origin, `${accessCookie}; ${personCookie.split('=')[0]}=forged-token-0123456789abcdef`);
    expect(await call(forged, 'auth.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
  });

  it('answers a wrong password without touching the cookie, and refuses a request without the access cookie or a JSON body', async () => {
    const { origin, accessCookie } = await startServe();
    await post(origin, '/auth/setup', accessCookie, ADMIN);
    const wrong = await post(origin, '/auth/signIn', accessCookie, { username: 'ada', password: 'not the password' });
    expect(wrong.status).toBe(200);
    expect(wrong.envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(wrong.setCookie).toBeNull();

    expect((await post(origin, '/auth/signIn', '', { username: 'ada', password: ADMIN.password })).status).toBe(401);
    const form = await post(
      origin,
      '/auth/signIn',
      accessCookie,
      { username: 'ada', password: ADMIN.password },
      'application/x-www-form-urlencoded',
    );
    expect(form.status).toBe(415);
    expect((await fetch(`${origin}/auth/signIn`, { headers: { cookie: accessCookie } })).status).toBe(405);
    // Only the three methods that change the cookie are here; the rest of the contract is the socket's.
    expect((await post(origin, '/auth/lock', accessCookie, null)).status).not.toBe(200);
  });

  it("signing out clears the cookie and closes that person's sockets at once", async () => {
    const { origin, accessCookie } = await startServe();
    const setup = await post(origin, '/auth/setup', accessCookie, ADMIN);
    const cookies = `${accessCookie}; ${setup.setCookie?.split(';')[0] ?? ''}`;
    const otherTab = await socketWith(origin, cookies);
    const closed = new Promise<string>((resolve) => otherTab.once('disconnect', resolve));

    const signOut = await post(origin, '/auth/signOut', cookies, null);
    expect(signOut.envelope).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(signOut.setCookie).toMatch(/^watchroom_person_\d+=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(await closed).toBe('io server disconnect');
    // The old cookie, sent again, signs nobody in.
    expect(await call(await socketWith(origin, cookies), 'auth.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
  });

  it('sends the console’s events to signed-in sockets only; a signed-out one hears only that sessions changed', async () => {
    const { origin, accessCookie } = await startServe();
    const setup = await post(origin, '/auth/setup', accessCookie, ADMIN);
    const signedIn = await socketWith(origin, `${accessCookie}; ${setup.setCookie?.split(';')[0] ?? ''}`);
    const nobody = await socketWith(origin, accessCookie);
    const heardByNobody: string[] = [];
    nobody.onAny((event: string) => heardByNobody.push(event));
    const settingsChanged = new Promise((resolve) => signedIn.once('settings.changed', resolve));
    await call(signedIn, 'settings.set', { consoleName: 'North room' });
    expect(await settingsChanged).toMatchObject({ consoleName: 'North room' });

    const sessionChanged = new Promise((resolve) => nobody.once('auth.changed', resolve));
    await post(origin, '/auth/signIn', accessCookie, { username: 'ada', password: ADMIN.password });
    await sessionChanged;
    expect(heardByNobody.filter((event) => event !== 'auth.changed')).toEqual([]);
  });

  it('pairs a wall display: its one-time code becomes a lasting session cookie, and nothing but a display’s code does', async () => {
    const { origin, accessCookie } = await startServe();
    const setup = await post(origin, '/auth/setup', accessCookie, ADMIN);
    const adminCookie = setup.setCookie?.split(';')[0] ?? '';
    const admin = await socketWith(origin, `${accessCookie}; ${adminCookie}`);
    const paired = await call(admin, 'devices.pair', { name: 'Wall 1' });
    const code = paired.ok ? (paired.value as { pairingCode: string }).pairingCode : '';

    const display = await post(origin, '/auth/pair', accessCookie, { code });
    expect(display.envelope).toMatchObject({ ok: true, value: { state: 'signed-in', session: { kind: 'device', seat: 'Wall 1' } } });
    expect(display.setCookie).toMatch(/^watchroom_person_\d+=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=34560000$/);
    const wall = await socketWith(origin, `${accessCookie}; ${display.setCookie?.split(';')[0] ?? ''}`);
    expect(await call(wall, 'auth.state')).toMatchObject({ ok: true, value: { user: { role: 'admin' }, session: { kind: 'device' } } });
    // A viewer: it watches, it changes nothing.
    expect(await call(wall, 'settings.set', { consoleName: 'Wall was here' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A guessed code, or a person's own session token, is no display's.
    for (const wrong of ['guessed-code-0123456789abcdef', adminCookie.split('=')[1]]) {
      const refused = await post(origin, '/auth/pair', accessCookie, { code: wrong });
      expect(refused.envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(refused.setCookie).toBeNull();
    }
  });

  it('answers the first screen’s reads over HTTP as the person the cookie signs in, and nothing else', async () => {
    const { origin, accessCookie, core } = await startServe();
    const setup = await post(origin, '/auth/setup', accessCookie, ADMIN);
    const cookies = `${accessCookie}; ${setup.setCookie?.split(';')[0] ?? ''}`;
    const site = await invoke(core.dispatcher, 'sites.create', { name: 'North gate' }, { actor: LOCAL_OPERATOR });
    const camera = await invoke(
      core.dispatcher,
      'monitors.create',
      { siteId: site.id, name: 'Camera 1', probe: { kind: 'manual' } },
      { actor: LOCAL_OPERATOR },
    );
    const firstScreen = async (path: string, cookie: string) => {
      const response = await fetch(`${origin}${path}`, { headers: { cookie } });
      return {
        status: response.status,
        cache: response.headers.get('cache-control'),
        body: response.status === 200 ? await response.json() : null,
      };
    };

    const board = await firstScreen('/first-screen?board', cookies);
    expect(board.status).toBe(200);
    expect(board.cache).toBe('no-store');
    expect(board.body).toMatchObject({
      answers: [
        { method: 'auth.state', input: null, envelope: { ok: true, value: { state: 'signed-in', user: { username: 'ada' } } } },
        { method: 'board.snapshot', input: { first: 100 }, envelope: { ok: true, value: { monitors: [{ id: camera.id }] } } },
        { method: 'alerts.snapshot', input: { first: 200 }, envelope: { ok: true } },
      ],
    });
    // Opening on another page, the board is not read.
    const queue = await firstScreen('/first-screen', cookies);
    expect((queue.body as { answers: { method: string }[] }).answers.map((answer) => answer.method)).toEqual([
      'auth.state',
      'alerts.snapshot',
    ]);

    // Signed out, the reads are refused like over the socket: the seat says so and nothing else is shown.
    const nobody = await firstScreen('/first-screen?board', accessCookie);
    expect(nobody.body).toMatchObject({
      answers: [
        { method: 'auth.state', envelope: { ok: true, value: { state: 'signed-out' } } },
        { method: 'board.snapshot', envelope: { ok: false, error: { code: 'forbidden' } } },
        { method: 'alerts.snapshot', envelope: { ok: false, error: { code: 'forbidden' } } },
      ],
    });
    // Without this start's access cookie there is no answer at all, and the path takes no other method.
    expect((await firstScreen('/first-screen?board', '')).status).toBe(401);
    expect((await post(origin, '/first-screen', cookies, { method: 'settings.set' })).status).toBe(405);
  });

  it('trades the token and answers the first screen in one request, as the person the cookie names, and refuses like the plain exchange', async () => {
    const { origin, accessCookie, core, methodsAsked } = await startServe();
    await post(origin, '/auth/setup', accessCookie, ADMIN);
    const north = await invoke(core.dispatcher, 'sites.create', { name: 'North gate' }, { actor: LOCAL_OPERATOR });
    const south = await invoke(core.dispatcher, 'sites.create', { name: 'South yard' }, { actor: LOCAL_OPERATOR });
    for (const site of [north, south]) {
      await invoke(
        core.dispatcher,
        'monitors.create',
        { siteId: site.id, name: 'Camera', probe: { kind: 'manual' } },
        { actor: LOCAL_OPERATOR },
      );
    }
    const viewer = { username: 'sam', displayName: 'Sam South', password: 'orchard pebble gently 31' };
    await invoke(core.dispatcher, 'users.create', { ...viewer, role: 'viewer', sites: [south.id] }, { actor: LOCAL_OPERATOR });
    const signIn = await post(origin, '/auth/signIn', accessCookie, { username: viewer.username, password: viewer.password });
    const personCookie = signIn.setCookie?.split(';')[0] ?? '';
    // A fresh browser holding only the person's cookie, as a wall display or a reopened console does.
    const exchange = (path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { origin, cookie: personCookie, ...headers }, body });

    const granted = await exchange('/session?first-screen&board', { authorization: `Bearer ${TOKEN}` });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    const cookie = granted.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^watchroom_session_\d+=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const carried = (await granted.json()) as unknown;
    // Exactly what GET /first-screen answers the same person with the access cookie just set.
    const reread = await fetch(`${origin}/first-screen?board`, { headers: { cookie: `${cookie.split(';')[0] ?? ''}; ${personCookie}` } });
    expect(reread.status).toBe(200);
    expect(carried).toEqual(await reread.json());
    expect(carried).toMatchObject({
      answers: [
        {
          method: 'auth.state',
          envelope: { ok: true, value: { state: 'signed-in', user: { username: 'sam', role: 'viewer', sites: [south.id] } } },
        },
        { method: 'board.snapshot', envelope: { ok: true, value: { total: 2 } } },
        { method: 'alerts.snapshot', envelope: { ok: true } },
      ],
    });

    // A wrong or old token, one in the query instead of the header, or a page of another origin: refused as
    // before, in the same words, with no cookie and no read made at all.
    methodsAsked.length = 0;
    const wrong = await exchange('/session?first-screen&board', { authorization: 'Bearer the-token-of-an-earlier-start' });
    expect([wrong.status, await wrong.text(), wrong.headers.get('set-cookie')]).toEqual([403, '', null]);
    const inQuery = await exchange(`/session?first-screen&board&token=${TOKEN}`, {});
    expect([inQuery.status, inQuery.headers.get('set-cookie')]).toEqual([403, null]);
    const foreign = await exchange('/session?first-screen&board', { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' });
    expect([foreign.status, foreign.headers.get('set-cookie')]).toEqual([403, null]);
    expect(await foreign.text()).toMatch(/^Watchroom refused this request: origin not allowed\./);
    expect(methodsAsked).toEqual([]);
    const audit = await invoke(core.dispatcher, 'audit.list', { limit: 500 }, { actor: LOCAL_OPERATOR });
    expect(audit.entries.filter((entry) => entry.action === 'access.refused').map((entry) => entry.after)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'wrong access token', path: '/session' }),
        expect.objectContaining({ reason: 'origin not allowed', path: '/session' }),
      ]),
    );

    // Signed out (no person cookie, or its session ended): the cookie, and the seat saying so, but none of the board.
    const nobody = await fetch(`${origin}/session?first-screen&board`, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${TOKEN}` },
      body: 'x'.repeat(64 * 1024),
    });
    expect(nobody.headers.get('set-cookie')).toMatch(/^watchroom_session_/);
    expect(await nobody.json()).toMatchObject({
      answers: [
        { method: 'auth.state', envelope: { ok: true, value: { state: 'signed-out' } } },
        { method: 'board.snapshot', envelope: { ok: false, error: { code: 'forbidden' } } },
        { method: 'alerts.snapshot', envelope: { ok: false, error: { code: 'forbidden' } } },
      ],
    });
    // Without asking for the first screen, the exchange is what it was.
    const plain = await exchange('/session', { authorization: `Bearer ${TOKEN}` });
    expect([plain.status, await plain.text()]).toEqual([204, '']);
    expect(plain.headers.get('set-cookie')).toMatch(/^watchroom_session_/);
  });

  it('grants access even when the first screen’s reads fail: the answer then carries the cookie and no reads', async () => {
    const { origin } = await startServe({ failing: 'board.snapshot' });
    const granted = await fetch(`${origin}/session?first-screen&board`, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${TOKEN}` },
    });
    expect(granted.status).toBe(200);
    const cookie = granted.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(await granted.text()).toBe('');
    expect((await fetch(`${origin}/session`, { headers: { cookie } })).status).toBe(204);
  });
});
