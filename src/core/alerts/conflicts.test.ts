import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;

/**
 * An open alert (an admin was made: a high security alert) at 14:00 UTC unless told, and two operators at two
 * seats: Anna Berg acts first, Otto's command arrives after hers (late, from an outbox, or at once).
 */
async function twoSeatsAndAnAlert(start = Date.UTC(2026, 10, 23, 14, 0)) {
  const clock = new FakeClock(start);
  const harness = await startPeopleCore(tempDir(), { clock, alerting: true });
  await harness.person('anna', 'operator', 'Anna Berg');
  await harness.person('otto', 'operator', 'Otto Nilsen');
  await harness.person('root2', 'admin', 'Second Admin');
  const alert = (await harness.alerts()).find((candidate) => candidate.ruleId === 'builtin-security-role-raised');
  if (alert === undefined) throw new Error('no alert raised');
  const anna = harness.seat('seat-1');
  await anna.signIn('anna', passwordOf('anna'));
  const otto = harness.seat('seat-2');
  await otto.signIn('otto', passwordOf('otto'));
  return { ...harness, clock, alert, anna, otto };
}

describe('conflicting alert commands from two people', () => {
  it('refuses a second acknowledgement as a conflict naming who acknowledged it and when, and leaves hers standing', async () => {
    const { core, clock, alert, anna, otto } = await twoSeatsAndAnAlert();
    clock.advance(2 * MINUTE);
    await anna.value('alerts.acknowledge', { id: alert.id, reason: 'genuine' });
    clock.advance(5 * MINUTE);
    expect(await otto.call('alerts.acknowledge', { id: alert.id, reason: 'false-alarm' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Alert already acknowledged by Anna Berg at 14:02' },
    });
    // Her own repeat changes nothing either: it is refused the same way, not counted as a second acknowledgement.
    expect(await anna.call('alerts.acknowledge', { id: alert.id, reason: 'genuine' })).toMatchObject({
      error: { code: 'conflict', message: 'Alert already acknowledged by Anna Berg at 14:02' },
    });
    const stored = (await otto.value<{ alert: Alert }>('alerts.get', { id: alert.id })).alert;
    expect(stored).toMatchObject({ ackBy: 'Anna Berg', ackReason: 'genuine', owner: 'Anna Berg' });
    core.close();
  });

  it('refuses acknowledge, claim, snooze, escalate and resolve on an alert someone resolved, naming who, when and why', async () => {
    const { core, clock, alert, anna, otto } = await twoSeatsAndAnAlert();
    clock.advance(2 * MINUTE);
    await anna.value('alerts.resolve', { id: alert.id, reason: 'Expected: new admin for the night shift' });
    clock.advance(MINUTE);
    const refusal = { code: 'conflict', message: 'Alert already resolved by Anna Berg at 14:02: Expected: new admin for the night shift' };
    expect(await otto.call('alerts.acknowledge', { id: alert.id, reason: 'genuine' })).toEqual({ ok: false, error: refusal });
    expect(await otto.call('alerts.claim', { id: alert.id })).toEqual({ ok: false, error: refusal });
    expect(await otto.call('alerts.snooze', { id: alert.id, minutes: 10 })).toEqual({ ok: false, error: refusal });
    expect(await otto.call('alerts.escalate', { id: alert.id })).toEqual({ ok: false, error: refusal });
    expect(await otto.call('alerts.resolve', { id: alert.id, reason: 'Duplicate' })).toEqual({ ok: false, error: refusal });
    expect((await otto.value<{ alert: Alert }>('alerts.get', { id: alert.id })).alert).toMatchObject({
      resolvedBy: 'Anna Berg',
      resolution: 'Expected: new admin for the night shift',
    });
    core.close();
  });

  it('names the day as well when what it found happened on an earlier day', async () => {
    const { core, clock, alert, anna, otto } = await twoSeatsAndAnAlert(Date.UTC(2026, 10, 23, 23, 58));
    await anna.value('alerts.acknowledge', { id: alert.id, reason: 'test' });
    clock.advance(5 * MINUTE);
    expect(await otto.call('alerts.acknowledge', { id: alert.id, reason: 'genuine' })).toMatchObject({
      error: { code: 'conflict', message: 'Alert already acknowledged by Anna Berg at 23 Nov 2026, 23:58' },
    });
    core.close();
  });
});
