// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, User } from '../../../shared/contract';
import { FakeTransport, TEST_SESSION, TEST_USER } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

const olga: User = {
  ...TEST_USER,
  id: 'user-olga',
  username: 'olga',
  displayName: 'Olga Operator',
  role: 'operator',
  sites: ['site-north'],
  totpEnabled: true,
  lockedUntil: NOW + 15 * 60_000,
};

const olgaSession: Session = {
  ...TEST_SESSION,
  id: 'session-olga',
  userId: olga.id,
  userDisplayName: olga.displayName,
  seat: '10.0.0.7',
  address: '10.0.0.7',
};

describe('the Users page', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
  afterEach(() => void vi.useRealTimers());

  it('lists each person with role, sites, two-factor and a lock that says until when, and unlocks', async () => {
    const transport = new FakeTransport({
      'users.list': () => [TEST_USER, olga],
      'users.unlock': () => ({ ...olga, lockedUntil: null }),
    });
    renderApp({ transport, page: 'users' });
    const rows = await screen.findAllByTestId('user-row');
    expect(rows.map((row) => row.dataset.username)).toEqual(['ada', 'olga']);
    const olgaRow = rows[1] as HTMLElement;
    expect(within(olgaRow).getByTestId('user-role-cell').textContent).toBe('Operator');
    expect(olgaRow.textContent).toContain('site-north');
    expect(within(olgaRow).getByTestId('user-state').textContent).toMatch(/^Locked until /);
    fireEvent.click(within(olgaRow).getByTestId('user-unlock'));
    await waitFor(() => expect(transport.callsOf('users.unlock')).toEqual([{ id: 'user-olga' }]));
  });

  it('adds a user with the fields checked beside them, and never keeps the first password once sent', async () => {
    const transport = new FakeTransport({
      'users.list': () => [TEST_USER],
      'users.create': (input) => ({ ...olga, ...input, sites: null }),
    });
    renderApp({ transport, page: 'users' });
    fireEvent.click(await screen.findByTestId('add-user'));
    fireEvent.change(screen.getByTestId('user-username'), { target: { value: 'olga' } });
    fireEvent.change(screen.getByTestId('user-password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('user-save'));
    const errors = await screen.findAllByTestId('field-error');
    expect(errors.map((error) => error.dataset.field).sort()).toEqual(['displayName', 'password']);
    expect(transport.callsOf('users.create')).toEqual([]);

    fireEvent.change(screen.getByTestId('user-display-name'), { target: { value: 'Olga Operator' } });
    fireEvent.change(screen.getByTestId('user-password'), { target: { value: 'night shift harbour 7' } });
    fireEvent.click(screen.getByTestId('user-save'));
    await waitFor(() => expect(screen.queryByTestId('user-form')).toBeNull());
    expect(transport.callsOf('users.create')).toEqual([
      { username: 'olga', displayName: 'Olga Operator', role: 'operator', sites: null, password: 'night shift harbour 7' },
    ]);
  });
});

describe('the Sessions page', () => {
  it('shows every session with its seat and address, marks this seat, and ends one after asking', async () => {
    const transport = new FakeTransport({
      'sessions.list': () => [TEST_SESSION, olgaSession],
      'sessions.end': ({ id }) => ({ id }),
    });
    renderApp({ transport, page: 'sessions' });
    const rows = await screen.findAllByTestId('session-row');
    expect(rows[0]?.textContent).toContain('(this seat)');
    expect(rows[1]?.textContent).toContain('10.0.0.7');
    fireEvent.click(within(rows[1] as HTMLElement).getByTestId('session-end'));
    fireEvent.click(await screen.findByTestId('session-end-confirm'));
    await waitFor(() => expect(transport.callsOf('sessions.end')).toEqual([{ id: 'session-olga' }]));
  });
});
