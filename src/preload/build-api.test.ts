import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CONNECTION_CHANNEL,
  CONNECTION_HELLO_CHANNEL,
  EVENT_CHANNEL,
  methodNames,
  type ConnectionStatus,
  type Envelope,
  type Settings,
  type SettingsPatch,
} from '../shared/contract';
import { buildWatchroomApi, type BridgeTransport } from './build-api';

/** Records what the bridge asks of ipcRenderer and lets the test play main's part. */
function fakeTransport(answer: (channel: string, input: unknown) => Promise<unknown> = async () => ({ ok: true, value: null })) {
  const listeners = new Map<string, (message: unknown) => void>();
  const sent: string[] = [];
  const transport: BridgeTransport & { invoke: ReturnType<typeof vi.fn> } = {
    invoke: vi.fn(answer),
    listen: (channel, listener) => {
      listeners.set(channel, listener);
    },
    send: (channel) => {
      sent.push(channel);
    },
  };
  const fromMain = (channel: string, message: unknown) => listeners.get(channel)?.(message);
  return { transport, sent, fromMain };
}

describe('buildWatchroomApi: methods', () => {
  it('a call to api.settings.set({...}) invokes channel wr:settings.set with that input', async () => {
    const { transport } = fakeTransport(async () => ({ ok: true, value: { uiScale: 'wall' } }));
    const api = buildWatchroomApi(transport);
    const envelope = await api.settings.set({ uiScale: 'wall' });
    expect(transport.invoke).toHaveBeenCalledWith('wr:settings.set', { uiScale: 'wall' });
    expect(envelope).toEqual({ ok: true, value: { uiScale: 'wall' } });
  });

  it('is typed from the contract: inputs, envelopes and event payloads', () => {
    const api = buildWatchroomApi(fakeTransport().transport);
    expectTypeOf(api.settings.set).parameter(0).toEqualTypeOf<SettingsPatch>();
    expectTypeOf(api.settings.set).returns.toEqualTypeOf<Promise<Envelope<Settings>>>();
    // Methods without arguments may be called with none.
    expectTypeOf(api.app.info).toBeCallableWith();
    expectTypeOf(api.on<'settings.changed'>)
      .parameter(1)
      .parameter(0)
      .toEqualTypeOf<Settings>();
  });

  it('has one function per contract method, nested by the prefix before the dot', () => {
    const { transport } = fakeTransport();
    const api = buildWatchroomApi(transport) as unknown as Record<string, Record<string, unknown>>;
    for (const method of methodNames) {
      const [namespace, name] = [method.slice(0, method.indexOf('.')), method.slice(method.indexOf('.') + 1)];
      expect(typeof api[namespace]?.[name], method).toBe('function');
    }
  });

  it('exposes nothing generic: no raw invoke, send or channel access', () => {
    const { transport } = fakeTransport();
    const api = buildWatchroomApi(transport) as unknown as Record<string, unknown>;
    const namespaces = new Set(methodNames.map((method) => method.slice(0, method.indexOf('.'))));
    expect(Object.keys(api).sort()).toEqual([...namespaces, 'on', 'onConnection', 'printReport'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it("sends a report to print on its own channel and hands back main's answer", async () => {
    const { transport } = fakeTransport(async () => ({ ok: true, value: { savedTo: '/docs/INC-1.pdf' } }));
    const api = buildWatchroomApi(transport);
    await expect(api.printReport({ html: '<h1>INC-1</h1>', fileStem: 'INC-1' })).resolves.toEqual({
      ok: true,
      value: { savedTo: '/docs/INC-1.pdf' },
    });
    expect(transport.invoke).toHaveBeenCalledWith('wr:print-report', { html: '<h1>INC-1</h1>', fileStem: 'INC-1' });
  });

  it('turns a failed invoke into an unavailable envelope instead of a rejection', async () => {
    const { transport } = fakeTransport(async () => {
      throw new Error('No handler registered');
    });
    const api = buildWatchroomApi(transport);
    await expect(api.app.info()).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('does not pass on an answer that is not an envelope', async () => {
    const { transport } = fakeTransport(async () => ({ hello: 'world' }));
    const api = buildWatchroomApi(transport);
    await expect(api.app.health()).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('buildWatchroomApi: events', () => {
  const appended = { seq: 7, action: 'settings.set', actor: 'local-operator' };

  it('delivers an event to its subscribers, and on() returns a working unsubscribe', () => {
    const { transport, fromMain } = fakeTransport();
    const api = buildWatchroomApi(transport);
    const listener = vi.fn();
    const unsubscribe = api.on('audit.appended', listener);
    fromMain(EVENT_CHANNEL, { event: 'audit.appended', payload: appended });
    expect(listener).toHaveBeenCalledWith(appended);
    unsubscribe();
    fromMain(EVENT_CHANNEL, { event: 'audit.appended', payload: { ...appended, seq: 8 } });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('delivers only the event subscribed to', () => {
    const { transport, fromMain } = fakeTransport();
    const api = buildWatchroomApi(transport);
    const listener = vi.fn();
    api.on('settings.changed', listener);
    fromMain(EVENT_CHANNEL, { event: 'audit.appended', payload: appended });
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses to subscribe to an event the contract does not have', () => {
    const { transport } = fakeTransport();
    const api = buildWatchroomApi(transport);
    expect(() => api.on('shell.exec' as 'audit.appended', () => {})).toThrow(/unknown event/);
  });

  it('drops malformed events and keeps going when a listener throws', () => {
    const { transport, fromMain } = fakeTransport();
    const api = buildWatchroomApi(transport);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    api.on('audit.appended', () => {
      throw new Error('bad component');
    });
    api.on('audit.appended', good);
    fromMain(EVENT_CHANNEL, { event: 'audit.appended', payload: { seq: 'x' } });
    fromMain(EVENT_CHANNEL, 'garbage');
    expect(good).not.toHaveBeenCalled();
    fromMain(EVENT_CHANNEL, { event: 'audit.appended', payload: appended });
    expect(good).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});

describe('buildWatchroomApi: connection status', () => {
  it('asks main for the current status once, on the channel main answers on', () => {
    const { transport, sent } = fakeTransport();
    buildWatchroomApi(transport);
    expect(sent).toEqual([CONNECTION_HELLO_CHANNEL]);
  });

  it('gives a new subscriber the current status, then every change, until unsubscribed', async () => {
    const { transport, fromMain } = fakeTransport();
    const api = buildWatchroomApi(transport);
    fromMain(CONNECTION_CHANNEL, { state: 'connected' });
    const seen: ConnectionStatus[] = [];
    const unsubscribe = api.onConnection((status) => seen.push(status));
    await Promise.resolve();
    expect(seen).toEqual([{ state: 'connected' }]);
    const reconnecting: ConnectionStatus = { state: 'reconnecting', attempt: 1, retryInMs: 250, reason: 'it exited with code 1' };
    fromMain(CONNECTION_CHANNEL, reconnecting);
    expect(seen).toEqual([{ state: 'connected' }, reconnecting]);
    unsubscribe();
    fromMain(CONNECTION_CHANNEL, { state: 'connected' });
    expect(seen).toHaveLength(2);
  });

  it('ignores a malformed status', () => {
    const { transport, fromMain } = fakeTransport();
    const api = buildWatchroomApi(transport);
    const listener = vi.fn();
    api.onConnection(listener);
    fromMain(CONNECTION_CHANNEL, { state: 'on fire' });
    expect(listener).not.toHaveBeenCalled();
  });
});
