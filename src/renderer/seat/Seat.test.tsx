// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../../shared/contract';
import { FakeTransport, SIGNED_IN, TEST_SESSION, TEST_USER } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';
import { TransportError } from '../transport/transport';

const LOCKED: AuthState = { state: 'locked', user: TEST_USER, session: { ...TEST_SESSION, locked: true } };

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function inputValue(testId: string): string {
  return (screen.getByTestId(testId) as HTMLInputElement).value;
}

afterEach(() => vi.useRealTimers());

describe('the first start of a console with no users', () => {
  it('checks every field beside it before sending, then makes the first admin and opens the console', async () => {
    const transport = new FakeTransport({ 'auth.state': () => ({ state: 'setup' }), 'auth.setup': () => SIGNED_IN });
    renderApp({ transport, seat: null, page: 'board' });
    await screen.findByTestId('setup-screen');

    type('setup-username', 'Chief Admin');
    type('setup-password', 'short');
    type('setup-repeat', 'shorter');
    fireEvent.click(screen.getByTestId('setup-submit'));
    const errors = await screen.findAllByTestId('field-error');
    const byField = Object.fromEntries(errors.map((error) => [error.dataset.field, error.textContent]));
    expect(byField.username).toMatch(/Letters, digits/);
    expect(byField.displayName).toMatch(/name/i);
    expect(byField.password).toMatch(/At least 8 characters/);
    expect(byField.repeat).toMatch(/differ/);
    expect(transport.callsOf('auth.setup')).toEqual([]);

    type('setup-username', 'chief');
    type('setup-display-name', 'Chief Admin');
    type('setup-password', 'the harbour lantern at dawn');
    type('setup-repeat', 'the harbour lantern at dawn');
    fireEvent.click(screen.getByTestId('setup-submit'));
    expect(await screen.findByTestId('account-name')).toHaveProperty('textContent', TEST_USER.displayName);
    expect(transport.callsOf('auth.setup')).toEqual([
      { username: 'chief', displayName: 'Chief Admin', password: 'the harbour lantern at dawn' },
    ]);
  });

  it("shows core's refusal of a common password beside the password field, and keeps no password typed", async () => {
    const transport = new FakeTransport({
      'auth.state': () => ({ state: 'setup' }),
      'auth.setup': () => {
        throw new TransportError('invalid_input', 'Invalid input', [
          { path: 'password', message: 'One of the 10,000 most common passwords' },
        ]);
      },
    });
    renderApp({ transport, seat: null });
    await screen.findByTestId('setup-screen');
    type('setup-username', 'chief');
    type('setup-display-name', 'Chief Admin');
    type('setup-password', 'password123');
    type('setup-repeat', 'password123');
    fireEvent.click(screen.getByTestId('setup-submit'));
    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('password');
    expect(error.textContent).toContain('most common passwords');
    expect(inputValue('setup-password')).toBe('');
    expect(inputValue('setup-repeat')).toBe('');
  });
});

describe('signing in', () => {
  it('says what core said on a refusal and clears the password, then asks for the code when core does', async () => {
    let attempt = 0;
    const transport = new FakeTransport({
      'auth.state': () => ({ state: 'signed-out' }),
      'auth.signIn': (input) => {
        attempt += 1;
        if (attempt === 1) throw new TransportError('forbidden', 'Wrong username or password');
        if (input.code === undefined) {
          throw new TransportError('invalid_input', 'Enter the six-digit code', [{ path: 'code', message: 'Enter the six-digit code' }]);
        }
        return SIGNED_IN;
      },
    });
    renderApp({ transport, seat: null });
    await screen.findByTestId('sign-in-screen');
    expect(screen.queryByTestId('sign-in-code')).toBeNull();

    type('sign-in-username', 'ada');
    type('sign-in-password', 'not it');
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    expect((await screen.findByTestId('sign-in-problem')).textContent).toContain('Wrong username or password');
    expect(inputValue('sign-in-password')).toBe('');
    expect(inputValue('sign-in-username')).toBe('ada');

    type('sign-in-password', 'the right one');
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    await screen.findByTestId('sign-in-code');
    type('sign-in-password', 'the right one');
    type('sign-in-code', '123456');
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    await screen.findByTestId('account-name');
    expect(transport.callsOf('auth.signIn').at(-1)).toEqual({ username: 'ada', password: 'the right one', code: '123456' });
  });
});

describe('a locked seat', () => {
  it('keeps the console on screen under a compact sign-in panel, and unlocks with the same sign-in', async () => {
    const transport = new FakeTransport({ 'auth.state': () => LOCKED, 'auth.signIn': () => SIGNED_IN });
    renderApp({ transport, seat: LOCKED, page: 'board' });
    const panel = await screen.findByTestId('lock-panel');
    expect(screen.getByTestId('board-page')).toBeTruthy();
    expect(screen.getByTestId('console-status')).toBeTruthy();
    expect(within(panel).getByTestId('lock-username')).toHaveProperty('value', TEST_USER.username);

    type('lock-password', 'the right one');
    fireEvent.click(within(panel).getByTestId('lock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-panel')).toBeNull());
    expect(screen.getByTestId('board-page')).toBeTruthy();
    expect(transport.callsOf('auth.signIn')).toEqual([{ username: TEST_USER.username, password: 'the right one' }]);
  });

  it('reads the seat again when core says a session changed, and shows the lock then', async () => {
    const transport = new FakeTransport();
    renderApp({ transport, page: 'board' });
    await screen.findByTestId('board-page');
    transport.respond('auth.state', () => LOCKED);
    act(() => transport.emit('auth.changed', { sessionId: TEST_SESSION.id, reason: 'locked' }));
    expect(await screen.findByTestId('lock-panel')).toBeTruthy();
    expect(screen.getByTestId('board-page')).toBeTruthy();
  });
});

describe('the signed-in person in the header', () => {
  it('shows who is signed in and locks the seat from the Lock button', async () => {
    const transport = new FakeTransport({ 'auth.lock': () => LOCKED });
    renderApp({ transport, page: 'board' });
    expect((await screen.findByTestId('account-name')).textContent).toBe(TEST_USER.displayName);
    expect(screen.getByTestId('account-role').textContent).toBe('Admin');
    fireEvent.click(screen.getByTestId('account-lock'));
    expect(await screen.findByTestId('lock-panel')).toBeTruthy();
    expect(transport.callsOf('auth.lock')).toHaveLength(1);
  });

  it('reports input to core at most once a minute, so idle lock counts people and not polling', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 23, 9, 0, 0) });
    const transport = new FakeTransport();
    renderApp({ transport, page: 'board' });
    await screen.findByTestId('board-page');
    for (let press = 0; press < 5; press++) fireEvent.keyDown(window, { key: 'j' });
    expect(transport.callsOf('auth.activity')).toHaveLength(0);
    vi.setSystemTime(Date.UTC(2026, 10, 23, 9, 1, 0));
    for (let press = 0; press < 5; press++) fireEvent.pointerDown(window);
    expect(transport.callsOf('auth.activity')).toHaveLength(1);
    vi.setSystemTime(Date.UTC(2026, 10, 23, 9, 1, 30));
    fireEvent.keyDown(window, { key: 'k' });
    expect(transport.callsOf('auth.activity')).toHaveLength(1);
  });
});

describe('two-factor sign-in required for supervisors and admins', () => {
  it('shows only the set-up at once: the QR code, a first code, then the ten recovery codes until "I have saved them"', async () => {
    const codes = Array.from({ length: 10 }, (_, index) => `code-${index}`);
    const enrolling: AuthState = {
      state: 'signed-in',
      user: TEST_USER,
      session: TEST_SESSION,
      idleLockMinutes: 30,
      mustEnrolTwoFactor: true,
    };
    let state: AuthState = enrolling;
    const transport = new FakeTransport({
      'auth.state': () => state,
      'auth.totpBegin': () => ({ uri: 'otpauth://totp/Watchroom:ada?secret=ABC', secret: 'ABCDEF234567', qrSvg: '<svg></svg>' }),
      'auth.totpConfirm': () => {
        state = SIGNED_IN;
        return { codes };
      },
    });
    renderApp({ transport, seat: null, page: 'board' });
    const screenOfEnrolment = await screen.findByTestId('enrol-screen');
    expect(screenOfEnrolment.textContent).toContain('requires an authenticator app for the role Admin');
    expect(screen.queryByTestId('board-page')).toBeNull();
    expect(await screen.findByTestId('two-factor-qr')).toBeTruthy();
    expect(screen.getByTestId('two-factor-secret').textContent).toBe('ABCDEF234567');
    type('two-factor-code', '123456');
    fireEvent.click(screen.getByTestId('two-factor-submit'));
    const shown = await screen.findByTestId('recovery-codes');
    expect(
      within(shown)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(codes);
    // Core no longer asks, but the codes stay until the person says they kept them.
    await act(async () => {});
    expect(screen.getByTestId('recovery-codes')).toBeTruthy();
    expect(screen.getByTestId('two-factor-submit').textContent).toMatch(/^I have saved them/);
    fireEvent.click(screen.getByTestId('two-factor-submit'));
    expect(await screen.findByTestId('account-name')).toHaveProperty('textContent', TEST_USER.displayName);
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
    expect(await screen.findByTestId('board-page')).toBeTruthy();
    expect(transport.callsOf('auth.totpConfirm')).toEqual([{ code: '123456' }]);
  });

  it('signs out from the set-up (Cancel or Sign out): nothing else can be done at the seat', async () => {
    const transport = new FakeTransport({
      'auth.state': (): AuthState => ({
        state: 'signed-in',
        user: TEST_USER,
        session: TEST_SESSION,
        idleLockMinutes: 30,
        mustEnrolTwoFactor: true,
      }),
      'auth.totpBegin': () => ({ uri: 'otpauth://totp/x', secret: 'ABC', qrSvg: '<svg></svg>' }),
      'auth.signOut': () => ({ state: 'signed-out' }),
    });
    renderApp({ transport, seat: null, page: 'board' });
    await screen.findByTestId('two-factor-qr');
    fireEvent.click(screen.getByTestId('two-factor-cancel'));
    expect(await screen.findByTestId('sign-in-screen')).toBeTruthy();
    expect(transport.callsOf('auth.signOut')).toHaveLength(1);
  });
});
