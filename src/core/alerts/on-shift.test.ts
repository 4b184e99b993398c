// Issue 16: "the operator on shift" (escalation level 1) is who took the current shift over at its handover.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, AlertDetail, Handover, OnShiftNow } from '../../shared/contract';

const tempDir = useTempDirs();

const MINUTE = 60_000;
/** 18:30 UTC: half an hour before the 19:00 shift change; shifts change at 07:00 and 19:00. */
const EVENING = Date.UTC(2026, 11, 3, 18, 30);
const SHIFT_CHANGE = Date.UTC(2026, 11, 3, 19, 0);

async function evening() {
  const clock = new FakeClock(EVENING);
  const harness = await startPeopleCore(tempDir(), { clock, alerting: true });
  // Seats stay signed in across the shift change: the idle lock is another test's subject.
  await harness.adminDesk.value('settings.set', { idleLockMinutesOperator: 0, idleLockMinutesSupervisor: 0 });
  const olga = await harness.person('olga', 'operator', 'Olga Operator');
  const otto = await harness.person('otto', 'operator', 'Otto Operator');
  await harness.person('sam', 'supervisor', 'Sam Supervisor');
  const signedIn = async (seat: string, username: string) => {
    const desk = harness.seat(seat);
    await desk.signIn(username, passwordOf(username));
    return desk;
  };
  const olgaDesk = await signedIn('desk-1', 'olga');
  const ottoDesk = await signedIn('desk-2', 'otto');
  const samDesk = await signedIn('desk-4', 'sam');
  await samDesk.value('handovers.setShifts', { boundaries: ['07:00', '19:00'] });
  const onShift = () => samDesk.value<OnShiftNow>('oncall.onShift');
  /** Raises a backup alert, escalates it by hand to level 1, and reads whom its history says level 1 reached. */
  const escalatedTo = async (job: string): Promise<string | undefined> => {
    harness.core.alerting.engine.reportExternal(
      'backup-failed',
      { subject: `backup-job:${job}`, name: job, siteId: null },
      `${job} failed`,
    );
    const alert = (await harness.alerts()).find((candidate: Alert) => candidate.subject === `backup-job:${job}`)!;
    await samDesk.value('alerts.escalate', { id: alert.id });
    const detail = await samDesk.value<AlertDetail>('alerts.get', { id: alert.id });
    return detail.history.find((event) => event.kind === 'escalated')?.detail;
  };
  return { ...harness, clock, olga, otto, olgaDesk, ottoDesk, samDesk, onShift, escalatedTo };
}

describe('the operator on shift', () => {
  it('is who is signed in before any handover, the outgoing operator while the handover waits, and the incoming one once accepted', async () => {
    const { core, clock, olga, otto, olgaDesk, ottoDesk, onShift, escalatedTo } = await evening();

    // No handover into the day shift (07:00): the operators signed in now.
    expect(await onShift()).toEqual({
      people: [
        { userId: olga.id, displayName: 'Olga Operator' },
        { userId: otto.id, displayName: 'Otto Operator' },
      ],
      because: 'signed-in',
      boundaryAt: null,
    });
    expect(await escalatedTo('before')).toBe(
      'Escalated by hand to level 1, Operator on shift: Olga Operator, Otto Operator (signed in) (no contact channel: told in the console only)',
    );

    // Olga hands the 19:00 change over; past 19:00 nobody has accepted it yet: she still holds the shift.
    const draft = await olgaDesk.value<Handover>('handovers.start');
    await olgaDesk.value('handovers.handOver', { id: draft.id });
    clock.advance(SHIFT_CHANGE + 5 * MINUTE - clock.now());
    expect(await onShift()).toEqual({
      people: [{ userId: olga.id, displayName: 'Olga Operator' }],
      because: 'handover-not-accepted',
      boundaryAt: SHIFT_CHANGE,
    });
    expect(await escalatedTo('waiting')).toBe(
      'Escalated by hand to level 1, Operator on shift: Olga Operator (on shift until the 19:00 handover is accepted) (no contact channel: told in the console only)',
    );

    // Otto accepts every item: from now level 1 reaches him alone, because of the handover.
    for (const item of draft.items) await ottoDesk.value('handovers.accept', { id: draft.id, itemId: item.id });
    clock.advance(5 * MINUTE);
    expect(await onShift()).toEqual({
      people: [{ userId: otto.id, displayName: 'Otto Operator' }],
      because: 'handover',
      boundaryAt: SHIFT_CHANGE,
    });
    expect(await escalatedTo('accepted')).toBe(
      'Escalated by hand to level 1, Operator on shift: Otto Operator (on shift by handover at 19:00) (no contact channel: told in the console only)',
    );
    core.close();
  });
});
