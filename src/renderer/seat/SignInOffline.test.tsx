// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuthState, BackendState } from '../../shared/contract';
import { FakeTransport, SIGNED_IN, TEST_SESSION } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

const ADDRESS = 'https://hub.example:4790';
const HUB = { kind: 'hub' as const, address: ADDRESS, fingerprint: Array(32).fill('AB').join(':'), seatId: 'seat-3' };
const onHub = (link: BackendState['link']): BackendState => ({ running: HUB, choice: HUB, restartNeeded: false, link });
const OFFLINE = onHub({ state: 'offline', address: ADDRESS, since: 1, reason: 'The hub cannot be reached', appliedSeq: 10, dataAsOf: 1 });
const OFFLINE_SESSION: AuthState = { ...SIGNED_IN, session: { ...TEST_SESSION, offline: true } } as AuthState;

describe('signing in while the hub cannot be reached', () => {
  it('says who can still sign in, and once signed in offline, that changes wait for the hub', async () => {
    let state: AuthState = { state: 'signed-out' };
    const transport = new FakeTransport({
      'backend.state': () => OFFLINE,
      'auth.state': () => state,
      'auth.signIn': () => {
        state = OFFLINE_SESSION;
        return state;
      },
    });
    renderApp({ transport, seat: null });
    expect((await screen.findByTestId('sign-in-offline')).textContent).toContain('you can sign in offline');
    fireEvent.change(screen.getByTestId('sign-in-username'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByTestId('sign-in-password'), { target: { value: 'ada keeps the keys' } });
    await act(async () => void fireEvent.submit(screen.getByTestId('sign-in-form')));
    await waitFor(() =>
      expect(screen.getByTestId('signed-in-offline').textContent).toBe('Signed in offline: your changes wait until the hub is back'),
    );
  });

  it('says nothing of it while the hub is there', async () => {
    renderApp({ transport: new FakeTransport({ 'auth.state': () => ({ state: 'signed-out' }) }), seat: null });
    await screen.findByTestId('sign-in-screen');
    expect(screen.queryByTestId('sign-in-offline')).toBeNull();
  });
});
