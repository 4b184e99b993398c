import { describe, expect, it } from 'vitest';
import {
  createSessionKeeper,
  exchangeTokenEarly,
  pairingCodeFromHash,
  redeemPairingCode,
  removePairingCodeFromAddress,
  removeTokenFromAddress,
  takeEarlyExchange,
  tokenFromHash,
  type FetchLike,
} from './serve-session';

/**
 * Stands in for the page's fetch: answers /session with the statuses a test queues (a 200 with the
 * first screen's reads when asked for them), and records what was asked.
 */
function fakeCore(...statuses: (number | 'down')[]) {
  const asked: { method: string; authorization: string | null; path: string }[] = [];
  const fetch = (url: string, init: RequestInit) => {
    expect(url.split('?')[0]).toBe('/session');
    expect(init.credentials).toBe('same-origin');
    const headers = new Headers(init.headers);
    asked.push({ method: init.method ?? 'GET', authorization: headers.get('authorization'), path: url });
    const status = statuses.shift() ?? 'down';
    return status === 'down'
      ? Promise.reject(new TypeError('Failed to fetch'))
      : Promise.resolve({ status, json: () => Promise.resolve({ answers: [{ method: 'auth.state', input: null, envelope: {} }] }) });
  };
  return { fetch: fetch satisfies FetchLike, asked };
}

function fakeAddress(hash: string) {
  const location = { pathname: '/', search: '', hash };
  const replaced: string[] = [];
  const history = { state: null, replaceState: (_state: unknown, _title: string, url: string) => void replaced.push(url) };
  return { location, history, replaced };
}

describe('serve mode session in the page', () => {
  it('reads the token from the fragment and takes it out of the address bar, keeping the page', () => {
    expect(tokenFromHash('#token=abc&page=audit')).toBe('abc');
    expect(tokenFromHash('#page=audit')).toBeNull();
    const address = fakeAddress('#token=abc&page=audit');
    removeTokenFromAddress(address.location, address.history);
    expect(address.replaced).toEqual(['/#page=audit']);
    const bare = fakeAddress('#token=abc');
    removeTokenFromAddress(bare.location, bare.history);
    expect(bare.replaced).toEqual(['/']);
    const none = fakeAddress('#alerts');
    removeTokenFromAddress(none.location, none.history);
    expect(none.replaced).toEqual([]);
  });

  it('trades the token once, as a Bearer header, and afterwards only asks whether the cookie is still good', async () => {
    const core = fakeCore(204, 401);
    const keeper = createSessionKeeper(core.fetch, 'printed-token');
    expect(await keeper.start()).toBe('granted');
    // Serve restarted: the cookie of the earlier start is refused, and the page says how to get back in.
    expect(await keeper.afterConnectError()).toBe('refused');
    expect(core.asked).toEqual([
      { method: 'POST', authorization: 'Bearer printed-token', path: '/session' },
      { method: 'GET', authorization: null, path: '/session' },
    ]);
  });

  it('tries the token again while core is out of reach, instead of losing it', async () => {
    const core = fakeCore('down', 503, 204, 204);
    const keeper = createSessionKeeper(core.fetch, 'printed-token');
    expect(await keeper.start()).toBe('unreachable');
    expect(await keeper.afterConnectError()).toBe('unreachable');
    expect(await keeper.afterConnectError()).toBe('granted');
    expect(await keeper.afterConnectError()).toBe('granted');
    expect(core.asked.map((a) => a.method)).toEqual(['POST', 'POST', 'POST', 'GET']);
  });

  it('refuses a wrong or old token, and a reload without a token relies on the cookie', async () => {
    expect(await createSessionKeeper(fakeCore(403).fetch, 'old-token').start()).toBe('refused');
    const reload = fakeCore(204);
    const keeper = createSessionKeeper(reload.fetch, null);
    expect(await keeper.start()).toBe('granted');
    expect(reload.asked).toEqual([]);
  });

  it('trades the token as the page starts, before the console is evaluated, and the connection takes that answer over', async () => {
    const core = fakeCore(200);
    const address = fakeAddress('#token=printed-token&page=board');
    const early = exchangeTokenEarly(address.location, address.history, core.fetch, true);
    expect(address.replaced).toEqual(['/#page=board']);
    // One request: the exchange asks for the first screen's reads (the board's too) in the same answer.
    expect(core.asked).toEqual([{ method: 'POST', authorization: 'Bearer printed-token', path: '/session?first-screen&board' }]);
    expect(await early?.reads).toEqual({ answers: [{ method: 'auth.state', input: null, envelope: {} }] });
    // The connection is made later, from an address without the token: it waits for the exchange already asked.
    const keeper = createSessionKeeper(core.fetch, tokenFromHash('#page=board'), takeEarlyExchange());
    expect(await keeper.start()).toBe('granted');
    expect(core.asked).toHaveLength(1);
    expect(takeEarlyExchange()).toBeNull();
  });

  it('keeps the token of an early exchange core could not take yet, and tries it again', async () => {
    const core = fakeCore('down', 204);
    const address = fakeAddress('#token=printed-token');
    const early = exchangeTokenEarly(address.location, address.history, core.fetch, false);
    expect(await early?.reads).toBeNull();
    const keeper = createSessionKeeper(core.fetch, null, takeEarlyExchange());
    expect(await keeper.start()).toBe('unreachable');
    expect(await keeper.afterConnectError()).toBe('granted');
    expect(core.asked).toEqual([
      { method: 'POST', authorization: 'Bearer printed-token', path: '/session?first-screen' },
      { method: 'POST', authorization: 'Bearer printed-token', path: '/session' },
    ]);
  });

  it('takes a refused early exchange as refused, with no reads', async () => {
    const core = fakeCore(403);
    const early = exchangeTokenEarly(fakeAddress('#token=old-token').location, fakeAddress('').history, core.fetch, true);
    expect(await early?.answer).toBe('refused');
    expect(await early?.reads).toBeNull();
    expect(takeEarlyExchange()?.token).toBe('old-token');
  });

  it('starts no exchange from an address without a token (Electron, a reload)', () => {
    const core = fakeCore();
    const address = fakeAddress('#alerts');
    exchangeTokenEarly(address.location, address.history, core.fetch, true);
    expect(core.asked).toEqual([]);
    expect(address.replaced).toEqual([]);
    expect(takeEarlyExchange()).toBeNull();
  });
});

describe('a wall display at its pairing address', () => {
  it('reads the code, takes it out of the address bar (keeping the page), and trades it for the display’s cookie', async () => {
    const location = { pathname: '/', search: '', hash: '#pair=code-0123456789abcdef&page=board' };
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_state: unknown, _title: string, url: string) => void replaced.push(url) };
    expect(pairingCodeFromHash(location.hash)).toBe('code-0123456789abcdef');
    removePairingCodeFromAddress(location, history);
    expect(replaced).toEqual(['/#page=board']);

    const asked: { url: string; init: RequestInit }[] = [];
    await redeemPairingCode((url, init) => {
      asked.push({ url, init });
      return Promise.resolve({ status: 200 });
    }, 'code-0123456789abcdef');
    expect(asked).toEqual([
      { url: '/auth/pair', init: expect.objectContaining({ method: 'POST', body: '{"code":"code-0123456789abcdef"}' }) },
    ]);
  });
});
