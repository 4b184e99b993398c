import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import { EVENT_INTEREST, eventNames, type Envelope } from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { LOCAL_OPERATOR } from '../service';
import { attachSocketTransport } from './index';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function serve(logger = createSilentLogger()) {
  const { core } = startTestCore(tempDir());
  const http: HttpServer = createServer();
  const io = new Server(http);
  attachSocketTransport(io, core.dispatcher, { actorFor: () => LOCAL_OPERATOR, sessionToken: () => null, logger });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    void io.close();
    core.close();
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

function client(url: string): Socket {
  const socket = connect(url, { transports: ['websocket'], reconnection: false });
  cleanups.push(() => socket.close());
  return socket;
}

const call = (socket: Socket, method: string, input?: unknown) => socket.timeout(5000).emitWithAck(method, input) as Promise<Envelope>;

describe('the contract over socket.io', () => {
  it('answers a method as an acknowledged emit and pushes events to every console', async () => {
    const url = await serve();
    const operator = client(url);
    const wallDisplay = client(url);
    const pushed = new Promise((resolve) => wallDisplay.on('settings.changed', resolve));
    await Promise.all([
      new Promise<void>((r) => operator.on('connect', () => r())),
      new Promise<void>((r) => wallDisplay.on('connect', () => r())),
    ]);

    expect(await call(operator, 'app.health')).toMatchObject({ ok: true, value: { memory: { rssBytes: expect.any(Number) } } });
    expect(await call(operator, 'settings.set', { consoleName: 'Wall 2' })).toMatchObject({ ok: true });
    expect(await pushed).toMatchObject({ consoleName: 'Wall 2' });
  });

  /** Every event the socket gets until (and with) the next settings.changed. Core sends audit.appended first, and a socket keeps order. */
  function eventsUntilSettingsChanged(socket: Socket): Promise<string[]> {
    const seen: string[] = [];
    return new Promise((resolve) => {
      socket.onAny((event: string) => {
        seen.push(event);
        if (event === 'settings.changed') resolve(seen);
      });
    });
  }

  async function connected(socket: Socket): Promise<Socket> {
    if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  }

  /** Tells core which events the socket listens to; the call after it answers once core has taken it (one socket's messages keep their order). */
  async function listenTo(socket: Socket, interest: unknown): Promise<void> {
    socket.emit(EVENT_INTEREST, interest);
    expect(await call(socket, 'app.health')).toMatchObject({ ok: true });
  }

  it('sends a wall display that does not listen to the audit log no audit.appended, and an operator console every event', async () => {
    const url = await serve();
    const [operator, wall] = await Promise.all([connected(client(url)), connected(client(url))]);
    await listenTo(operator, { events: eventNames });
    await listenTo(wall, { events: ['settings.changed', 'monitor.state', 'alerts.changed', 'alert.attention'] });
    const operatorSaw = eventsUntilSettingsChanged(operator);
    const wallSaw = eventsUntilSettingsChanged(wall);
    expect(await call(operator, 'settings.set', { consoleName: 'Wall 2' })).toMatchObject({ ok: true });
    expect(await operatorSaw).toEqual(['audit.appended', 'settings.changed']);
    expect(await wallSaw).toEqual(['settings.changed']);
  });

  it('sends every event to a socket that has not said what it listens to, or said something that is not an interest', async () => {
    const url = await serve();
    const [silent, garbled, unknownEvent] = await Promise.all([connected(client(url)), connected(client(url)), connected(client(url))]);
    await listenTo(garbled, { events: 'settings.changed' });
    await listenTo(unknownEvent, { events: ['settings.changed', 'no.such.event'] });
    const saw = [silent, garbled, unknownEvent].map(eventsUntilSettingsChanged);
    expect(await call(silent, 'settings.set', { consoleName: 'Wall 3' })).toMatchObject({ ok: true });
    for (const each of await Promise.all(saw)) expect(each).toEqual(['audit.appended', 'settings.changed']);
  });

  it('warns once of a socket that keeps sending refused interests, so a page cannot fill the log with them', async () => {
    const logger = createSilentLogger();
    const warn = vi.spyOn(logger, 'warn');
    const url = await serve(logger);
    const garbled = await connected(client(url));
    for (let sent = 0; sent < 50; sent += 1) garbled.emit(EVENT_INTEREST, { events: 'audit.appended' });
    expect(await call(garbled, 'app.health')).toMatchObject({ ok: true });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('follows a socket that listens to more again, and forgets its list when it reconnects', async () => {
    const url = await serve();
    const operator = await connected(client(url));
    const wall = await connected(connect(url, { transports: ['websocket'], reconnection: false }));
    cleanups.push(() => wall.close());
    await listenTo(wall, { events: ['settings.changed'] });
    await listenTo(wall, { events: ['settings.changed', 'audit.appended'] });
    const widened = eventsUntilSettingsChanged(wall);
    expect(await call(operator, 'settings.set', { consoleName: 'Wall 4' })).toMatchObject({ ok: true });
    expect(await widened).toEqual(['audit.appended', 'settings.changed']);
    wall.offAny();
    await listenTo(wall, { events: ['settings.changed'] });
    wall.disconnect();
    wall.connect();
    await connected(wall);
    // A new socket to core: every event until it says otherwise (the console's transport says so at once on connect).
    const afterReconnect = eventsUntilSettingsChanged(wall);
    expect(await call(operator, 'settings.set', { consoleName: 'Wall 5' })).toMatchObject({ ok: true });
    expect(await afterReconnect).toEqual(['audit.appended', 'settings.changed']);
  });

  it('answers unknown methods and bad input with envelopes, and keeps serving', async () => {
    const url = await serve();
    const socket = client(url);
    expect(await call(socket, 'no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(socket, 'audit.list', { limit: 'many' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'limit' }] },
    });
    expect(await call(socket, 'settings.get')).toMatchObject({ ok: true });
  });
});
