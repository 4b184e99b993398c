import type { EventLoopDelay } from '../../src/core/health';
import type { Role } from '../../src/shared/contract';
import { FakeClock } from './fake-clock';
import { passwordOf, startPeopleCore } from './people';

/** 18:30 UTC on a Thursday: half an hour before the 19:00 shift change. */
export const EVENING = Date.UTC(2026, 11, 3, 18, 30);
export const SHIFT_CHANGE = Date.UTC(2026, 11, 3, 19, 0);

/**
 * The evening the handover and on-shift tests play out: shifts change at 07:00 and 19:00 (Sam, a
 * supervisor, set them at desk 4); Olga (operator, desk 1) is on the outgoing shift and Otto
 * (operator, desk 2) on the incoming one. Everyone is signed in, and seats stay signed in across
 * the shift change: the idle lock is another test's subject. `signedIn` seats one more person.
 */
export async function startShiftEvening(dataDir: string, options: { alerting?: boolean; eventLoop?: EventLoopDelay } = {}) {
  const clock = new FakeClock(EVENING);
  const harness = await startPeopleCore(dataDir, {
    clock,
    ...(options.alerting ? { alerting: true } : {}),
    ...(options.eventLoop ? { eventLoop: options.eventLoop } : {}),
  });
  await harness.adminDesk.value('settings.set', { idleLockMinutesOperator: 0, idleLockMinutesSupervisor: 0 });
  const signedIn = async (seat: string, username: string, role: Role, displayName: string) => {
    const user = await harness.person(username, role, displayName);
    const desk = harness.seat(seat);
    await desk.value('auth.signIn', { username, password: passwordOf(username) });
    return { user, desk };
  };
  const { user: olga, desk: olgaDesk } = await signedIn('desk-1', 'olga', 'operator', 'Olga Operator');
  const { user: otto, desk: ottoDesk } = await signedIn('desk-2', 'otto', 'operator', 'Otto Operator');
  const { desk: samDesk } = await signedIn('desk-4', 'sam', 'supervisor', 'Sam Supervisor');
  await samDesk.value('handovers.setShifts', { boundaries: ['07:00', '19:00'] });
  return { ...harness, clock, olga, otto, olgaDesk, ottoDesk, samDesk, signedIn };
}
