// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IncidentAttention } from '../../shared/contract';
import { listIncident } from '../testing/incident-fixtures';
import { useViewStore } from '../state/view-store';
import { FakeTransport } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

function attention(incidentId: string, number: number, reason: IncidentAttention['reason'], at: number): IncidentAttention {
  return { incidentId, number, reason, title: `Incident ${number}`, at };
}

describe('the incident attention banner', () => {
  it('shows the newest attention on any page, opens its incident, and dismisses one at a time', async () => {
    const transport = new FakeTransport({
      'incidents.list': () => [listIncident('inc-12', 12, { priority: 'P0' }), listIncident('inc-3', 3, { priority: 'P1' })],
    });
    renderApp({ transport, page: 'settings' });
    await screen.findByTestId('page-settings');
    expect(screen.queryByTestId('incident-attention')).toBeNull();

    act(() => transport.emit('incident.attention', attention('inc-3', 3, 'respond-breached', 1)));
    act(() => transport.emit('incident.attention', attention('inc-12', 12, 'update-due', 2)));
    const banner = await screen.findByTestId('incident-attention');
    await waitFor(() => expect(screen.getByTestId('incident-attention-text').textContent).toBe('INC-12 (P0): a status update is due'));
    expect(banner.textContent).toContain('+1 more');

    fireEvent.click(screen.getByTestId('incident-attention-dismiss'));
    await waitFor(() =>
      expect(screen.getByTestId('incident-attention-text').textContent).toBe('INC-3 (P1): nobody responded within its target'),
    );

    fireEvent.click(screen.getByTestId('incident-attention-open'));
    expect(useViewStore.getState().page).toBe('incident');
    expect(useViewStore.getState().incidentId).toBe('inc-3');
    expect(screen.queryByTestId('incident-attention')).toBeNull();
  });

  it('goes at once when its incident is resolved, and a due-update reminder goes once an update is posted', async () => {
    const transport = new FakeTransport({
      'incidents.list': () => [listIncident('inc-12', 12, { priority: 'P0' }), listIncident('inc-3', 3, { priority: 'P1' })],
    });
    renderApp({ transport, page: 'settings' });
    await screen.findByTestId('page-settings');
    act(() => transport.emit('incident.attention', attention('inc-3', 3, 'respond-breached', 1_000)));
    act(() => transport.emit('incident.attention', attention('inc-12', 12, 'update-due', 2_000)));
    await waitFor(() => expect(screen.getByTestId('incident-attention').dataset.incidentId).toBe('inc-12'));

    // A status update on INC-12 moves its next due time past the reminder.
    act(() =>
      transport.emit('incidents.changed', {
        incidents: [listIncident('inc-12', 12, { priority: 'P0', lastUpdateAt: 3_000, nextUpdateDueAt: 3_000 + 15 * 60_000 })],
      }),
    );
    await waitFor(() => expect(screen.getByTestId('incident-attention').dataset.incidentId).toBe('inc-3'));
    expect(screen.getByTestId('incident-attention').textContent).not.toContain('more');

    act(() =>
      transport.emit('incidents.changed', {
        incidents: [listIncident('inc-3', 3, { priority: 'P1', state: 'resolved', resolvedAt: 4_000, nextUpdateDueAt: null })],
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('incident-attention')).toBeNull());
  });
});
