// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Seat, Session, User } from '../../../shared/contract';
import { FakeTransport, TEST_SESSION, TEST_USER } from '../../testing/fake-transport';
import { testSite } from '../../testing/monitoring-fixtures';
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

  // A walk-through typed site names where ids were asked for: saved as they were, they matched no
  // site, and the person was left limited to no site at all while the table showed the names.
  it("are ticked by name, saved as the sites' ids, and shown by name", async () => {
    const transport = new FakeTransport({
      'users.list': () => [TEST_USER, olga],
      'sites.list': () => [testSite('site-north', { name: 'North depot' }), testSite('site-harbour', { name: 'Harbour gate' })],
      'users.create': (input) => ({ ...olga, ...input }),
      'users.update': (input) => ({ ...olga, ...input }),
    });
    renderApp({ transport, page: 'users' });
    const rows = await screen.findAllByTestId('user-row');
    await waitFor(() => expect(rows[1]?.textContent).toContain('North depot'));

    fireEvent.click(within(rows[1] as HTMLElement).getByTestId('user-edit'));
    const ticked = () =>
      screen
        .getAllByTestId('user-site')
        .filter((box) => (box as HTMLInputElement).checked)
        .map((box) => box.parentElement?.textContent);
    expect(ticked()).toEqual(['North depot']);
    fireEvent.click(screen.getByText('Harbour gate'));
    fireEvent.click(screen.getByTestId('user-save'));
    await waitFor(() => expect(transport.callsOf('users.update')).toHaveLength(1));
    expect(transport.callsOf('users.update')[0]).toMatchObject({ id: 'user-olga', sites: ['site-north', 'site-harbour'] });
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

const desk1: Seat = {
  id: 'seat-1',
  name: 'Desk 1',
  createdAt: NOW - 86_400_000,
  createdBy: 'Ada Admin',
  revokedAt: null,
  online: true,
  lastSeenAt: NOW - 60_000,
  signedIn: ['Olga Operator'],
};
const laptop: Seat = { ...desk1, id: 'seat-2', name: 'Supervisor laptop', online: false, signedIn: [] };

describe('the Seats section of the Users page', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
  afterEach(() => void vi.useRealTimers());

  it('shows each seat online or offline with who is signed in there, and follows the hub when a console connects or leaves', async () => {
    const transport = new FakeTransport({ 'users.list': () => [TEST_USER], 'seats.list': () => [desk1, laptop] });
    renderApp({ transport, page: 'users' });
    const rows = await screen.findAllByTestId('seat-row');
    expect(rows.map((row) => [row.dataset.seat, within(row).getByTestId('seat-state').textContent])).toEqual([
      ['Desk 1', 'Online'],
      ['Supervisor laptop', 'Offline'],
    ]);
    expect(rows[0]?.textContent).toContain('Olga Operator');

    transport.respond('seats.list', () => [{ ...desk1, online: false, signedIn: [] }, laptop]);
    transport.emit('seats.changed', { seatId: 'seat-1', reason: 'disconnected' });
    await waitFor(() =>
      expect(within(screen.getAllByTestId('seat-row')[0] as HTMLElement).getByTestId('seat-state').textContent).toBe('Offline'),
    );
  });

  it('registers a seat and shows its id and credential once; revokes a seat after asking', async () => {
    const transport = new FakeTransport({
      'users.list': () => [TEST_USER],
      'seats.list': () => [desk1],
      'seats.register': ({ name }) => ({ seat: { ...laptop, name }, seatId: 'seat-2', credential: 'the-credential-shown-once' }),
      'seats.revoke': ({ seatId }) => ({ ...desk1, id: seatId, revokedAt: NOW, online: false, signedIn: [] }),
    });
    renderApp({ transport, page: 'users' });
    fireEvent.click(await screen.findByTestId('register-seat'));
    fireEvent.click(screen.getByTestId('seat-register-submit'));
    expect((await screen.findAllByTestId('field-error')).map((error) => error.dataset.field)).toEqual(['name']);
    fireEvent.change(screen.getByTestId('seat-name'), { target: { value: 'Supervisor laptop' } });
    fireEvent.click(screen.getByTestId('seat-register-submit'));
    expect((await screen.findByTestId('seat-credential')).textContent).toBe('the-credential-shown-once');
    expect(screen.getByTestId('seat-id').textContent).toBe('seat-2');
    expect(transport.callsOf('seats.register')).toEqual([{ name: 'Supervisor laptop' }]);

    fireEvent.click(within(screen.getAllByTestId('seat-row')[0] as HTMLElement).getByTestId('seat-revoke'));
    fireEvent.click(await screen.findByTestId('seat-revoke-confirm'));
    await waitFor(() => expect(transport.callsOf('seats.revoke')).toEqual([{ seatId: 'seat-1' }]));
  });
});
