import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { ADMIN, passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Site } from '../../shared/contract';

const tempDir = useTempDirs();

async function operatorAtDesk() {
  const harness = await startPeopleCore(tempDir(), { alerting: true });
  const olga = await harness.person('olga', 'operator', 'Olga Operator');
  const sam = await harness.person('sam', 'supervisor', 'Sam Supervisor');
  await harness.person('otto', 'operator', 'Otto Operator');
  const site = await harness.adminDesk.value<Site>('sites.create', { name: 'Depot' });
  const desk = harness.seat('desk-2');
  await desk.signIn('olga', passwordOf('olga'));
  return { ...harness, olga, sam, site, desk };
}

describe('step-up at the seat', () => {
  it("runs one command with the supervisor's role as the operator, audited with both names", async () => {
    const { core, desk, olga, sam, site, audit } = await operatorAtDesk();
    const maintenance = { id: site.id, maintenance: true };
    expect(await desk.call('sites.setMaintenance', maintenance)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const result = await desk.call('auth.stepUp', {
      username: 'sam',
      password: passwordOf('sam'),
      method: 'sites.setMaintenance',
      input: maintenance,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { method: 'sites.setMaintenance', authorizedBy: { id: sam.id, displayName: 'Sam Supervisor' }, result: { id: site.id } },
    });
    const entry = (await audit()).find((e) => e.action === 'sites.setMaintenance' && e.result === 'ok');
    expect(entry).toMatchObject({ actor: olga.id, detail: `Authorized at the seat by Sam Supervisor (${sam.id})` });
    // Only that one command: the seat is still Olga's, an operator's.
    expect(desk.actor()).toMatchObject({ role: 'operator', authorizedBy: null });
    core.close();
  });

  it("refuses the caller's own credentials, an operator's, a wrong password (counted toward lockout), and anything but a command", async () => {
    const { core, desk, site } = await operatorAtDesk();
    const maintenance = { method: 'sites.setMaintenance', input: { id: site.id, maintenance: true } };
    expect(await desk.call('auth.stepUp', { username: 'olga', password: passwordOf('olga'), ...maintenance })).toMatchObject({
      ok: false,
      error: { message: 'A step-up needs someone else: a supervisor standing at this seat' },
    });
    expect(await desk.call('auth.stepUp', { username: 'otto', password: passwordOf('otto'), ...maintenance })).toMatchObject({
      ok: false,
      error: { message: 'Only a supervisor or above may do this; Otto Operator is an operator' },
    });
    for (let i = 0; i < 4; i += 1)
      expect(await desk.call('auth.stepUp', { username: 'sam', password: 'a guess', ...maintenance })).toMatchObject({
        ok: false,
        error: { message: 'Wrong username or password' },
      });
    expect(await desk.call('auth.stepUp', { username: 'sam', password: 'a guess', ...maintenance })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Too many failed sign-ins/) },
    });
    expect(
      await desk.call('auth.stepUp', { username: 'sam', password: passwordOf('sam'), method: 'board.snapshot', input: {} }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    core.close();
  });
});

describe('security alerts', () => {
  it('raises a medium alert at the third refused command by one person within an hour', async () => {
    const { core, desk, alerts } = await operatorAtDesk();
    await desk.value('auth.lock');
    // Commands refused by a locked seat are the lock working: they raise nothing.
    for (let i = 0; i < 3; i += 1) await desk.call('alerts.claim', { id: 'some-alert' });
    expect((await alerts()).find((alert) => alert.ruleId === 'builtin-security-refused-commands')).toBeUndefined();
    await desk.signIn('olga', passwordOf('olga'));
    for (let i = 0; i < 3; i += 1) await desk.call('sites.create', { name: `Site ${i}` });
    expect((await alerts()).find((alert) => alert.ruleId === 'builtin-security-refused-commands')).toMatchObject({
      severity: 'medium',
      subjectName: 'Olga Operator',
    });
    core.close();
  });

  it('raises a high alert when someone is made an admin', async () => {
    const { core, adminDesk, olga, alerts } = await operatorAtDesk();
    await adminDesk.value('users.update', { id: olga.id, role: 'admin' });
    expect((await alerts()).find((alert) => alert.ruleId === 'builtin-security-role-raised')).toMatchObject({
      severity: 'high',
      subjectName: 'Olga Operator',
    });
    core.close();
  });

  it('raises a low alert when an admin signs in between 02:00 and 05:59 in the console time zone', async () => {
    const { core, seat, alerts } = await startPeopleCore(tempDir(), {
      alerting: true,
      clock: new FakeClock(Date.UTC(2026, 10, 23, 3, 10)),
    });
    await seat('night-desk').signIn(ADMIN.username, ADMIN.password);
    expect((await alerts()).find((alert) => alert.ruleId === 'builtin-security-admin-unusual-hour')).toMatchObject({ severity: 'low' });
    core.close();
  });
});
