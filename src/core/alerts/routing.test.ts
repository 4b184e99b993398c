import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { TEST_PASSWORD_PARAMETERS, passwordOf, seatAt } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, AlertAttention, AlertDetail, Channel, OnCallNow, OnCallSchedule, User } from '../../shared/contract';
import { startWebhookReceiver, type WebhookReceiver } from './notifiers/testing/servers';

const tempDir = useTempDirs();

const BACKUP_JOB = { subject: 'backup-job:nightly', name: 'Nightly database backup', siteId: null };
const MINUTE = 60_000;

/** A real core on a real database, real notifiers and a fake clock: Monday 23 November 2026, 08:00 UTC. */
async function setup() {
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 8, 0));
  const harness = startTestCore(tempDir(), { clock, passwordParameters: TEST_PASSWORD_PARAMETERS });
  const attention: AlertAttention[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'alert.attention') attention.push(message.payload);
  });
  harness.core.start();
  await harness.call('settings.set', { timeZone: 'utc' });
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const person = (username: string, displayName: string, role: User['role']) =>
    ok<User>('users.create', { username, displayName, role, password: passwordOf(username) });
  const alertOfJob = async () =>
    (await ok<{ alerts: Alert[] }>('alerts.snapshot')).alerts.find((alert) => alert.subject === BACKUP_JOB.subject)!;
  return { ...harness, ok, person, attention, alertOfJob };
}

/** A pager-style webhook receiver that answers 202, like PagerDuty's Events API. */
const pagerReceiver = () =>
  startWebhookReceiver((response) => response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success"}'));

function bodyOf(receiver: WebhookReceiver, index: number): unknown {
  return JSON.parse(receiver.requests[index]!.body);
}

describe('escalation levels that name who', () => {
  it("reaches the supervisor on call through their own pager at level 2, and the alert's history says who was notified at which level", async () => {
    const { core, clock, ok, person, alertOfJob } = await setup();
    const bobsPager = await pagerReceiver();
    const carlasPager = await pagerReceiver();
    try {
      const bob = await person('bob', 'Bob Stone', 'supervisor');
      const carla = await person('carla', 'Carla Diaz', 'supervisor');
      const pagerOf = (name: string, receiver: WebhookReceiver) =>
        ok<Channel>('channels.create', {
          name,
          config: { kind: 'pagerduty', routingKey: `${name.replaceAll(' ', '-')}-key`, eventsUrl: receiver.url },
        });
      const bobs = await pagerOf('Bob pager', bobsPager);
      const carlas = await pagerOf('Carla pager', carlasPager);
      await ok('oncall.setContact', { userId: bob.id, channelId: bobs.id });
      await ok('oncall.setContact', { userId: carla.id, channelId: carlas.id });
      // Carla this week (from Monday 16 November), Bob from Monday 23 November 07:00 UTC.
      const supervisors = await ok<OnCallSchedule>('oncall.save', {
        name: 'Supervisors',
        people: [carla.id, bob.id],
        handoffWeekday: 1,
        handoffTime: '07:00',
        rotationWeeks: 1,
        startsOn: '2026-11-16',
      });
      await ok('routing.setLevels', {
        severity: 'high',
        levels: [
          { label: 'Operator on shift', target: { kind: 'role', role: 'operator' }, minutesToNext: 10 },
          { label: 'Supervisor on call', target: { kind: 'schedule', scheduleId: supervisors.id }, minutesToNext: null },
        ],
      });
      expect(await ok<OnCallNow[]>('oncall.now')).toEqual([
        {
          scheduleId: supervisors.id,
          scheduleName: 'Supervisors',
          now: { userId: bob.id, displayName: 'Bob Stone', because: 'rotation', until: Date.UTC(2026, 10, 30, 7) },
          next: { userId: carla.id, displayName: 'Carla Diaz', because: 'rotation', from: Date.UTC(2026, 10, 30, 7) },
        },
      ]);

      core.alerting.engine.reportExternal('backup-failed', BACKUP_JOB, 'Nightly database backup failed: destination is read-only');
      // High escalates after 15 minutes to level 1 (the operators: nobody has a pager), then 10 minutes later to level 2.
      await clock.advanceAsync(15 * MINUTE, MINUTE);
      expect((await alertOfJob()).escalationLevel).toBe(1);
      expect(bobsPager.requests).toHaveLength(0);
      await clock.advanceAsync(10 * MINUTE, MINUTE);
      const alert = await alertOfJob();
      expect(alert.escalationLevel).toBe(2);

      await bobsPager.received(1);
      expect(bodyOf(bobsPager, 0)).toMatchObject({
        routing_key: 'Bob-pager-key',
        dedup_key: alert.fingerprint,
        event_action: 'trigger',
        payload: {
          summary: '[HIGH] Escalated: Nightly database backup failed: destination is read-only',
          severity: 'error',
          custom_details: { event: 'escalated', escalation_level: 2 },
        },
      });
      expect(carlasPager.requests).toHaveLength(0);

      const detail = await ok<AlertDetail>('alerts.get', { id: alert.id });
      expect(detail.history.filter((event) => event.kind === 'escalated').map((event) => event.detail)).toEqual([
        'Not acknowledged after 15 minutes: level 1, Operator on shift: nobody is operator (no contact channel: told in the console only)',
        'Not acknowledged after 25 minutes: level 2, Supervisor on call: Bob Stone (on call in Supervisors) via Bob pager',
      ]);

      // The acknowledgement reaches the pager the escalation opened an incident on.
      await ok('alerts.acknowledge', { id: alert.id, reason: 'genuine' });
      await bobsPager.received(2);
      expect(bodyOf(bobsPager, 1)).toEqual({ routing_key: 'Bob-pager-key', dedup_key: alert.fingerprint, event_action: 'acknowledge' });
    } finally {
      core.close();
      await bobsPager.close();
      await carlasPager.close();
    }
  });

  it('escalated by hand to level 1, reaches the operators on shift (signed in), not every operator', async () => {
    const { core, ok, person, alertOfJob } = await setup();
    const olgasPager = await pagerReceiver();
    const oscarsPager = await pagerReceiver();
    try {
      const olga = await person('olga', 'Olga Berg', 'operator');
      const oscar = await person('oscar', 'Oscar Lind', 'operator');
      for (const [who, receiver] of [
        [olga, olgasPager],
        [oscar, oscarsPager],
      ] as const) {
        const pager = await ok<Channel>('channels.create', {
          name: `${who.displayName} pager`,
          config: { kind: 'pagerduty', routingKey: `${who.username}-key`, eventsUrl: receiver.url },
        });
        await ok('oncall.setContact', { userId: who.id, channelId: pager.id });
      }
      expect(await seatAt(core, 'Desk 1').signIn('olga', passwordOf('olga'))).toMatchObject({ ok: true });

      core.alerting.engine.reportExternal('backup-failed', BACKUP_JOB, 'Nightly database backup failed: destination is read-only');
      const alert = await alertOfJob();
      await ok('alerts.escalate', { id: alert.id });
      await olgasPager.received(1);
      expect(bodyOf(olgasPager, 0)).toMatchObject({ routing_key: 'olga-key', event_action: 'trigger' });
      expect(oscarsPager.requests).toHaveLength(0);
      const detail = await ok<AlertDetail>('alerts.get', { id: alert.id });
      expect(detail.history.find((event) => event.kind === 'escalated')?.detail).toBe(
        'Escalated by hand to level 1, Operator on shift: Olga Berg (signed in) via Olga Berg pager',
      );
    } finally {
      core.close();
      await olgasPager.close();
      await oscarsPager.close();
    }
  });

  it('refuses a level that names a schedule that does not exist, and a schedule still named by a level cannot be deleted', async () => {
    const { core, call, ok, person } = await setup();
    const ana = await person('ana', 'Ana Ruiz', 'supervisor');
    const refused = await call('routing.setLevels', {
      severity: 'critical',
      levels: [{ label: 'Ghosts', target: { kind: 'schedule', scheduleId: 'no-such-schedule' }, minutesToNext: null }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'That on-call schedule does not exist' } });
    const schedule = await ok<OnCallSchedule>('oncall.save', {
      name: 'Supervisors',
      people: [ana.id],
      handoffWeekday: 1,
      handoffTime: '08:00',
      rotationWeeks: 1,
      startsOn: '2026-11-02',
    });
    await ok('routing.setLevels', {
      severity: 'critical',
      levels: [{ label: 'Supervisor on call', target: { kind: 'schedule', scheduleId: schedule.id }, minutesToNext: null }],
    });
    expect(await call('oncall.delete', { id: schedule.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '"Supervisors" is named by the critical escalation levels: change those first' },
    });
    core.close();
  });
});

describe('the routing table', () => {
  it('sends a critical alert of a rule that uses the table to every chat channel, and asks for sound and OS notification as routed', async () => {
    const { core, clock, ok, attention, alertOfJob } = await setup();
    const chat = await pagerReceiver();
    try {
      await ok<Channel>('channels.create', { name: 'Ops chat', config: { kind: 'slack', url: chat.url } });
      await ok('routing.set', {
        routes: [
          { severity: 'critical', destinations: ['sound', 'os-notification', 'chat'] },
          { severity: 'high', destinations: ['chat'] },
          { severity: 'medium', destinations: [] },
          { severity: 'low', destinations: [] },
          { severity: 'info', destinations: [] },
        ],
        pagerScheduleId: null,
      });
      core.alerting.engine.reportExternal('backup-failed', BACKUP_JOB, 'Nightly database backup failed: destination is read-only');
      await clock.advanceAsync(1000);
      await chat.received(1);
      expect(JSON.parse(chat.requests[0]!.body)).toMatchObject({ text: expect.stringContaining('Nightly database backup failed') });
      // High routes to chat only: no sound and no OS notification for it.
      expect(attention).toEqual([expect.objectContaining({ alertId: (await alertOfJob()).id, sound: false, osNotification: false })]);
    } finally {
      core.close();
      await chat.close();
    }
  });
});
