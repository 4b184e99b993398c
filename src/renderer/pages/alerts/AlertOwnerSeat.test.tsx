// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testAlert, testAlertSnapshot } from '../../testing/alert-fixtures';
import { FakeTransport } from '../../testing/fake-transport';
import { withScreenHeight } from '../../testing/layout';
import { renderApp } from '../../testing/render-app';
import { useViewStore } from '../../state/view-store';

// The queue draws only the rows a screen holds.
withScreenHeight();

describe('who owns an alert, and at which seat', () => {
  it('shows "Anna, Seat 3" in the queue and on the alert, and the name alone when the seat is not known', async () => {
    const claimed = testAlert('a1', { state: 'acknowledged', owner: 'Anna', ownerId: 'u-anna', ownerSeat: 'Seat 3' });
    const older = testAlert('a2', { owner: 'Ben', ownerId: 'u-ben', ownerSeat: null });
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([claimed, older]) });
    renderApp({ transport, page: 'alerts' });
    expect(await screen.findAllByTestId('alert-row')).toHaveLength(2);
    const ownerCell = (id: string) =>
      screen
        .getAllByTestId('alert-row')
        .find((row) => row.dataset.alertId === id)!
        .querySelector('.alert-row__owner')!;
    expect(ownerCell('a1').textContent).toBe('Anna, Seat 3');
    expect(ownerCell('a1').getAttribute('title')).toBe('Claimed by Anna, Seat 3');
    expect(ownerCell('a2').textContent).toBe('Ben');
    act(() => useViewStore.getState().showAlertDetail('a1'));
    expect((await screen.findByTestId('alert-owner')).textContent).toBe('Anna, Seat 3');
  });
});
