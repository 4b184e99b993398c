import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Incident, IncidentDetail, SopTemplateInput } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;

const GATE_CHECK: SopTemplateInput = {
  slug: 'gate-check',
  name: 'Gate check',
  steps: [
    { id: 'look', title: 'Look at the gate camera', required: false },
    { id: 'call', title: 'Call the guard', required: false },
  ],
};

/**
 * An incident following an SOP, opened (owned by nobody) at 14:00 UTC by Anna Berg at seat 1; Otto Nilsen at seat 2
 * acts after her (late, from an outbox, or at the same moment).
 */
async function twoSeatsAndAnIncident() {
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 14, 0));
  const harness = await startPeopleCore(tempDir(), { clock });
  await harness.person('anna', 'operator', 'Anna Berg');
  await harness.person('otto', 'operator', 'Otto Nilsen');
  await harness.adminDesk.value('sops.save', { ...GATE_CHECK, basedOnVersion: null });
  const anna = harness.seat('seat-1');
  await anna.signIn('anna', passwordOf('anna'));
  const otto = harness.seat('seat-2');
  await otto.signIn('otto', passwordOf('otto'));
  const incident = await anna.value<Incident>('incidents.create', {
    title: 'Gate open',
    priority: 'P1',
    sopSlug: 'gate-check',
    claim: false,
  });
  const detail = async () => otto.value<IncidentDetail>('incidents.get', { id: incident.id });
  return { ...harness, clock, anna, otto, incident, detail };
}

describe('conflicting incident commands from two people', () => {
  it('refuses every state change on an incident someone resolved, naming who and when', async () => {
    const { core, clock, anna, otto, incident, detail } = await twoSeatsAndAnIncident();
    clock.advance(3 * MINUTE);
    await anna.value('incidents.resolve', { id: incident.id, resolution: 'Gate closed by the guard' });
    clock.advance(MINUTE);
    const late = async (method: string, input: object) => {
      const envelope = await otto.call(method, { id: incident.id, ...input });
      if (envelope.ok) throw new Error(`${method} was applied`);
      return envelope.error;
    };
    const resolvedBy = `INC-${incident.number} already resolved by Anna Berg at 14:03`;
    expect(await late('incidents.resolve', { resolution: 'Closed it myself' })).toEqual({
      code: 'conflict',
      message: `${resolvedBy}: resolving it no longer applies. Its review and notes can still be written.`,
    });
    expect((await late('incidents.setState', { state: 'fixing' })).message).toMatch(`${resolvedBy}: changing its state`);
    expect((await late('incidents.setPriority', { priority: 'P0', reason: 'Worse' })).message).toMatch(resolvedBy);
    expect((await late('incidents.checkStep', { stepId: 'look' })).message).toMatch(resolvedBy);
    expect((await late('incidents.skipStep', { stepId: 'call', reason: 'No answer' })).message).toMatch(resolvedBy);
    expect((await late('incidents.requestTakeover', { note: 'Night shift' })).message).toMatch(resolvedBy);
    expect((await detail()).incident).toMatchObject({ state: 'resolved', resolution: 'Gate closed by the guard' });
    core.close();
  });

  it('appends a note and a status update to an incident someone else resolved: neither is a conflict', async () => {
    const { core, clock, anna, otto, incident, detail } = await twoSeatsAndAnIncident();
    await anna.value('incidents.resolve', { id: incident.id, resolution: 'False alarm' });
    clock.advance(MINUTE);
    await otto.value('incidents.addNote', { id: incident.id, note: 'Guard confirmed the gate is shut' });
    const updated = await otto.value<Incident>('incidents.postUpdate', {
      id: incident.id,
      template: 'resolved',
      whatHappened: 'The gate was open',
      nextUpdateInMinutes: 30,
    });
    // Resolved, it promises no further update.
    expect(updated).toMatchObject({ state: 'resolved', lastUpdateAt: Date.UTC(2026, 10, 23, 14, 1), nextUpdateDueAt: null });
    const timeline = (await detail()).timeline.slice(-2);
    expect(timeline.map((entry) => [entry.kind, entry.actor])).toEqual([
      ['note', 'Otto Nilsen'],
      ['status-update', 'Otto Nilsen'],
    ]);
    core.close();
  });

  it('refuses a step done or skipped twice, naming who did it first and when', async () => {
    const { core, clock, anna, otto, incident, detail } = await twoSeatsAndAnIncident();
    clock.advance(2 * MINUTE);
    await anna.value('incidents.checkStep', { id: incident.id, stepId: 'look', note: 'Gate is open' });
    await anna.value('incidents.skipStep', { id: incident.id, stepId: 'call', reason: 'Guard is on the radio' });
    clock.advance(MINUTE);
    expect(await otto.call('incidents.checkStep', { id: incident.id, stepId: 'look' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Step "Look at the gate camera" already done by Anna Berg at 14:02' },
    });
    expect(await otto.call('incidents.skipStep', { id: incident.id, stepId: 'call', reason: 'No answer' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Step "Call the guard" already skipped by Anna Berg at 14:02' },
    });
    await anna.value('incidents.reopenStep', { id: incident.id, stepId: 'look', reason: 'Looked at the wrong camera' });
    expect(await otto.call('incidents.reopenStep', { id: incident.id, stepId: 'look', reason: 'Redo' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Step "Look at the gate camera" already opened again by Anna Berg at 14:03' },
    });
    const steps = (await detail()).incident.steps;
    expect(steps.find((step) => step.stepId === 'call')).toMatchObject({
      status: 'skipped',
      by: 'Anna Berg',
      skipReason: 'Guard is on the radio',
    });
    core.close();
  });

  it('refuses a state or priority someone already set, and a claim of an incident someone owns, naming who and when', async () => {
    const { core, clock, anna, otto, incident } = await twoSeatsAndAnIncident();
    clock.advance(4 * MINUTE);
    await anna.value('incidents.setState', { id: incident.id, state: 'fixing' });
    await anna.value('incidents.setPriority', { id: incident.id, priority: 'P0', reason: 'Client site' });
    await anna.value('incidents.claim', { id: incident.id });
    clock.advance(MINUTE);
    const label = `INC-${incident.number}`;
    expect(await otto.call('incidents.setState', { id: incident.id, state: 'fixing' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: `${label} already fixing: set by Anna Berg at 14:04` },
    });
    expect(await otto.call('incidents.setPriority', { id: incident.id, priority: 'P0', reason: 'Client site' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: `${label} already P0: set by Anna Berg at 14:04` },
    });
    expect(await otto.call('incidents.claim', { id: incident.id })).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: `${label} already owned by Anna Berg since 14:04: ask them to hand it over, or take it over with a reason`,
      },
    });
    core.close();
  });
});
