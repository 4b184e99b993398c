// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecuritySummary } from '../../../shared/contract';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';
import { useViewStore } from '../../state/view-store';

const NOW = Date.UTC(2026, 10, 23, 10, 30, 0);
const HOUR = 3_600_000;

function summaryOf(hours: number): SecuritySummary {
  const from = NOW - hours * HOUR;
  return {
    from,
    to: NOW,
    total: 2,
    events: [
      {
        seq: 41,
        at: Date.UTC(2026, 10, 23, 10, 5, 0),
        type: 'lockout',
        severity: 'high',
        person: null,
        seat: '10.0.0.7',
        source: '10.0.0.7',
        username: 'olga',
        action: 'auth.signIn',
        sentence: 'The account "olga" was locked until 10:20 after five failed sign-ins (the last from 10.0.0.7)',
      },
      {
        seq: 40,
        at: Date.UTC(2026, 10, 23, 10, 4, 0),
        type: 'failed-sign-in',
        severity: 'low',
        person: null,
        seat: '10.0.0.7',
        source: '10.0.0.7',
        username: 'olga',
        action: 'auth.signIn',
        sentence: 'Failed sign-in as "olga" from 10.0.0.7: Wrong username or password',
      },
    ],
    byType: [
      { key: 'failed-sign-in', count: 1 },
      { key: 'lockout', count: 1 },
    ],
    bySeverity: [
      { key: 'high', count: 1 },
      { key: 'low', count: 1 },
    ],
    topFailureSources: [{ key: '10.0.0.7', count: 2 }],
    topFailureUsernames: [{ key: 'olga', count: 2 }],
    failuresPerHour: [{ key: Date.UTC(2026, 10, 23, 10, 0, 0), count: 2 }],
  };
}

describe('the Security page', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
  afterEach(() => void vi.useRealTimers());

  it('shows the last 24 hours by default: counts by type and severity, top sources and usernames, and each event', async () => {
    const transport = new FakeTransport({ 'security.summary': (input) => summaryOf(input?.hours ?? 24) });
    renderApp({ transport, page: 'security' });
    const rows = await screen.findAllByTestId('security-event');
    expect(transport.callsOf('security.summary')).toEqual([{ hours: 24 }]);
    expect(rows.map((row) => row.dataset.type)).toEqual(['lockout', 'failed-sign-in']);
    expect(within(rows[0] as HTMLElement).getByTestId('security-event-sentence').textContent).toContain('"olga" was locked until 10:20');
    expect(within(rows[0] as HTMLElement).getByTestId('alert-severity').textContent).toContain('High');
    expect(screen.getByTestId('security-by-type').textContent).toContain('Lockouts1');
    expect(screen.getByTestId('security-by-severity').textContent).toContain('High1');
    expect(screen.getByTestId('security-top-sources').textContent).toContain('10.0.0.72');
    expect(screen.getByTestId('security-top-usernames').textContent).toContain('olga2');
    expect(screen.getByTestId('security-period').textContent).toContain('Last 24 hours');
    expect(screen.getByTestId('security-period-24').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('security-period-168'));
    await waitFor(() => expect(transport.callsOf('security.summary')).toContainEqual({ hours: 168 }));
    expect(await screen.findByText(/Last 7 days:/)).toBeTruthy();
  });

  it('opens the audit entry an event was read from: the Audit page filtered to its action and minute', async () => {
    const transport = new FakeTransport({ 'security.summary': () => summaryOf(24) });
    renderApp({ transport, page: 'security' });
    const [lockout] = await screen.findAllByTestId('security-audit-link');
    expect(lockout?.textContent).toBe('Audit entry #41');
    fireEvent.click(lockout as HTMLElement);
    expect(useViewStore.getState().page).toBe('audit');
    expect(useViewStore.getState().auditFilters).toMatchObject({ action: 'auth.signIn', from: '2026-11-23 10:05', to: '2026-11-23 10:05' });
    await waitFor(() =>
      expect(transport.callsOf('audit.list').at(-1)).toMatchObject({ action: 'auth.signIn', from: Date.UTC(2026, 10, 23, 10, 5, 0) }),
    );
  });

  it('says when nothing happened in the period', async () => {
    const transport = new FakeTransport({
      'security.summary': () => ({
        ...summaryOf(24),
        total: 0,
        events: [],
        byType: [],
        bySeverity: [],
        topFailureSources: [],
        topFailureUsernames: [],
      }),
    });
    renderApp({ transport, page: 'security' });
    expect((await screen.findByTestId('security-empty')).textContent).toBe('No security events in this period.');
  });

  it('is disabled in the navigation for an operator, saying who may', async () => {
    renderApp({ transport: new FakeTransport({ 'app.whoami': () => personWhoAmI('operator') }), page: 'board' });
    const entry = screen.getByTestId('nav-security');
    await waitFor(() => expect(entry.hasAttribute('disabled')).toBe(true));
    expect(entry.getAttribute('title')).toBe('Only a supervisor or above may do this; Ann Example is an operator');
  });
});
