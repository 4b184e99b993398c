import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { ADMIN, passwordOf, seatAt, startPeopleCore, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuthState } from '../../shared/contract';
import { LOCAL_OPERATOR } from '../service';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const WRONG = { ok: false, error: { code: 'forbidden', message: 'Wrong username or password' } };
const lockedUntil = (time: string) => ({
  ok: false,
  error: { code: 'forbidden', message: `Too many failed sign-ins: try again at ${time}` },
});

describe('first run', () => {
  it('asks for the first admin, signs the seat in with it, and refuses a second set-up', async () => {
    const { core } = startTestCore(tempDir(), { clock: new FakeClock(), passwordParameters: TEST_PASSWORD_PARAMETERS, sopFolder: null });
    const desk = seatAt(core, 'desk-1');
    expect(await desk.value<AuthState>('auth.state')).toEqual({ state: 'setup' });
    expect(await desk.call('auth.setup', { ...ADMIN, password: 'password123' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'password', message: 'One of the 10,000 most common passwords: choose another' }] },
    });
    expect(await desk.call('auth.setup', { ...ADMIN, password: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // A refused set-up is audited without its password, not even hashed.
    const refused = await core.dispatcher.call('audit.list', {}, { actor: LOCAL_OPERATOR });
    expect(JSON.stringify(refused)).toContain('auth.setup');
    expect(JSON.stringify(refused)).not.toContain('password123');

    const state = await desk.value<AuthState>('auth.setup', ADMIN);
    expect(state).toMatchObject({ state: 'signed-in', user: { username: 'ada', role: 'admin' }, session: { seat: 'desk-1' } });
    expect(desk.actor()).toMatchObject({ displayName: 'Ada Admin', role: 'admin', access: 'signed-in', seat: 'desk-1' });

    const other = seatAt(core, 'desk-2');
    expect(await other.value<AuthState>('auth.state')).toEqual({ state: 'signed-out' });
    expect(await other.call('auth.setup', { ...ADMIN, username: 'mallory' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A seat nobody signed in to reads nothing beyond the sign-in screen, and changes nothing.
    expect(await other.call('board.snapshot', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Sign in first' } });
    core.close();
  });
});

describe('sign-in', () => {
  it('signs a seat in (username as typed, any case) and out; the bound token acts as the person until then', async () => {
    const { core, person, seat } = await startPeopleCore(tempDir());
    await person('olga', 'operator', 'Olga Operator');
    const desk = seat('desk-2');
    const state = await desk.value<AuthState>('auth.signIn', { username: ' OLGA ', password: passwordOf('olga') });
    expect(state).toMatchObject({ state: 'signed-in', user: { username: 'olga' }, idleLockMinutes: 30, mustEnrolTwoFactor: false });
    expect(desk.actor()).toMatchObject({ displayName: 'Olga Operator', role: 'operator', access: 'signed-in' });
    expect(await desk.value<AuthState>('auth.signOut')).toEqual({ state: 'signed-out' });
    expect(desk.token()).toBeNull();
    core.close();
  });

  it('verifies the password off the event loop: core answers other calls while a sign-in is being checked', async () => {
    const { core, person, seat } = await startPeopleCore(tempDir());
    await person('olga', 'operator');
    const order: string[] = [];
    const signIn = seat('desk-2')
      .signIn('olga', passwordOf('olga'))
      .then(() => order.push('sign-in'));
    await seat('admin-desk-2')
      .call('auth.state')
      .then(() => order.push('state'));
    await signIn;
    expect(order).toEqual(['state', 'sign-in']);
    core.close();
  });

  it('answers a wrong password, an unknown user and a deactivated account in the same words', async () => {
    const { core, person, seat, adminDesk } = await startPeopleCore(tempDir());
    const olga = await person('olga', 'operator');
    const desk = seat('desk-2');
    expect(await desk.signIn('olga', 'not her password')).toEqual(WRONG);
    expect(await desk.signIn('nobody-here', passwordOf('olga'))).toEqual(WRONG);
    await adminDesk.value('users.deactivate', { id: olga.id });
    expect(await desk.signIn('olga', passwordOf('olga'))).toEqual(WRONG);
    core.close();
  });

  it('locks a username for 15 minutes at the fifth failure within 15 minutes, known or not, and says until when', async () => {
    const { core, clock, person, seat, audit, alerts } = await startPeopleCore(tempDir(), { alerting: true });
    await person('olga', 'operator');
    const desk = seat('desk-2');
    // 08:00 UTC. Four failures, then a quiet 16 minutes: the window forgets them.
    for (let i = 0; i < 4; i += 1) expect(await desk.signIn('olga', `guess ${i}`)).toEqual(WRONG);
    clock.advance(16 * MINUTE);
    expect(await desk.signIn('olga', 'guess 5')).toEqual(WRONG);
    for (let i = 0; i < 3; i += 1) await desk.signIn('olga', `guess again ${i}`);
    // The fifth within 15 minutes (08:16): locked until 08:31.
    expect(await desk.signIn('olga', 'one more guess')).toEqual(lockedUntil('08:31'));
    // Her right password does not help while locked; an unknown name locks exactly alike.
    expect(await desk.signIn('olga', passwordOf('olga'))).toEqual(lockedUntil('08:31'));
    for (let i = 0; i < 4; i += 1) expect(await desk.signIn('ghost', `guess ${i}`)).toEqual(WRONG);
    expect(await desk.signIn('ghost', 'guess 5')).toEqual(lockedUntil('08:31'));

    clock.advance(15 * MINUTE);
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true, value: { state: 'signed-in' } });

    const entries = await audit();
    const failures = entries.filter((entry) => entry.action === 'auth.signIn' && entry.result === 'error');
    expect(failures.map((entry) => entry.target)).toContain('ghost');
    // The password is never in the audit log, not even a wrong one.
    expect(JSON.stringify(entries)).not.toMatch(/guess|long passphrase/);
    expect((await alerts()).filter((alert) => alert.ruleId === 'builtin-security-account-locked').map((a) => a.subjectName)).toEqual(
      expect.arrayContaining(['Account olga', 'Account ghost']),
    );
    core.close();
  });

  it('keeps an account locked when the clock is set back, and an admin can unlock it', async () => {
    const { core, clock, person, seat, adminDesk } = await startPeopleCore(tempDir());
    const olga = await person('olga', 'operator');
    const desk = seat('desk-2');
    for (let i = 0; i < 5; i += 1) await desk.signIn('olga', `guess ${i}`);
    // Locked at 08:00 until 08:15. The workstation clock goes back an hour: the lock still runs its
    // 15 minutes of real time, neither opening early nor holding an hour longer.
    clock.setBack(60 * MINUTE);
    expect(await desk.signIn('olga', passwordOf('olga'))).toEqual(lockedUntil('08:15'));
    clock.advance(14 * MINUTE);
    expect(await desk.signIn('olga', passwordOf('olga'))).toEqual(lockedUntil('08:15'));
    clock.advance(MINUTE);
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true });
    await desk.call('auth.signOut');

    for (let i = 0; i < 5; i += 1) await desk.signIn('olga', `guess ${i}`);
    const listed = await adminDesk.value<{ username: string; lockedUntil: number | null }[]>('users.list');
    expect(listed.find((user) => user.username === 'olga')?.lockedUntil).toEqual(expect.any(Number));
    await adminDesk.value('users.unlock', { id: olga.id });
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true });
    core.close();
  });

  it('raises a high alert at ten failures from one source within five minutes', async () => {
    const { core, seat, alerts } = await startPeopleCore(tempDir(), { alerting: true });
    const browser = seat('browser', '203.0.113.7');
    for (let i = 0; i < 10; i += 1) await browser.signIn(`name-${i}`, 'guess');
    const raised = (await alerts()).find((alert) => alert.ruleId === 'builtin-security-source-failures');
    expect(raised).toMatchObject({ severity: 'high', subjectName: 'Sign-ins from 203.0.113.7' });
    core.close();
  });

  it('stores the argon2id parameters with the hash and upgrades an older hash at the next good sign-in', async () => {
    const dataDir = tempDir();
    const first = await startPeopleCore(dataDir);
    await first.person('olga', 'operator');
    first.core.close();

    // A later version raises the parameters: the stored hash keeps working and is redone with them.
    const stronger = { memoryCost: 2048, timeCost: 2, parallelism: 1 };
    const { core } = startTestCore(dataDir, { key: first.key, clock: new FakeClock(), passwordParameters: stronger, sopFolder: null });
    const storedHash = () =>
      (core.store.sqlite.prepare(`SELECT password_hash AS h FROM users WHERE username = 'olga'`).get() as { h: string }).h;
    expect(parseOptions(storedHash())).toMatchObject({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const desk = seatAt(core, 'desk-2');
    expect(await desk.signIn('olga', 'a wrong passphrase')).toEqual(WRONG);
    expect(parseOptions(storedHash())).toMatchObject({ memoryCost: 1024, timeCost: 1 });
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true });
    expect(parseOptions(storedHash())).toMatchObject({ algorithm: 2, memoryCost: 2048, timeCost: 2, parallelism: 1 });
    await desk.call('auth.signOut');
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true });
    core.close();
  });
});
