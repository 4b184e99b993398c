// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/contract';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

function alert(id: string, firstSeenAt: number, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    fingerprint: `down|monitor:${id}`,
    ruleId: 'down',
    ruleName: 'Monitor down',
    subject: `monitor:${id}`,
    subjectName: 'Gate camera',
    siteId: 's1',
    siteName: 'Harbour',
    severity: 'high',
    state: 'resolved',
    summary: `Gate camera ${id} is down`,
    firstSeenAt,
    lastSeenAt: firstSeenAt,
    count: 1,
    escalationLevel: 0,
    escalatedAt: null,
    owner: null,
    ownerId: null,
    ownerSeat: null,
    ackBy: 'Ann Example',
    ackAt: firstSeenAt,
    ackReason: null,
    ackNote: null,
    snoozedUntil: null,
    silencedBy: null,
    heldBecause: null,
    flapping: false,
    resolvedAt: firstSeenAt,
    resolvedBy: 'system',
    resolution: null,
    lastNotification: null,
    ...overrides,
  } as Alert;
}

describe('the alert history tab', () => {
  it('searches by text and severity, pages older by keyset, and says how far back a page searched', async () => {
    const at = Date.UTC(2025, 2, 1, 10, 0);
    const transport = new FakeTransport({
      'alerts.history': (input) =>
        input.after === undefined
          ? { alerts: [alert('a2', at + 60_000), alert('a1', at)], next: { firstSeenAt: at, id: 'a1' }, searchedBackTo: null }
          : { alerts: [], next: { firstSeenAt: at - 86_400_000, id: 'a0' }, searchedBackTo: at - 86_400_000 },
    });
    renderApp({ transport, page: 'alerts' });
    fireEvent.click(await screen.findByTestId('alerts-tab-history'));
    fireEvent.change(await screen.findByTestId('alert-history-text'), { target: { value: ' gate ' } });
    fireEvent.change(screen.getByTestId('alert-history-severity'), { target: { value: 'high' } });
    fireEvent.click(screen.getByTestId('alert-history-search'));
    await waitFor(() => expect(transport.callsOf('alerts.history').at(-1)).toEqual({ text: 'gate', severity: 'high', limit: 50 }));
    const rows = await screen.findAllByTestId('alert-history-row');
    expect(rows.map((row) => row.dataset.alertId)).toEqual(['a2', 'a1']);
    fireEvent.click(screen.getByTestId('alert-history-older'));
    await waitFor(() =>
      expect(transport.callsOf('alerts.history').at(-1)).toEqual({
        text: 'gate',
        severity: 'high',
        limit: 50,
        after: { firstSeenAt: at, id: 'a1' },
      }),
    );
    expect((await screen.findByTestId('alert-history-searched-back')).textContent).toContain('Searched back to 2025-02-28');
    expect(screen.getByTestId('alert-history-older').textContent).toBe('Search older');
  });

  it('refuses a period typed wrong without searching', async () => {
    const transport = new FakeTransport({ 'alerts.history': () => ({ alerts: [], next: null, searchedBackTo: null }) });
    renderApp({ transport, page: 'alerts' });
    fireEvent.click(await screen.findByTestId('alerts-tab-history'));
    await screen.findByTestId('alert-history-empty');
    const calls = transport.callsOf('alerts.history').length;
    fireEvent.change(screen.getByTestId('alert-history-from'), { target: { value: 'last tuesday' } });
    fireEvent.click(screen.getByTestId('alert-history-search'));
    expect((await screen.findByTestId('alert-history-problem')).textContent).toContain('Enter a complete date and time');
    expect(transport.callsOf('alerts.history')).toHaveLength(calls);
  });
});
