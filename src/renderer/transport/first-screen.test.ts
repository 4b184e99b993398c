import { describe, expect, it } from 'vitest';
import { firstScreenKey } from '../../shared/domain/first-screen';
import { FakeTransport, SIGNED_IN, TEST_SESSION, TEST_USER } from '../testing/fake-transport';
import { unwrapEnvelope } from './envelope';
import { takeFromEarly } from './early-handoff';
import { askFirstScreenEarly, withFirstScreenAnswers } from './first-screen';

const EARLY_BOARD = { at: 1, sites: [], total: 1, monitors: [] };

function earlyAnswers(entries: [method: string, input: unknown, value: unknown][]) {
  return Promise.resolve(new Map(entries.map(([method, input, value]) => [firstScreenKey(method, input), { ok: true, value }])));
}

/** A socket that has not connected yet: the early answers are what the first screen shows. */
function connecting() {
  const socket = new FakeTransport();
  socket.setConnection('connecting');
  return socket;
}

describe('the first screen from the early HTTP answers', () => {
  it('answers each first-screen read once from the early answers, before the socket is up; the rest goes over the socket', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(
      socket,
      earlyAnswers([
        ['auth.state', null, SIGNED_IN],
        ['board.snapshot', { first: 100 }, EARLY_BOARD],
      ]),
      unwrapEnvelope,
    );
    expect(await transport.call('auth.state', undefined)).toEqual(SIGNED_IN);
    expect(await transport.call('board.snapshot', { first: 100 })).toEqual(EARLY_BOARD);
    expect(socket.calls).toEqual([]);
    // Asked again (the whole board, or the same read a second time): the socket answers.
    await transport.call('board.snapshot', undefined);
    await transport.call('board.snapshot', { first: 100 });
    expect(socket.callsOf('board.snapshot')).toEqual([undefined, { first: 100 }]);
  });

  it('stops using them once the socket has connected: an answer not taken by then would be older than its events', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(socket, earlyAnswers([['board.snapshot', { first: 100 }, EARLY_BOARD]]), unwrapEnvelope);
    socket.setConnection('connected');
    await transport.call('board.snapshot', { first: 100 });
    expect(socket.callsOf('board.snapshot')).toEqual([{ first: 100 }]);
  });

  it('reads the seat again once connected, and tells the console when it changed in between (locked, ended)', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(socket, earlyAnswers([['auth.state', null, SIGNED_IN]]), unwrapEnvelope);
    const heard: unknown[] = [];
    transport.on('auth.changed', (payload) => heard.push(payload));
    await transport.call('auth.state', undefined);
    socket.respond('auth.state', () => ({ state: 'locked', user: TEST_USER, session: TEST_SESSION }));
    socket.setConnection('connected');
    await expect.poll(() => heard).toEqual([{ sessionId: TEST_SESSION.id, reason: 'locked' }]);
  });

  it('tells a seat that changed before anyone listened to the first listeners (a wall paired while its code loads)', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(socket, earlyAnswers([['auth.state', null, { state: 'signed-out' }]]), unwrapEnvelope);
    // The console reads the seat before its first render; the display's pairing then signs it in.
    expect(await transport.call('auth.state', undefined)).toEqual({ state: 'signed-out' });
    socket.respond('auth.state', () => SIGNED_IN);
    socket.setConnection('connected');
    await expect.poll(() => socket.callsOf('auth.state').length).toBe(1);
    await Promise.resolve();
    // Only now does the console render and subscribe: both of its listeners hear it, once.
    const heard: string[] = [];
    transport.on('auth.changed', (payload) => heard.push(`seat ${payload.reason}`));
    transport.on('auth.changed', (payload) => heard.push(`presence ${payload.reason}`));
    await expect.poll(() => heard).toEqual(['seat ended', 'presence ended']);
    transport.on('auth.changed', (payload) => heard.push(`later ${payload.reason}`));
    await Promise.resolve();
    expect(heard).toEqual(['seat ended', 'presence ended']);
  });

  it('says nothing when the seat is the same once connected', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(socket, earlyAnswers([['auth.state', null, SIGNED_IN]]), unwrapEnvelope);
    const heard: unknown[] = [];
    transport.on('auth.changed', (payload) => heard.push(payload));
    await transport.call('auth.state', undefined);
    socket.setConnection('connected');
    await expect.poll(() => socket.callsOf('auth.state').length).toBe(1);
    expect(heard).toEqual([]);
  });

  it('falls back to the socket when core could not answer early', async () => {
    const socket = connecting();
    const transport = withFirstScreenAnswers(socket, Promise.resolve(null), unwrapEnvelope);
    expect(await transport.call('auth.state', undefined)).toEqual(SIGNED_IN);
    expect(socket.callsOf('auth.state')).toEqual([undefined]);
  });
});

describe('the early script asking for the first screen', () => {
  const body = { answers: [{ method: 'auth.state', input: null, envelope: { ok: true, value: SIGNED_IN } }] };
  function fakeFetch() {
    const asked: string[] = [];
    const fetch = (url: string) => {
      asked.push(url);
      return Promise.resolve({ ok: true, json: () => Promise.resolve(body) });
    };
    return { fetch, asked };
  }

  it('takes the reads that came with the token exchange and asks for nothing more', async () => {
    const core = fakeFetch();
    const answers = await askFirstScreenEarly(core.fetch, true, Promise.resolve('granted'), Promise.resolve(body));
    expect(answers?.get(firstScreenKey('auth.state', undefined))).toEqual({ ok: true, value: SIGNED_IN });
    expect(core.asked).toEqual([]);
    expect(takeFromEarly('firstScreen')).not.toBeNull();
  });

  it('asks GET /first-screen once access is granted when none came (a reload, or reads that failed), and nothing when refused', async () => {
    const reload = fakeFetch();
    expect(await askFirstScreenEarly(reload.fetch, true, Promise.resolve('granted'))).not.toBeNull();
    expect(reload.asked).toEqual(['/first-screen?board']);
    const failedReads = fakeFetch();
    await askFirstScreenEarly(failedReads.fetch, false, Promise.resolve('granted'), Promise.reject(new SyntaxError('empty body')));
    expect(failedReads.asked).toEqual(['/first-screen']);
    const refused = fakeFetch();
    expect(await askFirstScreenEarly(refused.fetch, true, Promise.resolve('refused'), Promise.resolve(null))).toBeNull();
    expect(refused.asked).toEqual([]);
  });
});
