import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  Alert,
  AlertAttention,
  AlertDetail,
  AlertSnapshot,
  AuditPage,
  Channel,
  Monitor,
  MonitorInput,
  NotificationOutcome,
  Rule,
  RuleInput,
  Silence,
  SilenceInput,
  Site,
} from '../../shared/contract';
import type { Notifier, NotificationMessage } from './index';
import { LOCAL_OPERATOR, type Actor } from '../service';

const tempDir = useTempDirs();

/** Records what would have gone out on each channel; the real senders have their own tests against real servers. */
class RecordingNotifier implements Notifier {
  readonly sent: { channel: string; message: NotificationMessage }[] = [];
  send(channel: Channel, message: NotificationMessage): void {
    this.sent.push({ channel: channel.name, message });
  }
  test(channel: Channel): Promise<NotificationOutcome> {
    return Promise.resolve({
      channelId: channel.id,
      channelName: channel.name,
      at: 0,
      ok: true,
      attempts: 1,
      detail: 'sent',
      stage: 'delivered',
      status: 200,
      answer: null,
    });
  }
  stop(): void {}
}

async function setup(options: { dataDir?: string; clock?: FakeClock; key?: Buffer } = {}) {
  const clock = options.clock ?? new FakeClock();
  const targets = new FakeTargets(clock);
  const notifier = new RecordingNotifier();
  const dataDir = options.dataDir ?? tempDir();
  const harness = startTestCore(dataDir, { clock, runProbe: targets.runner, notifier, ...(options.key ? { key: options.key } : {}) });
  const attention: AlertAttention[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'alert.attention') attention.push(message.payload);
  });
  harness.core.start();
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const site = await ok<Site>('sites.create', { name: 'Depot North', tags: ['depots'] });
  const monitor = (name: string, target: string, extra: Partial<MonitorInput> = {}) => {
    const [host = '', port = '0'] = target.split(':');
    return ok<Monitor>('monitors.create', {
      siteId: site.id,
      name,
      probe: { kind: 'tcp', host, port: Number(port) },
      intervalSeconds: 10,
      timeoutSeconds: 5,
      failuresToDown: 2,
      ...extra,
    });
  };
  const snapshot = () => ok<AlertSnapshot>('alerts.snapshot');
  const open = async () => (await snapshot()).alerts.filter((a) => a.state !== 'resolved');
  const alertOf = async (monitorId: string, ruleId = 'builtin-monitor-down') =>
    (await snapshot()).alerts.find((a) => a.subject === `monitor:${monitorId}` && a.ruleId === ruleId);
  return {
    clock,
    targets,
    notifier,
    attention,
    ok,
    call: harness.call,
    site,
    monitor,
    snapshot,
    open,
    alertOf,
    core: harness.core,
    dataDir,
    key: harness.key,
  };
}

describe('alerts from probe states', () => {
  it('raises one critical alert when a monitor goes down, asks for attention, and counts repeats instead of adding alerts', async () => {
    const { clock, targets, monitor, open, attention, core } = await setup();
    targets.answer('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { successesToUp: 1 });
    await clock.advanceAsync(1000);
    expect(await open()).toEqual([]);
    targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(20_000);
    const [alert] = await open();
    expect(alert).toMatchObject({
      severity: 'critical',
      state: 'firing',
      count: 1,
      subjectName: 'Recorder',
      siteName: 'Depot North',
      summary: 'Recorder is down: connection refused',
    });
    expect(attention).toEqual([expect.objectContaining({ alertId: alert!.id, severity: 'critical', reason: 'fired' })]);
    expect(alert!.subject).toBe(`monitor:${m.id}`);
    core.close();
  });

  it('counts a failure that returns before the alert recovered as a repeat of the same alert', async () => {
    const { clock, targets, monitor, ok, open, core } = await setup();
    await ok<Rule>('rules.update', {
      id: 'builtin-monitor-down',
      basedOnVersion: 1,
      rule: {
        name: 'Monitor down',
        condition: { kind: 'monitor-down' },
        severity: 'critical',
        recovery: { kind: 'good-results', count: 3 },
      },
    });
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    targets.answer('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    const alerts = await open();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subject: `monitor:${m.id}`, count: 2, state: 'firing' });
    core.close();
  });

  it('resolves only after the recovery condition: M good results in a row', async () => {
    const { clock, targets, monitor, ok, alertOf, core } = await setup();
    await ok<Rule>('rules.update', {
      id: 'builtin-monitor-down',
      basedOnVersion: 1,
      rule: {
        name: 'Monitor down',
        condition: { kind: 'monitor-down' },
        severity: 'critical',
        recovery: { kind: 'good-results', count: 3 },
      },
    });
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    targets.answer('10.0.0.5:554');
    await clock.advanceAsync(20_000);
    expect((await alertOf(m.id))?.state).toBe('firing');
    await clock.advanceAsync(10_000);
    expect(await alertOf(m.id)).toMatchObject({ state: 'resolved', resolvedBy: 'system', resolution: 'The condition cleared' });
    core.close();
  });

  it("keeps a degraded monitor pending for its rule's minutes, and forgets a slowness that ends sooner", async () => {
    const { clock, targets, monitor, alertOf, core } = await setup();
    targets.answer('10.0.0.7:443', 800);
    const m = await monitor('Slow NVR', '10.0.0.7:443');
    await clock.advanceAsync(4 * 60_000);
    expect(await alertOf(m.id, 'builtin-degraded')).toBeUndefined();
    targets.answer('10.0.0.7:443', 20);
    await clock.advanceAsync(10_000);
    targets.answer('10.0.0.7:443', 800);
    await clock.advanceAsync(4 * 60_000);
    expect(await alertOf(m.id, 'builtin-degraded')).toBeUndefined();
    await clock.advanceAsync(2 * 60_000);
    expect(await alertOf(m.id, 'builtin-degraded')).toMatchObject({
      severity: 'medium',
      state: 'firing',
      summary: 'Slow NVR is slow (800 ms)',
    });
    core.close();
  });

  it("raises one alert when a parent goes down with its children: the parent's", async () => {
    const { clock, targets, monitor, open, attention, core } = await setup();
    targets.answer('10.1.0.1:443');
    const uplink = await monitor('Depot uplink', '10.1.0.1:443');
    const children: Monitor[] = [];
    for (let i = 0; i < 20; i += 1) {
      targets.answer(`10.1.0.${i + 10}:554`);
      children.push(await monitor(`Camera ${i + 1}`, `10.1.0.${i + 10}:554`, { parentId: uplink.id }));
    }
    await clock.advanceAsync(10_000);
    for (const target of ['10.1.0.1:443', ...children.map((_, i) => `10.1.0.${i + 10}:554`)]) targets.refuse(target);
    await clock.advanceAsync(60_000);
    const alerts = await open();
    expect(alerts.map((a) => a.subjectName)).toEqual(['Depot uplink']);
    expect(attention.filter((a) => a.reason === 'fired')).toHaveLength(1);
    core.close();
  });

  it('holds the alerts of a flapping monitor and raises a flapping alert instead', async () => {
    const { clock, targets, monitor, open, core } = await setup();
    targets.answer('10.0.0.8:80');
    const m = await monitor('Gate', '10.0.0.8:80', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    // Up and down every 10 s: more than five changes in ten minutes.
    for (let i = 0; i < 8; i += 1) {
      if (i % 2 === 0) targets.refuse('10.0.0.8:80');
      else targets.answer('10.0.0.8:80');
      await clock.advanceAsync(10_000);
    }
    targets.refuse('10.0.0.8:80');
    await clock.advanceAsync(10_000);
    const alerts = await open();
    expect(alerts.find((a) => a.ruleId === 'builtin-flapping')).toMatchObject({ subject: `monitor:${m.id}`, state: 'firing' });
    const down = alerts.find((a) => a.ruleId === 'builtin-monitor-down');
    // The first down (before it flapped) may be open, but it is held and says why.
    if (down) expect(down.heldBecause).toBe('flapping (held until it settles)');
    core.close();
  });
});

describe('the alert lifecycle', () => {
  async function downAlert() {
    const context = await setup();
    context.targets.refuse('10.0.0.5:554');
    const m = await context.monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await context.clock.advanceAsync(1000);
    const alert = (await context.alertOf(m.id))!;
    return { ...context, m, alert };
  }

  it('escalates an unacknowledged critical alert after 5 minutes and again every 5, and stops once acknowledged', async () => {
    const { clock, alert, ok, attention, alertOf, m, core } = await downAlert();
    await clock.advanceAsync(4 * 60_000);
    expect((await alertOf(m.id))?.escalationLevel).toBe(0);
    await clock.advanceAsync(61_000);
    expect(await alertOf(m.id)).toMatchObject({ escalationLevel: 1 });
    expect(attention.at(-1)).toMatchObject({ alertId: alert.id, reason: 'escalated' });
    await clock.advanceAsync(5 * 60_000);
    expect((await alertOf(m.id))?.escalationLevel).toBe(2);
    await ok<Alert>('alerts.acknowledge', { id: alert.id, reason: 'genuine', note: 'Engineer on the way' });
    const before = attention.length;
    await clock.advanceAsync(30 * 60_000);
    expect(attention.length).toBe(before);
    expect(await alertOf(m.id)).toMatchObject({
      state: 'acknowledged',
      escalationLevel: 2,
      ackReason: 'genuine',
      ackNote: 'Engineer on the way',
      ackBy: 'Local operator',
    });
    core.close();
  });

  it('fires an acknowledged critical alert again when it is not resolved within the acknowledgement timeout', async () => {
    const { clock, alert, ok, attention, alertOf, m, core } = await downAlert();
    await ok('alerts.acknowledge', { id: alert.id, reason: 'genuine' });
    await clock.advanceAsync(59 * 60_000);
    expect((await alertOf(m.id))?.state).toBe('acknowledged');
    await clock.advanceAsync(2 * 60_000);
    expect((await alertOf(m.id))?.state).toBe('firing');
    expect(attention.at(-1)).toMatchObject({ alertId: alert.id, reason: 're-raised' });
    core.close();
  });

  it('keeps a snoozed alert quiet until the snooze ends, then asks for attention again', async () => {
    const { clock, alert, ok, attention, alertOf, m, core } = await downAlert();
    await ok('alerts.snooze', { id: alert.id, minutes: 15 });
    const before = attention.length;
    await clock.advanceAsync(14 * 60_000);
    expect(attention.length).toBe(before);
    expect((await alertOf(m.id))?.escalationLevel).toBe(0);
    await clock.advanceAsync(2 * 60_000);
    expect(attention.at(-1)).toMatchObject({ alertId: alert.id, reason: 'snooze-ended' });
    expect((await alertOf(m.id))?.snoozedUntil).toBeNull();
    core.close();
  });

  it('records every command in the audit log with who did it and why', async () => {
    const { alert, ok, core } = await downAlert();
    await ok('alerts.claim', { id: alert.id });
    await ok('alerts.acknowledge', { id: alert.id, reason: 'false-alarm', note: 'Cleaner unplugged it' });
    await ok('alerts.escalate', { id: alert.id });
    const page = await ok<AuditPage>('audit.list', { target: `alert:${alert.id}` });
    expect(page.entries.map((e) => e.action)).toEqual(['alerts.escalate', 'alerts.acknowledge', 'alerts.claim']);
    expect(page.entries[1]).toMatchObject({ actor: 'local-operator', result: 'ok' });
    expect(page.entries[1]?.after).toMatchObject({ ackReason: 'false-alarm', ackNote: 'Cleaner unplugged it' });
    const detail = await ok<AlertDetail>('alerts.get', { id: alert.id });
    expect(detail.history.map((h) => h.kind)).toEqual(['fired', 'claimed', 'acknowledged', 'escalated']);
    core.close();
  });

  it('does not reopen an alert resolved by hand while its condition holds, but does once it cleared and came back', async () => {
    const { clock, alert, ok, targets, open, core } = await downAlert();
    await ok('alerts.resolve', { id: alert.id, reason: 'Known outage, ticket 4411' });
    await clock.advanceAsync(60_000);
    expect(await open()).toEqual([]);
    targets.answer('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    const reopened = await open();
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.id).not.toBe(alert.id);
    core.close();
  });

  it('refuses a command on a resolved alert with the reason', async () => {
    const { alert, ok, call, core } = await downAlert();
    await ok('alerts.resolve', { id: alert.id, reason: 'Replaced the recorder' });
    const envelope = await call('alerts.acknowledge', { id: alert.id, reason: 'genuine' });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already resolved by Local operator') },
    });
    core.close();
  });

  it('keeps open alerts across a restart without raising them twice', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = await setup({ dataDir, clock });
    first.targets.refuse('10.0.0.5:554');
    await first.monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    const before = await first.open();
    first.core.close();
    const second = await setup({ dataDir, clock, key: first.key });
    second.targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(60_000);
    const after = (await second.open()).filter((a) => a.subjectName === 'Recorder');
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(second.attention.filter((a) => a.reason === 'fired')).toEqual([]);
    second.core.close();
  });
});

describe('restarting core with the same data folder', () => {
  /** A heartbeat monitor that has missed its beat (its first one, unless it `beatOnce`) and whose alert an operator took on. */
  async function missedHeartbeatTakenOn(first: Awaited<ReturnType<typeof setup>>, beatOnce = true) {
    const m = await first.ok<Monitor>('monitors.create', {
      siteId: first.site.id,
      name: 'Fire panel',
      probe: { kind: 'heartbeat', graceSeconds: 60 },
      intervalSeconds: 60,
      timeoutSeconds: 5,
      failuresToDown: 1,
    });
    if (beatOnce) first.core.monitoring.engine.recordHeartbeat(m.heartbeatToken!);
    await first.clock.advanceAsync(4 * 60_000);
    const raised = await first.alertOf(m.id, 'builtin-heartbeat-missed');
    expect(raised).toMatchObject({ state: 'firing', count: 1 });
    await first.ok<Alert>('alerts.claim', { id: raised!.id });
    return {
      monitor: m,
      alert: await first.ok<Alert>('alerts.acknowledge', { id: raised!.id, reason: 'genuine', note: 'engineer on the way' }),
    };
  }
  const unchangedFields = (alert: Alert | undefined) =>
    alert && {
      id: alert.id,
      state: alert.state,
      count: alert.count,
      owner: alert.owner,
      ackBy: alert.ackBy,
      ackReason: alert.ackReason,
      ackNote: alert.ackNote,
      firstSeenAt: alert.firstSeenAt,
    };

  // A walk-through restarted core under a device that had never beaten: its alert was resolved as "the
  // condition cleared" and raised again with no owner.
  it.each([
    ['that beat once', true],
    ['that never beat', false],
  ])('keeps the missed-beat alert of a heartbeat monitor %s as it was: state, acknowledgement, owner and count', async (_, beatOnce) => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = await setup({ dataDir, clock });
    const { monitor: m, alert } = await missedHeartbeatTakenOn(first, beatOnce);
    first.core.close();
    clock.advance(30_000);

    const second = await setup({ dataDir, clock, key: first.key });
    // Through the whole allowance after the start (nothing heard yet) and past it (still silent).
    for (const minutes of [1, 3]) {
      await clock.advanceAsync(minutes * 60_000);
      expect(unchangedFields(await second.alertOf(m.id, 'builtin-heartbeat-missed'))).toEqual(unchangedFields(alert));
      const detail = await second.ok<AlertDetail>('alerts.get', { id: alert.id });
      expect(detail.history.map((e) => e.kind)).not.toContain('resolved');
    }
    expect(second.attention).toEqual([]);
    // The device calls again: now the alert resolves, as it would have without the restart.
    second.core.monitoring.engine.recordHeartbeat(m.heartbeatToken!);
    second.core.monitoring.engine.recordHeartbeat(m.heartbeatToken!);
    await clock.advanceAsync(1000);
    expect(await second.alertOf(m.id, 'builtin-heartbeat-missed')).toMatchObject({ id: alert.id, state: 'resolved' });
    second.core.close();
  });

  it('keeps a heartbeat monitor that was up up through a restart, and remembers its last beat', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = await setup({ dataDir, clock });
    const m = await first.ok<Monitor>('monitors.create', {
      siteId: first.site.id,
      name: 'Gate controller',
      probe: { kind: 'heartbeat', graceSeconds: 60 },
      intervalSeconds: 60,
      timeoutSeconds: 5,
      failuresToDown: 1,
    });
    first.core.monitoring.engine.recordHeartbeat(m.heartbeatToken!);
    await clock.advanceAsync(30_000);
    expect(first.core.monitoring.engine.stateOf(m.id)).toMatchObject({ verdict: 'up', lastError: null });
    first.core.close();
    // Down for an hour: beats sent meanwhile were not heard, so the device is not blamed for them.
    clock.advance(3_600_000);
    const second = await setup({ dataDir, clock, key: first.key });
    await clock.advanceAsync(100_000);
    expect(second.core.monitoring.engine.stateOf(m.id)).toMatchObject({ verdict: 'up', status: 'up' });
    expect(await second.open()).toEqual([]);
    // Still silent at the first check after its full allowance from the start (2 min): it missed its beat.
    await clock.advanceAsync(90_000);
    expect(second.core.monitoring.engine.stateOf(m.id)).toMatchObject({
      verdict: 'down',
      lastError: expect.stringMatching(/^no heartbeat for 1 h [23] min/),
    });
    expect(await second.alertOf(m.id, 'builtin-heartbeat-missed')).toMatchObject({ state: 'firing' });
    second.core.close();
  });

  it('resolves no open alert of any kind just because core restarted', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = await setup({ dataDir, clock });
    first.targets.refuse('10.0.0.5:554');
    const down = await first.monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    const heartbeat = await missedHeartbeatTakenOn(first);
    const before = await first.open();
    expect(before.map((a) => a.ruleId).sort()).toEqual(['builtin-heartbeat-missed', 'builtin-monitor-down']);
    first.core.close();

    const second = await setup({ dataDir, clock, key: first.key });
    second.targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(10 * 60_000);
    const after = await second.open();
    expect(after.map(unchangedFields)).toEqual(expect.arrayContaining(before.map(unchangedFields)));
    expect(after.find((a) => a.subject === `monitor:${down.id}`)?.count).toBe(1);
    expect(after.find((a) => a.subject === `monitor:${heartbeat.monitor.id}`)?.ruleId).toBe('builtin-heartbeat-missed');
    second.core.close();
  });
});

describe('silences and maintenance windows', () => {
  it('shows the silence on an alert it covers, asks for no attention, and still records the resolution', async () => {
    const { clock, targets, monitor, ok, site, attention, alertOf, core } = await setup();
    const silence = await ok<Silence>('silences.create', {
      kind: 'maintenance',
      comment: 'Recorder swap at Depot North',
      scope: { kind: 'site', siteId: site.id },
      schedule: { kind: 'once', startsAt: clock.now(), endsAt: clock.now() + 3_600_000 },
    } satisfies SilenceInput);
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    expect(await alertOf(m.id)).toMatchObject({
      state: 'firing',
      silencedBy: { id: silence.id, kind: 'maintenance', comment: 'Recorder swap at Depot North' },
    });
    expect(attention).toEqual([]);
    targets.answer('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    const resolved = await alertOf(m.id);
    expect(resolved).toMatchObject({ state: 'resolved', resolution: 'The condition cleared' });
    const detail = await ok<AlertDetail>('alerts.get', { id: resolved!.id });
    expect(detail.history.map((h) => h.kind)).toEqual(['fired', 'resolved']);
    core.close();
  });

  it('asks for attention when a silence ends over an alert that is still firing', async () => {
    const { clock, targets, monitor, ok, attention, alertOf, core } = await setup();
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1, tags: ['cctv'] });
    await ok('silences.create', {
      kind: 'silence',
      comment: 'Known',
      scope: { kind: 'tag', tag: 'cctv' },
      schedule: { kind: 'once', startsAt: clock.now(), endsAt: clock.now() + 10 * 60_000 },
    });
    await clock.advanceAsync(1000);
    expect(attention).toEqual([]);
    await clock.advanceAsync(10 * 60_000);
    expect(attention).toEqual([expect.objectContaining({ reason: 'unsilenced' })]);
    expect((await alertOf(m.id))?.silencedBy).toBeNull();
    core.close();
  });

  it('silences during a recurring window only', async () => {
    // 08:00 UTC on the fake clock; a window every day at 08:30 for 30 minutes.
    const { clock, targets, monitor, ok, alertOf, core } = await setup();
    await ok('settings.set', { timeZone: 'utc' });
    await ok('silences.create', {
      kind: 'maintenance',
      comment: 'Nightly reboot',
      scope: { kind: 'all' },
      schedule: { kind: 'recurring', cron: '30 8 * * *', durationMinutes: 30 },
    });
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    expect((await alertOf(m.id))?.silencedBy).toBeNull();
    await clock.advanceAsync(31 * 60_000);
    expect((await alertOf(m.id))?.silencedBy).toMatchObject({ comment: 'Nightly reboot' });
    await clock.advanceAsync(30 * 60_000);
    expect((await alertOf(m.id))?.silencedBy).toBeNull();
    core.close();
  });

  it('starts a flexible window when a monitor in scope first fails inside it, for its duration', async () => {
    const { clock, targets, monitor, ok, site, alertOf, attention, core } = await setup();
    targets.answer('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await ok('silences.create', {
      kind: 'maintenance',
      comment: 'Engineer visit, some time this morning',
      scope: { kind: 'site', siteId: site.id },
      schedule: { kind: 'flexible', windowStartsAt: clock.now(), windowEndsAt: clock.now() + 4 * 3_600_000, durationMinutes: 45 },
    });
    await clock.advanceAsync(3_600_000);
    targets.refuse('10.0.0.5:554');
    await clock.advanceAsync(15_000);
    expect((await alertOf(m.id))?.silencedBy).toMatchObject({ comment: 'Engineer visit, some time this morning' });
    expect(attention).toEqual([]);
    await clock.advanceAsync(45 * 60_000);
    expect((await alertOf(m.id))?.silencedBy).toBeNull();
    expect(attention.at(-1)).toMatchObject({ reason: 'unsilenced' });
    core.close();
  });

  it('previews which current alerts a silence would cover before it is saved', async () => {
    const { clock, targets, monitor, ok, site, core } = await setup();
    targets.refuse('10.0.0.5:554');
    await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    const preview = await ok<{ matches: { subjectName: string }[]; nextActiveAt: number | null }>('silences.preview', {
      kind: 'silence',
      comment: 'Checking',
      scope: { kind: 'site', siteId: site.id },
      schedule: { kind: 'once', startsAt: clock.now(), endsAt: clock.now() + 60_000 },
    });
    expect(preview).toEqual({ matches: [expect.objectContaining({ subjectName: 'Recorder' })], nextActiveAt: clock.now() });
    expect(await ok<Silence[]>('silences.list')).toEqual([]);
    core.close();
  });

  it('refuses a silence with a broken schedule, naming the field, and saves nothing', async () => {
    const { call, ok, core } = await setup();
    const envelope = await call('silences.create', {
      kind: 'silence',
      comment: 'x',
      scope: { kind: 'all' },
      schedule: { kind: 'recurring', cron: '0 25 * * *', durationMinutes: 30 },
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [expect.objectContaining({ path: 'schedule.cron' })] },
    });
    expect(await ok<Silence[]>('silences.list')).toEqual([]);
    core.close();
  });
});

describe('rules and storms', () => {
  it('refuses a rule that does not validate with a message per field, and changes nothing', async () => {
    const { call, ok, core } = await setup();
    const before = await ok<Rule[]>('rules.list');
    const envelope = await call('rules.create', {
      name: '',
      condition: { kind: 'latency-above', thresholdMs: 300 },
      severity: 'urgent',
      recovery: { kind: 'latency-below', thresholdMs: 500 },
    } as unknown as RuleInput);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid_input');
    expect(envelope.error.fields?.map((f) => f.path).sort()).toEqual(['name', 'severity']);
    const unknownChannel = await call('rules.create', {
      name: 'Slow',
      condition: { kind: 'latency-above', thresholdMs: 300 },
      severity: 'low',
      channelIds: ['nope'],
    });
    expect(unknownChannel).toMatchObject({ ok: false, error: { fields: [{ path: 'channelIds.0' }] } });
    expect(await ok<Rule[]>('rules.list')).toEqual(before);
    core.close();
  });

  it("turns alerts over a rule's cap into one alert-storm alert and a storm banner", async () => {
    const { clock, targets, monitor, ok, open, snapshot, core } = await setup();
    await ok<Rule>('rules.update', {
      id: 'builtin-monitor-down',
      basedOnVersion: 1,
      rule: { name: 'Monitor down', condition: { kind: 'monitor-down' }, severity: 'critical', maxOpenAlerts: 3 },
    });
    for (let i = 0; i < 6; i += 1) {
      targets.refuse(`10.2.0.${i}:80`);
      await monitor(`Door ${i}`, `10.2.0.${i}:80`, { failuresToDown: 1 });
    }
    await clock.advanceAsync(31_000);
    const alerts = await open();
    expect(alerts.filter((a) => a.ruleId === 'builtin-monitor-down' && !a.subject.startsWith('storm:'))).toHaveLength(3);
    expect(alerts.find((a) => a.subject === 'storm:builtin-monitor-down')?.summary).toBe(
      'Alert storm: "Monitor down" is holding back 3 more alerts (cap 3)',
    );
    expect((await snapshot()).storms).toEqual([expect.objectContaining({ ruleId: 'builtin-monitor-down', held: 3 })]);
    core.close();
  });

  it("sends a rule's notifications to its channels, and the resolution to those that heard of it", async () => {
    const { clock, targets, monitor, ok, notifier, core } = await setup();
    const channel = await ok<Channel>('channels.create', {
      name: 'Duty phone',
      config: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret' },
    });
    await ok<Rule>('rules.update', {
      id: 'builtin-monitor-down',
      basedOnVersion: 1,
      rule: { name: 'Monitor down', condition: { kind: 'monitor-down' }, severity: 'critical', channelIds: [channel.id] },
    });
    targets.refuse('10.0.0.5:554');
    await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    targets.answer('10.0.0.5:554');
    await clock.advanceAsync(10_000);
    expect(notifier.sent.map((s) => [s.channel, s.message.event, s.message.summary])).toEqual([
      ['Duty phone', 'fired', 'Recorder is down: connection refused'],
      ['Duty phone', 'resolved', 'Recorder is down: connection refused'],
    ]);
    const listed = await ok<Channel[]>('channels.list');
    expect(listed[0]?.config).toMatchObject({ kind: 'webhook', secret: '\u2022'.repeat(16) });
    core.close();
  });

  it('tells a pager of the acknowledgement and the resolution by hand; a chat channel hears only of the firing and the resolution', async () => {
    const { clock, targets, monitor, ok, notifier, core, alertOf } = await setup();
    const pager = await ok<Channel>('channels.create', { name: 'On call', config: { kind: 'pagerduty', routingKey: 'routing-key-1' } });
    const chat = await ok<Channel>('channels.create', {
      name: 'Ops chat',
      config: { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
    });
    await ok<Rule>('rules.update', {
      id: 'builtin-monitor-down',
      basedOnVersion: 1,
      rule: { name: 'Monitor down', condition: { kind: 'monitor-down' }, severity: 'critical', channelIds: [pager.id, chat.id] },
    });
    targets.refuse('10.0.0.5:554');
    const m = await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    const alert = (await alertOf(m.id))!;
    await ok('alerts.acknowledge', { id: alert.id, reason: 'genuine' });
    await ok('alerts.resolve', { id: alert.id, reason: 'Cable replaced' });
    expect(notifier.sent.map((s) => [s.channel, s.message.event, s.message.fingerprint])).toEqual([
      ['On call', 'fired', alert.fingerprint],
      ['Ops chat', 'fired', alert.fingerprint],
      ['On call', 'acknowledged', alert.fingerprint],
      ['On call', 'resolved', alert.fingerprint],
      ['Ops chat', 'resolved', alert.fingerprint],
    ]);
    core.close();
  });

  it('raises, repeats and resolves the backup hooks as alerts', async () => {
    const { ok, core, clock } = await setup();
    const subject = { subject: 'backup-job:nightly', name: 'Nightly database backup', siteId: null };
    core.alerting.engine.reportExternal('backup-failed', subject, 'Nightly database backup failed: destination is read-only');
    core.alerting.engine.reportExternal('backup-failed', subject, 'Nightly database backup failed: destination is read-only');
    let alerts = (await ok<AlertSnapshot>('alerts.snapshot')).alerts;
    expect(alerts).toEqual([
      expect.objectContaining({ ruleId: 'builtin-backup-failed', severity: 'high', count: 2, subjectName: 'Nightly database backup' }),
    ]);
    clock.advance(1000);
    core.alerting.engine.clearExternal('backup-failed', subject, 'A backup succeeded');
    alerts = (await ok<AlertSnapshot>('alerts.snapshot')).alerts;
    expect(alerts[0]).toMatchObject({ state: 'resolved', resolution: 'A backup succeeded' });
    core.close();
  });
});

describe('the snapshot a console loads', () => {
  it('answers the first N alerts of the queue, newest first within a severity, and says how many the whole holds', async () => {
    const { clock, targets, monitor, ok, snapshot, core } = await setup();
    for (const host of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      targets.refuse(`${host}:554`);
      await monitor(`Recorder ${host}`, `${host}:554`, { failuresToDown: 1 });
      await clock.advanceAsync(60_000);
    }
    const first = await ok<AlertSnapshot>('alerts.snapshot', { first: 2 });
    expect(first.total).toBe(3);
    expect(first.alerts.map((a) => a.subjectName)).toEqual(['Recorder 10.0.0.3', 'Recorder 10.0.0.2']);
    expect(first.status).toBe('critical');
    const whole = await snapshot();
    expect(whole.total).toBe(3);
    expect(whole.alerts).toHaveLength(3);
    core.close();
  });
});

describe('the snapshot of a person limited to some sites', () => {
  it('answers their own sites first, then the others', async () => {
    const { clock, targets, monitor, ok, core } = await setup();
    const pier = await ok<Site>('sites.create', { name: 'Pier' });
    targets.refuse('10.0.0.1:554');
    const pierRecorder = await monitor('Pier recorder', '10.0.0.1:554', { failuresToDown: 1, siteId: pier.id });
    await clock.advanceAsync(60_000);
    targets.refuse('10.0.0.2:554');
    await monitor('Depot recorder', '10.0.0.2:554', { failuresToDown: 1 });
    await clock.advanceAsync(60_000);
    const firstFor = async (actor: Actor) =>
      ((await core.dispatcher.call('alerts.snapshot', { first: 1 }, { actor })) as { ok: true; value: AlertSnapshot }).value.alerts;
    // Both critical: the newer (the depot's) comes first for someone on every site.
    expect((await firstFor(LOCAL_OPERATOR)).map((a) => a.subjectName)).toEqual(['Depot recorder']);
    const pierOperator: Actor = { ...LOCAL_OPERATOR, role: 'operator', access: 'signed-in', sites: [pierRecorder.siteId] };
    expect((await firstFor(pierOperator)).map((a) => a.subjectName)).toEqual(['Pier recorder']);
    core.close();
  });
});

describe('the console status', () => {
  it('is critical while a critical alert is unacknowledged, a warning once acknowledged, and ok once resolved', async () => {
    const { clock, targets, monitor, ok, snapshot, core } = await setup();
    expect((await snapshot()).status).toBe('ok');
    targets.refuse('10.0.0.5:554');
    await monitor('Recorder', '10.0.0.5:554', { failuresToDown: 1 });
    await clock.advanceAsync(1000);
    const { status, alerts } = await snapshot();
    expect(status).toBe('critical');
    await ok('alerts.acknowledge', { id: alerts[0]!.id, reason: 'genuine' });
    expect((await snapshot()).status).toBe('warning');
    await ok('alerts.resolve', { id: alerts[0]!.id, reason: 'Replaced the power supply' });
    expect((await snapshot()).status).toBe('ok');
    core.close();
  });
});
