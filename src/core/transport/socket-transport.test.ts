import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Envelope } from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { LOCAL_OPERATOR } from '../service';
import { attachSocketTransport } from './index';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function serve() {
  const { core } = startTestCore(tempDir());
  const http: HttpServer = createServer();
  const io = new Server(http);
  attachSocketTransport(io, core.dispatcher, { actorFor: () => LOCAL_OPERATOR, sessionToken: () => null, logger: createSilentLogger() });
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
