import { describe, expect, it } from 'vitest';
import type { WatchroomBridge } from '../../shared/contract';
import { TEST_SETTINGS } from '../testing/fake-transport';
import { bridgeOf, createBridgeTransport, snapshotFromBridgeStatus } from './bridge-transport';

function fakeBridge() {
  const received: unknown[] = [];
  let connectionListener: (status: unknown) => void = () => {};
  const bridge = {
    settings: {
      get: (input: unknown) => {
        received.push(input);
        return Promise.resolve({ ok: true, value: TEST_SETTINGS });
      },
    },
    on: () => () => {},
    onConnection: (listener: (status: unknown) => void) => {
      connectionListener = listener;
      return () => {};
    },
  };
  // A preload of another version: only settings.get of all the contract's methods.
  return { bridge: bridge as unknown as WatchroomBridge, received, pushStatus: (status: unknown) => connectionListener(status) };
}

describe('the Electron bridge transport', () => {
  it('calls window.watchroom.<namespace>.<name> and unwraps the envelope', async () => {
    const { bridge, received } = fakeBridge();
    expect(bridgeOf({ watchroom: bridge })).toBe(bridge);
    expect(bridgeOf({ watchroom: { printReport: () => null } })).toBeNull();
    const transport = createBridgeTransport(bridge);
    await expect(transport.call('settings.get', undefined)).resolves.toEqual(TEST_SETTINGS);
    expect(received).toEqual([undefined]);
  });

  it('names a method the bridge lacks instead of crashing', async () => {
    const transport = createBridgeTransport(fakeBridge().bridge);
    await expect(transport.call('audit.verify', undefined)).rejects.toMatchObject({ code: 'unknown_method' });
  });

  it("follows the bridge's connection status", () => {
    const { bridge, pushStatus } = fakeBridge();
    const transport = createBridgeTransport(bridge);
    expect(transport.getConnection().state).toBe('connecting');
    pushStatus({ state: 'connected' });
    expect(transport.getConnection().state).toBe('connected');
    pushStatus({ state: 'reconnecting', attempt: 2, retryInMs: 4000, reason: 'Core exited.' });
    expect(transport.getConnection()).toEqual({ state: 'reconnecting', detail: 'Core exited. Restarting core (attempt 2) in 4 s.' });
  });

  it('shows why core is not ready yet when it waits on a full disk, next to "Connecting"', () => {
    const { bridge, pushStatus } = fakeBridge();
    const transport = createBridgeTransport(bridge);
    pushStatus({ state: 'connecting', waiting: "The disk holding the console's data is full" });
    expect(transport.getConnection()).toEqual({ state: 'connecting', detail: "The disk holding the console's data is full" });
  });

  it('ignores a status it does not know', () => {
    expect(snapshotFromBridgeStatus({ state: 'sleeping' })).toBeNull();
  });
});
