// Issue 16: "the operator on shift" (escalation level 1) is who took the current shift over at its handover.
import { describe, expect, it } from 'vitest';
import { startShiftEvening, SHIFT_CHANGE } from '../../../test/support/shift-evening';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, AlertDetail, Handover, OnShiftNow } from '../../shared/contract';

const tempDir = useTempDirs();

const MINUTE = 60_000;

/** The shift evening (18:30, shifts change at 07:00 and 19:00), with what these tests ask of it. */
async function evening() {
  const shift = await startShiftEvening(tempDir(), { alerting: true });
  const { samDesk } = shift;
  const onShift = () => samDesk.value<OnShiftNow>('oncall.onShift');
  /** Raises a backup alert, escalates it by hand to level 1, and reads whom its history says level 1 reached. */
  const escalatedTo = async (job: string): Promise<string | undefined> => {
    shift.core.alerting.engine.reportExternal('backup-failed', { subject: `backup-job:${job}`, name: job, siteId: null }, `${job} failed`);
    const alert = (await shift.alerts()).find((candidate: Alert) => candidate.subject === `backup-job:${job}`)!;
    await samDesk.value('alerts.escalate', { id: alert.id });
    const detail = await samDesk.value<AlertDetail>('alerts.get', { id: alert.id });
    return detail.history.find((event) => event.kind === 'escalated')?.detail;
  };
  return { ...shift, onShift, escalatedTo };
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
