import { describe, expect, it } from 'vitest';
import { SIGNED_IN, TEST_SETTINGS } from '../testing/fake-transport';
import { createSocketTransport, type SocketLike } from './socket-transport';
import { TransportError } from './transport';
import { EVENT_INTEREST, eventNames } from '../../shared/contract';

/** Stands in for socket.io-client's Socket: the test fires its lifecycle events and decides each answer. */
class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  readonly sent: { event: string; args: unknown[]; timeoutMs: number }[] = [];
  /** Plain emits (no answer awaited): what the console told core about itself. */
  readonly emitted: { event: string; payload: unknown }[] = [];
  answer: (event: string, args: unknown[]) => Promise<unknown> = () => Promise.resolve({ ok: true, value: TEST_SETTINGS });
  private readonly handlers = new Map<string, Set<(arg: unknown) => void>>();

  on(event: string, listener: (arg: unknown) => void) {
    const set = this.handlers.get(event) ?? new Set();
    set.add(listener);
    this.handlers.set(event, set);
  }
  off(event: string, listener: (arg: unknown) => void) {
    this.handlers.get(event)?.delete(listener);
  }
  fire(event: string, arg?: unknown) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of this.handlers.get(event) ?? []) listener(arg);
  }
  connects = 0;
  connect() {
    this.connects += 1;
    this.active = true;
  }
  disconnect() {
    this.active = false;
    this.fire('disconnect', 'io client disconnect');
  }
  emit(event: string, payload: unknown) {
    this.emitted.push({ event, payload });
  }
  timeout(timeoutMs: number) {
    return {
      emitWithAck: (event: string, ...args: unknown[]) => {
        this.sent.push({ event, args, timeoutMs });
        return this.answer(event, args);
      },
    };
  }
}

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the socket.io transport', () => {
  it('follows the socket through connect, loss and recovery', () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    const seen: string[] = [];
    transport.onConnectionChange((snapshot) => seen.push(snapshot.state));
    expect(transport.getConnection().state).toBe('connecting');
    socket.fire('connect');
    socket.fire('disconnect', 'transport close');
    expect(transport.getConnection()).toEqual({ state: 'reconnecting', detail: 'The connection to core closed.' });
    socket.fire('connect');
    expect(seen).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it("says in plain words that core cannot be reached, not socket.io's", () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    socket.fire('connect_error', new Error('xhr poll error'));
    expect(transport.getConnection()).toEqual({ state: 'connecting', detail: 'Cannot reach core; retrying every few seconds.' });
  });

  it('sends a method as an acknowledged emit, with null for no input, and returns the value', async () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket, { callTimeoutMs: 1234 });
    socket.fire('connect');
    await expect(transport.call('settings.get', undefined)).resolves.toEqual(TEST_SETTINGS);
    expect(socket.sent).toEqual([{ event: 'settings.get', args: [null], timeoutMs: 1234 }]);
  });

  it('waits for the first connection before sending', async () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    const pending = transport.call('settings.get', undefined);
    expect(socket.sent).toHaveLength(0);
    socket.fire('connect');
    await expect(pending).resolves.toEqual(TEST_SETTINGS);
  });

  it('fails fast while reconnecting instead of queueing the call', async () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    socket.fire('connect');
    socket.fire('disconnect', 'ping timeout');
    const error = await rejection(transport.call('settings.get', undefined));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/reconnecting/);
    expect(socket.sent).toHaveLength(0);
  });

  it('turns a missing answer into a clear unavailable error', async () => {
    const socket = new FakeSocket();
    socket.answer = () => Promise.reject(new Error('operation has timed out'));
    const transport = createSocketTransport(socket, { callTimeoutMs: 2000 });
    socket.fire('connect');
    const error = await rejection(transport.call('app.health', undefined));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('Core did not answer app.health within 2 s; it may be busy or restarting.');
  });

  it("carries core's error code and field errors", async () => {
    const socket = new FakeSocket();
    socket.answer = () =>
      Promise.resolve({
        ok: false,
        error: { code: 'invalid_input', message: 'Invalid input', fields: [{ path: 'consoleName', message: 'Too long' }] },
      });
    const transport = createSocketTransport(socket);
    socket.fire('connect');
    const error = await rejection(transport.call('settings.set', { consoleName: 'x' }));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([{ path: 'consoleName', message: 'Too long' }]);
  });

  it('refuses an answer that does not match the contract', async () => {
    const socket = new FakeSocket();
    socket.answer = () => Promise.resolve({ ok: true, value: { consoleName: 42 } });
    const transport = createSocketTransport(socket);
    socket.fire('connect');
    expect((await rejection(transport.call('settings.get', undefined))).code).toBe('internal');
  });

  it('delivers events that match the contract and stops after unsubscribe', () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    const received: unknown[] = [];
    const unsubscribe = transport.on('settings.changed', (settings) => received.push(settings));
    socket.fire('settings.changed', TEST_SETTINGS);
    unsubscribe();
    socket.fire('settings.changed', TEST_SETTINGS);
    expect(received).toEqual([TEST_SETTINGS]);
  });
});

describe('the events core sends this console', () => {
  const toldCore = (socket: FakeSocket) => socket.emitted.filter((each) => each.event === EVENT_INTEREST).map((each) => each.payload);
  const everyEventBut = (...left: string[]) => ({ events: eventNames.filter((event) => !left.includes(event)) });
  const ignore = () => undefined;

  it('asks for nothing to be left out until the console says it shows nothing of an event (a console gets every event)', () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    transport.on('monitor.state', ignore);
    socket.fire('connect');
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    expect(toldCore(socket)).toEqual([]);
  });

  it('leaves out an unshown event nothing listens to, at every connection, and takes it back at once when something listens', () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    transport.skipUnlistened(['audit.appended', 'probe.results']);
    transport.on('probe.results', ignore);
    expect(toldCore(socket)).toEqual([]);
    socket.fire('connect');
    expect(toldCore(socket)).toEqual([everyEventBut('audit.appended')]);
    // Before anything the new listener's page asks next: core answers that read, then sends the events after it.
    const stop = transport.on('audit.appended', ignore);
    expect(toldCore(socket).at(-1)).toEqual(everyEventBut());
    stop();
    expect(toldCore(socket).at(-1)).toEqual(everyEventBut('audit.appended'));
    // A reconnection is a new socket to core, which knows nothing of the old one's list.
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    expect(toldCore(socket)).toHaveLength(4);
    expect(toldCore(socket).at(-1)).toEqual(everyEventBut('audit.appended'));
  });

  it('tells core nothing when a second listener comes or goes, and everything again once the console shows the event', () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket);
    socket.fire('connect');
    const showAgain = transport.skipUnlistened(['audit.appended']);
    const first = transport.on('audit.appended', ignore);
    const second = transport.on('audit.appended', ignore);
    first();
    expect(toldCore(socket)).toEqual([everyEventBut('audit.appended'), everyEventBut()]);
    second();
    showAgain();
    expect(toldCore(socket)).toEqual([everyEventBut('audit.appended'), everyEventBut(), everyEventBut('audit.appended'), everyEventBut()]);
  });
});

describe('signing in over serve mode', () => {
  it('sends set-up, sign-in and sign-out over HTTP (the answer sets the cookie), then connects again so the handshake carries it', async () => {
    const socket = new FakeSocket();
    const posted: { method: string; input: unknown }[] = [];
    const transport = createSocketTransport(socket, {
      postAuth: (method, input) => {
        posted.push({ method, input });
        return Promise.resolve({ ok: true, value: SIGNED_IN });
      },
    });
    socket.fire('connect');
    await expect(transport.call('auth.signIn', { username: 'ada', password: 'the right one' })).resolves.toEqual(SIGNED_IN);
    expect(posted).toEqual([{ method: 'auth.signIn', input: { username: 'ada', password: 'the right one' } }]);
    expect(socket.sent).toEqual([]);
    expect(socket.connects).toBe(1);
    // Calls made meanwhile wait for the new connection, as for the first one.
    expect(transport.getConnection().state).toBe('connecting');
    const next = transport.call('settings.get', undefined);
    socket.fire('connect');
    await expect(next).resolves.toEqual(TEST_SETTINGS);
  });

  it('keeps the connection when core refuses the sign-in (the cookie did not change), and says why', async () => {
    const socket = new FakeSocket();
    const transport = createSocketTransport(socket, {
      postAuth: () => Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Wrong username or password' } }),
    });
    socket.fire('connect');
    const error = await rejection(transport.call('auth.signIn', { username: 'ada', password: 'not it' }));
    expect(error).toMatchObject({ code: 'forbidden', message: 'Wrong username or password' });
    expect(socket.connects).toBe(0);
    expect(transport.getConnection().state).toBe('connected');
  });
});
