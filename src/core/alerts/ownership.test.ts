import { describe, expect, it } from 'vitest';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert } from '../../shared/contract';

const tempDir = useTempDirs();

/** An open alert (an admin was made: a high security alert), and two operators who share a display name. */
async function twoSamsAndAnAlert() {
  const harness = await startPeopleCore(tempDir(), { alerting: true });
  const samA = await harness.person('sam.a', 'operator', 'Sam Example');
  const samB = await harness.person('sam.b', 'operator', 'Sam Example');
  await harness.person('root2', 'admin', 'Second Admin');
  const alert = (await harness.alerts()).find((candidate) => candidate.ruleId === 'builtin-security-role-raised');
  if (alert === undefined) throw new Error('no alert raised');
  const deskA = harness.seat('desk-a');
  await deskA.signIn('sam.a', passwordOf('sam.a'));
  const deskB = harness.seat('desk-b');
  await deskB.signIn('sam.b', passwordOf('sam.b'));
  return { ...harness, samA, samB, alert, deskA, deskB };
}

describe('alert ownership by user id', () => {
  it('records the owner’s id beside the name on claim; a namesake may still claim it, and the audit carries the ids', async () => {
    const { core, samA, samB, alert, deskA, deskB, audit } = await twoSamsAndAnAlert();
    expect(await deskA.value<Alert>('alerts.claim', { id: alert.id })).toMatchObject({ owner: 'Sam Example', ownerId: samA.id });
    expect(await deskA.call('alerts.claim', { id: alert.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'You already own this alert' },
    });
    // The same name is not the same person: the other Sam takes it over.
    expect(await deskB.value<Alert>('alerts.claim', { id: alert.id })).toMatchObject({ owner: 'Sam Example', ownerId: samB.id });
    const claims = (await audit()).filter((entry) => entry.action === 'alerts.claim' && entry.result === 'ok');
    expect(claims.map((entry) => (entry.after as { ownerId: string }).ownerId)).toEqual([samB.id, samA.id]);
    core.close();
  });

  it('makes whoever acknowledges an alert nobody owns its owner, by id', async () => {
    const { core, samB, alert, deskA, deskB } = await twoSamsAndAnAlert();
    expect(await deskB.value<Alert>('alerts.acknowledge', { id: alert.id, reason: 'genuine' })).toMatchObject({
      owner: 'Sam Example',
      ownerId: samB.id,
    });
    expect((await deskA.value<{ alert: Alert }>('alerts.get', { id: alert.id })).alert).toMatchObject({ ownerId: samB.id });
    core.close();
  });
});
