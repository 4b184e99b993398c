// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TEST_USER } from '../../testing/fake-transport';
import { incidentTransport, renderIncident } from './testing';

describe('presence on an incident', () => {
  it('tells core the incident is open while it is shown, and shows who else is viewing it', async () => {
    const transport = incidentTransport();
    transport.respond('presence.list', () => ({
      people: [
        { userId: 'u-anna', displayName: 'Anna', seat: 'Seat 3', viewing: 'inc-7' },
        { userId: TEST_USER.id, displayName: TEST_USER.displayName, seat: 'Seat 1', viewing: 'inc-7' },
        { userId: 'u-ben', displayName: 'Ben', seat: 'Seat 2', viewing: 'inc-9' },
      ],
    }));
    const { unmount } = await renderIncident(transport);
    // Only the others: the person at this seat knows they are viewing it.
    expect((await screen.findByTestId('incident-viewers')).textContent).toBe('Anna is viewing');
    expect(transport.callsOf('presence.view')).toEqual([{ incidentId: 'inc-7' }]);
    act(() =>
      transport.emit('presence.changed', {
        people: [
          { userId: 'u-anna', displayName: 'Anna', seat: 'Seat 3', viewing: 'inc-7' },
          { userId: 'u-ben', displayName: 'Ben', seat: 'Seat 2', viewing: 'inc-7' },
        ],
      }),
    );
    await waitFor(() => expect(screen.getByTestId('incident-viewers').textContent).toBe('Anna and Ben are viewing'));
    unmount();
    expect(transport.callsOf('presence.view')).toEqual([{ incidentId: 'inc-7' }, { incidentId: null }]);
  });
});
