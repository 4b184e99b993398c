// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Presence } from '../../shared/contract';
import { FakeTransport, SIGNED_IN, TEST_SESSION } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

const ANNA_AND_BEN: Presence = {
  people: [
    { userId: 'u-anna', displayName: 'Anna', seat: 'Seat 3', viewing: null },
    { userId: 'u-ben', displayName: 'Ben', seat: 'Seat 1', viewing: null },
  ],
};

describe('presence in the header', () => {
  it('says who is signed in at which seat, and follows what core pushes', async () => {
    const transport = new FakeTransport({ 'presence.list': () => ANNA_AND_BEN });
    renderApp({ transport });
    expect((await screen.findByTestId('header-presence')).textContent).toBe('Anna at Seat 3, Ben at Seat 1');
    act(() => transport.emit('presence.changed', { people: [ANNA_AND_BEN.people[1]!] }));
    await waitFor(() => expect(screen.getByTestId('header-presence').textContent).toBe('Ben at Seat 1'));
    act(() => transport.emit('presence.changed', { people: [] }));
    await waitFor(() => expect(screen.queryByTestId('header-presence')).toBeNull());
  });

  it('says when the person is signed in offline, and that their changes wait for the hub', async () => {
    renderApp({ seat: { ...SIGNED_IN, state: 'signed-in', session: { ...TEST_SESSION, offline: true } } as typeof SIGNED_IN });
    expect((await screen.findByTestId('signed-in-offline')).textContent).toBe('Signed in offline: your changes wait until the hub is back');
  });

  it('says nothing of being offline for a session the hub knows', async () => {
    renderApp();
    await screen.findByTestId('account-name');
    expect(screen.queryByTestId('signed-in-offline')).toBeNull();
  });
});
