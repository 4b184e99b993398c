import { describe, expect, it } from 'vitest';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Incident, IncidentDetail } from '../../shared/contract';

const tempDir = useTempDirs();

/** Olga owns an incident at desk 1; Otto (another operator), Sam (a supervisor), Vera (a viewer) and Dana (soon deactivated) exist. */
async function olgaOwnsAnIncident() {
  const harness = await startPeopleCore(tempDir());
  const olga = await harness.person('olga', 'operator', 'Olga Operator');
  const otto = await harness.person('otto', 'operator', 'Otto Operator');
  const sam = await harness.person('sam', 'supervisor', 'Sam Supervisor');
  const vera = await harness.person('vera', 'viewer', 'Vera Viewer');
  const dana = await harness.person('dana', 'operator', 'Dana Operator');
  const desk = harness.seat('desk-1');
  await desk.signIn('olga', passwordOf('olga'));
  const incident = await desk.value<Incident>('incidents.create', { title: 'Fence alarm', priority: 'P2', sopSlug: null });
  const detail = async (id = incident.id) => (await desk.value<IncidentDetail>('incidents.get', { id })).incident;
  return { ...harness, olga, otto, sam, vera, dana, desk, incident, detail };
}

describe('ownership by user id', () => {
  it('hands over to a person by id: they own it at once (id and name), and the audit records both ids', async () => {
    const { core, desk, olga, otto, incident, detail, audit } = await olgaOwnsAnIncident();
    expect(incident).toMatchObject({ ownerId: olga.id, owner: 'Olga Operator' });
    await desk.value('incidents.handOver', { id: incident.id, toId: otto.id, note: 'End of shift' });
    expect(await detail()).toMatchObject({ ownerId: otto.id, owner: 'Otto Operator' });

    const entry = (await audit()).find((e) => e.action === 'incidents.handOver' && e.result === 'ok');
    expect(entry).toMatchObject({
      actor: olga.id,
      before: { ownerId: olga.id, owner: 'Olga Operator' },
      after: { ownerId: otto.id, owner: 'Otto Operator' },
    });

    // Now Otto's: Olga may no longer hand it on, and Otto answers requests wherever he signs in.
    expect(await desk.call('incidents.handOver', { id: incident.id, toId: olga.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('Only the owner, Otto Operator') },
    });
    core.close();
  });

  it('refuses a handover to an unknown, deactivated or viewer person, saying so on the field, and audits the refusal', async () => {
    const { core, adminDesk, desk, dana, vera, incident, detail, audit } = await olgaOwnsAnIncident();
    await adminDesk.value('users.deactivate', { id: dana.id });
    const refusal = async (toId: string) => {
      const envelope = await desk.call('incidents.handOver', { id: incident.id, toId });
      if (envelope.ok) throw new Error('handed over');
      return envelope.error;
    };
    expect(await refusal('no-such-user')).toMatchObject({
      code: 'invalid_input',
      message: 'There is no such person at this console: choose someone from the list',
    });
    expect(await refusal(dana.id)).toMatchObject({
      code: 'invalid_input',
      message: 'Dana Operator is deactivated: hand it to someone active',
      fields: [{ path: 'toId', message: 'Dana Operator is deactivated: hand it to someone active' }],
    });
    expect((await refusal(vera.id)).message).toBe('Vera Viewer is a viewer: only an operator or above can own an incident');

    expect(await detail()).toMatchObject({ owner: 'Olga Operator' });
    const refusedEntries = (await audit()).filter((e) => e.action === 'incidents.handOver' && e.result === 'error');
    expect(refusedEntries).toHaveLength(3);
    core.close();
  });

  it('takes over by request and answer, or without consent, by id', async () => {
    const { core, desk, otto, sam, incident, detail, seat } = await olgaOwnsAnIncident();
    const ottoDesk = seat('desk-2');
    await ottoDesk.signIn('otto', passwordOf('otto'));
    await ottoDesk.value('incidents.requestTakeover', { id: incident.id, note: 'Day shift' });
    expect((await detail()).takeoverRequest).toMatchObject({ byId: otto.id, by: 'Otto Operator' });
    await desk.value('incidents.answerTakeover', { id: incident.id, accept: true });
    expect(await detail()).toMatchObject({ ownerId: otto.id, owner: 'Otto Operator' });

    const samDesk = seat('desk-3');
    await samDesk.signIn('sam', passwordOf('sam'));
    await samDesk.value('incidents.overrideTakeover', { id: incident.id, reason: 'Otto left for the gate' });
    expect(await detail()).toMatchObject({ ownerId: sam.id, owner: 'Sam Supervisor' });
    core.close();
  });
});
