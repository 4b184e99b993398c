import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Envelope, PortMessageFromCore } from '../../shared/contract';
import { createSilentLogger } from '../logging';
import { servePort, type MessagePortLike } from './port-transport';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'harbour lantern quietly 42' };

/** Core behind a message port, as Electron's main process reaches it; `call` names the renderer connection. */
function desktop() {
  const { core } = startTestCore(tempDir());
  const { port1, port2 } = new MessageChannel();
  // Electron's MessagePortMain hands listeners {data}; Node's port hands the data itself.
  const corePort: MessagePortLike = {
    on: (_event, listener) => port1.on('message', (data: unknown) => listener({ data })),
    postMessage: (message) => port1.postMessage(message),
  };
  servePort(corePort, core.dispatcher, { actorFor: core.people.actorFor, seat: 'desk-1' }, createSilentLogger());
  const seen: unknown[] = [];
  const waiting = new Map<number, (envelope: Envelope) => void>();
  port2.on('message', (message: PortMessageFromCore) => {
    seen.push(message);
    if (message.type === 'result') waiting.get(message.id)?.(message.envelope);
  });
  cleanups.push(() => {
    port1.close();
    port2.close();
    core.close();
  });
  let nextId = 1;
  const call = (connection: string, method: string, input?: unknown) =>
    new Promise<Envelope>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      port2.postMessage({ type: 'call', id, method, input, connection });
    });
  return { call, seen };
}

describe('the desktop: the contract over a message port', () => {
  it('keeps each window’s session in core: one window signs in, another at the same workstation is still signed out', async () => {
    const { call, seen } = desktop();
    expect(await call('window-1', 'auth.state')).toMatchObject({ ok: true, value: { state: 'setup' } });
    expect(await call('window-1', 'auth.setup', ADMIN)).toMatchObject({
      ok: true,
      value: { state: 'signed-in', session: { seat: 'desk-1' } },
    });
    expect(await call('window-1', 'settings.set', { consoleName: 'North room' })).toMatchObject({ ok: true });
    expect(await call('window-2', 'auth.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await call('window-2', 'settings.set', { consoleName: 'Other' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Neither the password nor any token ever goes back towards a renderer.
    const sent = JSON.stringify(seen);
    expect(sent).not.toContain(ADMIN.password);
    expect(sent).not.toMatch(/token/i);

    expect(await call('window-1', 'auth.signOut')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await call('window-1', 'settings.set', { consoleName: 'After' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('acts on a changed role or a deactivation at the very next call, though who a token is is remembered between calls', async () => {
    const { call } = desktop();
    await call('window-1', 'auth.setup', ADMIN);
    const created = await call('window-1', 'users.create', {
      username: 'olga',
      displayName: 'Olga Operator',
      role: 'operator',
      password: 'night shift harbour 7',
    });
    const olgaId = created.ok ? (created.value as { id: string }).id : '';
    await call('window-2', 'auth.signIn', { username: 'olga', password: 'night shift harbour 7' });
    expect(await call('window-2', 'settings.set', { consoleName: 'Olga was here' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await call('window-1', 'users.update', { id: olgaId, role: 'admin' });
    expect(await call('window-2', 'settings.set', { consoleName: 'Olga was here' })).toMatchObject({ ok: true });

    await call('window-1', 'users.deactivate', { id: olgaId });
    expect(await call('window-2', 'auth.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
  });
});
