import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { seatAt, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuthState } from '../../shared/contract';

const tempDir = useTempDirs();
const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' };

function start() {
  const harness = startTestCore(tempDir(), { clock: new FakeClock(), passwordParameters: TEST_PASSWORD_PARAMETERS, sopFolder: null });
  return harness;
}

describe('first run and sign-in', () => {
  it('asks for the first admin, signs the seat in with it, and refuses a second set-up', async () => {
    const { core } = start();
    const desk = seatAt(core, 'desk-1');
    expect(await desk.value<AuthState>('auth.state')).toEqual({ state: 'setup' });

    const state = await desk.value<AuthState>('auth.setup', ADMIN);
    expect(state).toMatchObject({ state: 'signed-in', user: { username: 'ada', role: 'admin' }, session: { seat: 'desk-1' } });
    expect(desk.actor()).toMatchObject({ displayName: 'Ada Admin', role: 'admin', access: 'signed-in', seat: 'desk-1' });

    const other = seatAt(core, 'desk-2');
    expect(await other.value<AuthState>('auth.state')).toEqual({ state: 'signed-out' });
    expect(await other.call('auth.setup', { ...ADMIN, username: 'mallory' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    core.close();
  });

  it('signs a seat in and out; the token it bound acts as the person until then', async () => {
    const { core } = start();
    await seatAt(core, 'desk-1').value('auth.setup', ADMIN);
    const desk = seatAt(core, 'desk-2');
    const state = await desk.value<AuthState>('auth.signIn', { username: 'ADA ', password: ADMIN.password });
    expect(state).toMatchObject({ state: 'signed-in', user: { username: 'ada' }, idleLockMinutes: 30, mustEnrolTwoFactor: false });
    expect(desk.token()).toEqual(expect.any(String));
    expect(desk.actor()).toMatchObject({ role: 'admin', access: 'signed-in' });

    expect(await desk.value<AuthState>('auth.signOut')).toEqual({ state: 'signed-out' });
    expect(desk.token()).toBeNull();
    core.close();
  });
});
