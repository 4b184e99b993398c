import { TOTP, Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { ADMIN, passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Person, User } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;

const codeAt = (secret: string, at: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

describe('users', () => {
  it('never loses the last active admin: neither deactivated nor demoted', async () => {
    const { core, adminDesk, person, seat } = await startPeopleCore(tempDir());
    const ada = adminDesk.actor();
    const lastAdmin = {
      ok: false,
      error: { code: 'conflict', message: 'This is the last active admin: make someone else an admin first' },
    };
    expect(await adminDesk.call('users.deactivate', { id: ada.id })).toEqual(lastAdmin);
    expect(await adminDesk.call('users.update', { id: ada.id, role: 'supervisor' })).toEqual(lastAdmin);
    const bob = await person('bob', 'admin');
    expect(await adminDesk.call('users.update', { id: ada.id, role: 'supervisor' })).toMatchObject({ ok: true });
    const bobsDesk = seat('bob-desk');
    await bobsDesk.signIn('bob', passwordOf('bob'));
    expect(await bobsDesk.call('users.deactivate', { id: bob.id })).toEqual(lastAdmin);
    expect(await bobsDesk.call('users.update', { id: bob.id, role: 'operator' })).toEqual(lastAdmin);
    core.close();
  });

  it('creates, renames, limits to sites and lists people for pickers; usernames are never reused', async () => {
    const { core, adminDesk, person, seat } = await startPeopleCore(tempDir());
    const olga = await person('olga', 'operator', 'Olga');
    expect(
      await adminDesk.call('users.create', { username: 'olga', displayName: 'Other', role: 'viewer', password: passwordOf('x') }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: [{ path: 'username' }] },
    });
    const updated = await adminDesk.value<User>('users.update', { id: olga.id, displayName: 'Olga Petrova', sites: ['north'] });
    expect(updated).toMatchObject({ displayName: 'Olga Petrova', sites: ['north'], role: 'operator', active: true, totpEnabled: false });
    const desk = seat('desk-2');
    await desk.signIn('olga', passwordOf('olga'));
    expect(desk.actor()).toMatchObject({ sites: ['north'] });
    expect(await desk.value<Person[]>('users.people')).toEqual([
      { id: adminDesk.actor().id, displayName: 'Ada Admin', role: 'admin' },
      { id: olga.id, displayName: 'Olga Petrova', role: 'operator' },
    ]);
    expect(await desk.call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    core.close();
  });

  it('resets a password: the old one stops working and every session of that person ends', async () => {
    const { core, adminDesk, person, seat } = await startPeopleCore(tempDir());
    const olga = await person('olga', 'operator');
    const desk = seat('desk-2');
    await desk.signIn('olga', passwordOf('olga'));
    await adminDesk.value('users.resetPassword', { id: olga.id, password: 'a fresh start for olga' });
    expect(desk.actor().access).toBe('signed-out');
    expect(await desk.signIn('olga', passwordOf('olga'))).toMatchObject({ ok: false });
    expect(await desk.signIn('olga', 'a fresh start for olga')).toMatchObject({ ok: true });
    // Changing one's own password ends one's other sessions and keeps this one.
    const laptop = seat('laptop');
    await laptop.signIn('olga', 'a fresh start for olga');
    expect(await desk.call('auth.changePassword', { current: 'not it at all', next: 'another good passphrase' })).toMatchObject({
      ok: false,
    });
    expect(await desk.call('auth.changePassword', { current: 'a fresh start for olga', next: 'iloveyou' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await desk.value('auth.changePassword', { current: 'a fresh start for olga', next: 'another good passphrase' });
    expect(desk.actor().access).toBe('signed-in');
    expect(laptop.actor().access).toBe('signed-out');
    core.close();
  });
});

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with a first good code, then asks for a code, refuses a reused one, and takes each recovery code once', async () => {
    const { core, clock, person, seat, adminDesk, audit } = await startPeopleCore(tempDir());
    const sam = await person('sam', 'supervisor');
    const desk = seat('desk-2');
    await desk.signIn('sam', passwordOf('sam'));
    const enrolment = await desk.value<{ uri: string; secret: string; qrSvg: string }>('auth.totpBegin');
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(enrolment.qrSvg).toMatch(/^<svg/);
    expect(await desk.call('auth.totpConfirm', { code: '000000' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const { codes } = await desk.value<{ codes: string[] }>('auth.totpConfirm', { code: codeAt(enrolment.secret, clock.now()) });
    expect(new Set(codes).size).toBe(10);
    await desk.call('auth.signOut');

    // The code of the step used to confirm cannot sign in again; the next step's can, once.
    expect(await desk.signIn('sam', passwordOf('sam'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'code' }] },
    });
    expect(await desk.signIn('sam', passwordOf('sam'), codeAt(enrolment.secret, clock.now()))).toMatchObject({
      ok: false,
      error: { message: 'This code was used already: wait for the next one' },
    });
    clock.advance(30_000);
    const fresh = codeAt(enrolment.secret, clock.now());
    expect(await desk.signIn('sam', passwordOf('sam'), fresh)).toMatchObject({ ok: true });
    await desk.call('auth.signOut');
    expect(await desk.signIn('sam', passwordOf('sam'), fresh)).toMatchObject({ ok: false });

    const recovery = codes[0] as string;
    expect(await desk.signIn('sam', passwordOf('sam'), recovery.toUpperCase())).toMatchObject({ ok: true });
    await desk.call('auth.signOut');
    expect(await desk.signIn('sam', passwordOf('sam'), recovery)).toMatchObject({ ok: false, error: { message: 'Wrong code' } });

    // Recovery codes and the secret are stored hashed or only in the encrypted database, never audited.
    const stored = core.store.sqlite.prepare('SELECT code_hash AS h FROM recovery_codes').all() as { h: string }[];
    expect(stored.map((row) => row.h)).not.toContain(recovery);
    expect(JSON.stringify(await audit())).not.toContain(enrolment.secret);
    expect(JSON.stringify(await audit())).not.toContain(recovery);

    // A lost phone: an admin resets the app, and the password alone signs in again.
    await adminDesk.value('users.resetTotp', { id: sam.id });
    expect(await desk.signIn('sam', passwordOf('sam'))).toMatchObject({ ok: true });
    clock.advance(MINUTE);
    core.close();
  });

  it('asks supervisors and admins to enrol when the setting requires it', async () => {
    const { core, adminDesk, person, seat } = await startPeopleCore(tempDir());
    await person('sam', 'supervisor');
    await person('olga', 'operator');
    await adminDesk.value('settings.set', { requireTwoFactorForSupervisors: true });
    expect(await seat('a').signIn('sam', passwordOf('sam'))).toMatchObject({ ok: true, value: { mustEnrolTwoFactor: true } });
    expect(await seat('b').signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true, value: { mustEnrolTwoFactor: false } });
    core.close();
  });

  it('while the setting is on, a supervisor without an app may only enrol; every other call is refused and audited until then', async () => {
    const { core, clock, adminDesk, person, seat, audit } = await startPeopleCore(tempDir());
    await person('sam', 'supervisor', 'Sam Supervisor');
    await person('olga', 'operator');
    await adminDesk.value('settings.set', { requireTwoFactorForSupervisors: true });
    const desk = seat('desk-2');
    await desk.signIn('sam', passwordOf('sam'));
    const firstEnrol = { ok: false, error: { code: 'forbidden', message: 'Set up two-factor sign-in first: your role requires it' } };
    expect(desk.actor()).toMatchObject({ access: 'enrolling' });
    expect(await desk.call('silences.list')).toEqual(firstEnrol);
    expect(await desk.call('sites.setMaintenance', { id: 'north', maintenance: true })).toEqual(firstEnrol);
    expect((await audit())[0]).toMatchObject({
      action: 'sites.setMaintenance',
      actorName: 'Sam Supervisor',
      seat: 'desk-2',
      result: 'error',
      detail: 'forbidden: Set up two-factor sign-in first: your role requires it',
    });
    // What the enrolment screen needs still answers, and so does signing out.
    expect(await desk.call('app.whoami')).toMatchObject({ ok: true, value: { role: 'supervisor' } });
    expect(await desk.call('auth.state')).toMatchObject({ ok: true, value: { state: 'signed-in', mustEnrolTwoFactor: true } });
    const enrolment = await desk.value<{ secret: string }>('auth.totpBegin');
    await desk.value('auth.totpConfirm', { code: codeAt(enrolment.secret, clock.now()) });
    expect(desk.actor()).toMatchObject({ access: 'signed-in' });
    expect(await desk.call('silences.list')).toMatchObject({ ok: true });
    // An operator is not asked; an admin already signed in when the setting was turned on is held to it at once.
    const other = seat('desk-3');
    await other.signIn('olga', passwordOf('olga'));
    expect(await other.call('alerts.snapshot', {})).toMatchObject({ ok: true });
    expect(await adminDesk.call('users.list')).toEqual(firstEnrol);
    expect(await adminDesk.call('auth.signOut')).toMatchObject({ ok: true, value: { state: 'signed-out' } });

    // Nor can the admin, still without an app, authorize a command at another seat with a password alone.
    expect(
      await other.call('auth.stepUp', { username: 'ada', password: ADMIN.password, method: 'silences.delete', input: { id: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Ada Admin must set up two-factor sign-in first: the console requires it of their role' },
    });
    core.close();
  });
});
