import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { SecuritySummary } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the Security page: security events read from the audit log', () => {
  it('lists failed sign-ins, the lockout, the unlock, refused commands and role and site changes, with counts and top sources', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { core, adminDesk, person, seat, audit } = await startPeopleCore(tempDir(), { clock });
    const olga = await person('olga', 'operator', 'Olga Operator');
    await person('sam', 'supervisor', 'Sam Supervisor');
    const browser = seat('browser-1', '10.0.0.7');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      clock.advance(MINUTE);
      await browser.signIn('olga', 'not her password');
    }
    await browser.signIn('mallory', 'guessing');
    await adminDesk.value('users.unlock', { id: olga.id });
    await adminDesk.value('users.update', { id: olga.id, role: 'supervisor', sites: ['north'] });
    await adminDesk.value('users.update', { id: olga.id, role: 'operator' });
    const desk = seat('desk-2');
    await desk.signIn('olga', passwordOf('olga'));
    await desk.call('silences.create', {});

    expect(await desk.call('security.summary')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a supervisor or above may do this; Olga Operator is an operator' },
    });
    const read = await adminDesk.value<SecuritySummary>('security.summary');
    expect(read.to - read.from).toBe(24 * HOUR);
    const entries = await audit();
    const sentences = read.events.map((event) => [event.type, event.sentence]);
    expect(sentences).toEqual(
      expect.arrayContaining([
        ['failed-sign-in', 'Failed sign-in as "olga" from 10.0.0.7: Wrong username or password'],
        ['failed-sign-in', 'Failed sign-in as "mallory" from 10.0.0.7: Wrong username or password'],
        ['lockout', 'The account "olga" was locked until 10:20 after five failed sign-ins (the last from 10.0.0.7)'],
        ['unlock', 'Ada Admin unlocked the account of Olga Operator'],
        ['role-change', 'Ada Admin changed the role of Olga Operator from operator to supervisor'],
        ['site-change', 'Ada Admin changed the sites of Olga Operator from every site to north'],
        ['role-change', 'Ada Admin changed the role of Olga Operator from supervisor to operator'],
        ['role-change', 'Ada Admin added Sam Supervisor as supervisor (every site)'],
        [
          'refused-command',
          'Olga Operator at desk-2 was refused silences.create: Only a supervisor or above may do this; Olga Operator is an operator',
        ],
        ['new-seat', 'Olga Operator signed in at desk-2 for the first time'],
      ]),
    );
    // Every event links to the entry it was read from.
    const lockout = read.events.find((event) => event.type === 'lockout');
    expect(entries.find((entry) => entry.seq === lockout?.seq)).toMatchObject({ action: 'auth.signIn', target: 'olga', result: 'error' });
    expect(lockout).toMatchObject({ severity: 'high', username: 'olga', source: '10.0.0.7', person: null });
    expect(read.byType).toEqual(
      expect.arrayContaining([
        { key: 'failed-sign-in', count: 5 },
        { key: 'lockout', count: 1 },
      ]),
    );
    expect(read.bySeverity[0]).toEqual({ key: 'high', count: 1 });
    expect(read.topFailureSources).toEqual([{ key: '10.0.0.7', count: 6 }]);
    expect(read.topFailureUsernames).toEqual([
      { key: 'olga', count: 5 },
      { key: 'mallory', count: 1 },
    ]);
    expect(read.failuresPerHour.at(-1)).toEqual({ key: Date.UTC(2026, 10, 23, 10, 0, 0), count: 6 });
    expect(read.total).toBe(read.events.length);

    // A supervisor may read it too; that read is audited (once per view within ten minutes), as reading the log is. An admin's is not.
    expect(entries.filter((entry) => entry.action === 'audit.read')).toEqual([]);
    const samDesk = seat('sam-desk');
    await samDesk.signIn('sam', passwordOf('sam'));
    await samDesk.value('security.summary');
    await samDesk.value('security.summary');
    const reads = (await audit()).filter((entry) => entry.action === 'audit.read');
    expect(reads).toMatchObject([{ actorName: 'Sam Supervisor', seat: 'sam-desk', target: 'security', after: { hours: 24 } }]);
    const again = await samDesk.value<SecuritySummary>('security.summary');
    expect(again.events[0]).toMatchObject({ type: 'audit-read', sentence: 'Sam Supervisor read the security events at sam-desk' });
    core.close();
  });

  it('names a first sign-in at a seat once, a sign-in between 02:00 and 05:59, and keeps to the chosen period', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 3, 30, 0));
    const { core, adminDesk, person, seat } = await startPeopleCore(tempDir(), { clock });
    await person('olga', 'operator', 'Olga Operator');
    const desk = seat('desk-2');
    await desk.signIn('olga', passwordOf('olga'));
    await desk.call('auth.signOut');
    clock.advance(3 * HOUR);
    await desk.signIn('olga', passwordOf('olga'));
    const ofOlga = (summary: SecuritySummary) =>
      summary.events.filter((event) => event.person === 'Olga Operator').map((event) => [event.type, event.at]);
    const day = await adminDesk.value<SecuritySummary>('security.summary', { hours: 24 });
    // The 06:30 sign-in is at a seat she used before and at a usual hour.
    expect(ofOlga(day)).toEqual([
      ['new-seat', Date.UTC(2026, 10, 23, 3, 30, 0)],
      ['unusual-hour', Date.UTC(2026, 10, 23, 3, 30, 0)],
    ]);
    const lastHour = await adminDesk.value<SecuritySummary>('security.summary', { hours: 1 });
    expect(ofOlga(lastHour)).toEqual([]);
    expect(lastHour.failuresPerHour).toHaveLength(2);
    expect(await adminDesk.call('security.summary', { hours: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    core.close();
  });
});
