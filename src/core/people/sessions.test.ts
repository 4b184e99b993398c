import { describe, expect, it } from 'vitest';
import { LOCAL_OPERATOR } from '../service';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuthState, EventMessage, Session } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function withOperator() {
  const harness = await startPeopleCore(tempDir());
  const olga = await harness.person('olga', 'operator', 'Olga Operator');
  const events: EventMessage[] = [];
  harness.core.dispatcher.subscribe((message) => events.push(message));
  const desk = harness.seat('desk-2');
  await desk.value('auth.signIn', { username: 'olga', password: passwordOf('olga') });
  const authChanges = () => events.flatMap((message) => (message.event === 'auth.changed' ? [message.payload.reason] : []));
  return { ...harness, olga, desk, events, authChanges };
}

describe('sessions', () => {
  it('locks an idle seat after 30 minutes: the board stays readable, commands wait for a sign-in', async () => {
    const { core, clock, desk, authChanges, audit } = await withOperator();
    clock.advance(29 * MINUTE);
    expect(desk.actor().access).toBe('signed-in');
    clock.advance(MINUTE);
    expect(desk.actor().access).toBe('locked');
    expect(authChanges()).toContain('locked');
    expect((await audit()).find((entry) => entry.action === 'session.locked')).toMatchObject({
      actor: 'system',
      target: desk.actor().sessionId,
      after: { displayName: 'Olga Operator', seat: 'desk-2', why: 'idle' },
    });
    expect(await desk.value<AuthState>('auth.state')).toMatchObject({ state: 'locked', user: { username: 'olga' } });
    expect(await desk.call('board.snapshot', {})).toMatchObject({ ok: true });
    expect(await desk.call('sites.create', { name: 'Depot' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'This seat is locked: sign in to act' },
    });
    // The same person unlocks: the session goes on.
    const before = desk.token();
    expect(await desk.value<AuthState>('auth.signIn', { username: 'olga', password: passwordOf('olga') })).toMatchObject({
      state: 'signed-in',
    });
    expect(desk.token()).toBe(before);
    expect(authChanges()).toContain('unlocked');
    core.close();
  });

  it('counts reported activity and commands, not reads, as use of the seat; auth.lock locks at once', async () => {
    const { core, clock, desk } = await withOperator();
    clock.advance(20 * MINUTE);
    await desk.value('auth.activity');
    clock.advance(20 * MINUTE);
    expect(desk.actor().access).toBe('signed-in');
    await desk.value('alerts.snapshot', {});
    clock.advance(10 * MINUTE);
    expect(desk.actor().access).toBe('locked');
    await desk.value('auth.signIn', { username: 'olga', password: passwordOf('olga') });
    await desk.value('auth.lock');
    expect(desk.actor().access).toBe('locked');
    core.close();
  });

  it('switches user at a locked seat: the previous session ends and the audit says who replaced whom', async () => {
    const { core, clock, desk, person, audit, olga, authChanges } = await withOperator();
    const sam = await person('sam', 'supervisor', 'Sam Supervisor');
    clock.advance(31 * MINUTE);
    const olgaToken = desk.token();
    const state = await desk.value<AuthState>('auth.signIn', { username: 'sam', password: passwordOf('sam') });
    expect(state).toMatchObject({ state: 'signed-in', user: { id: sam.id } });
    expect(desk.token()).not.toBe(olgaToken);
    expect(core.people.actorFor(olgaToken, 'desk-2', null).access).toBe('signed-out');
    expect(authChanges()).toEqual(expect.arrayContaining(['ended', 'started']));
    const entry = (await audit()).find((e) => e.action === 'auth.signIn' && e.actor === sam.id);
    expect(entry?.after).toMatchObject({ switchedFrom: { userId: olga.id, displayName: 'Olga Operator' } });
    core.close();
  });

  it('ends a session 24 hours after it started however busy the seat, and a clock set back adds nothing', async () => {
    const { core, clock, desk, authChanges, adminDesk, audit } = await withOperator();
    await adminDesk.value('settings.set', { idleLockMinutesOperator: 0 });
    for (let i = 0; i < 23; i += 1) {
      clock.advance(HOUR);
      await desk.value('auth.activity');
    }
    // 23 hours in, the clock is put back two hours: only one more hour of real time remains.
    clock.setBack(2 * HOUR);
    // Core reads the clock at least every 15 s (its session sweep); here the seat's next call does.
    expect(desk.actor().access).toBe('signed-in');
    clock.advance(HOUR - MINUTE);
    expect(desk.actor().access).toBe('signed-in');
    clock.advance(MINUTE);
    expect(desk.actor().access).toBe('signed-out');
    expect(authChanges()).toContain('ended');
    expect((await audit()).find((entry) => entry.action === 'session.ended')).toMatchObject({ after: { why: 'its 24 hours ran out' } });
    core.close();
  });

  it('keeps at most five sessions per person: the oldest ends', async () => {
    const { core, clock, seat } = await withOperator();
    const seats = [1, 2, 3, 4, 5].map((n) => seat(`laptop-${n}`));
    for (const laptop of seats) {
      clock.advance(MINUTE);
      await laptop.value('auth.signIn', { username: 'olga', password: passwordOf('olga') });
    }
    // desk-2 signed in first: the sixth session ended it.
    const open = await core.dispatcher.call('sessions.list', {}, { actor: LOCAL_OPERATOR });
    expect(open.ok && (open.value as Session[]).filter((s) => s.userDisplayName === 'Olga Operator').map((s) => s.seat)).toEqual([
      'laptop-1',
      'laptop-2',
      'laptop-3',
      'laptop-4',
      'laptop-5',
    ]);
    core.close();
  });

  it("ends a deactivated person's sessions at once, and an admin can end any session", async () => {
    const { core, desk, adminDesk, olga, seat } = await withOperator();
    await adminDesk.value('users.deactivate', { id: olga.id });
    expect(desk.actor().access).toBe('signed-out');
    await adminDesk.value('users.reactivate', { id: olga.id });
    const laptop = seat('laptop');
    await laptop.value('auth.signIn', { username: 'olga', password: passwordOf('olga') });
    const sessionId = laptop.actor().sessionId;
    await adminDesk.value('sessions.end', { id: sessionId });
    expect(laptop.actor().access).toBe('signed-out');
    core.close();
  });

  it('follows the idle lock setting of each role (0: never), and never locks a paired display', async () => {
    const { core, clock, desk, adminDesk } = await withOperator();
    await adminDesk.value('settings.set', { idleLockMinutesOperator: 0, idleLockMinutesAdmin: 5 });
    const paired = await adminDesk.value<{ pairingCode: string }>('devices.pair', { name: 'Wall display' });
    clock.advance(6 * MINUTE);
    expect(adminDesk.actor().access).toBe('locked');
    clock.advance(10 * HOUR);
    expect(desk.actor().access).toBe('signed-in');
    expect(core.people.actorFor(paired.pairingCode, 'wall', null)).toMatchObject({
      role: 'viewer',
      displayName: 'Wall display',
      access: 'signed-in',
    });
    core.close();
  });
});
