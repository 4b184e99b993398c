import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { DEFAULT_SETTINGS, type Alert, type Channel, type EventMessage, type NotificationOutcome } from '../../shared/contract';
import { createRepositories, openDatabase } from '../db';
import { createSilentLogger } from '../logging';
import { LOCAL_OPERATOR, identityFromSettings, type CommandOutcome } from '../service';
import { createAlerting, type NotificationMessage, type Notifier } from './index';

const tempDir = useTempDirs();

class RecordingNotifier implements Notifier {
  readonly sent: NotificationMessage[] = [];
  send(_channel: Channel, message: NotificationMessage): void {
    this.sent.push(message);
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

const JOB = { subject: 'backup-job:nightly', name: 'Nightly', siteId: null };

/** Alerting on a real database, whose alert writes fail while `failWrites` says so (an I/O error, not a full disk). */
function setup() {
  const clock = new FakeClock();
  const store = openDatabase(join(tempDir(), 'watchroom.db'), randomBytes(32));
  const repos = createRepositories(store);
  const events: EventMessage[] = [];
  const notifier = new RecordingNotifier();
  const writeErrors: unknown[] = [];
  const settings = () => DEFAULT_SETTINGS;
  const alerting = createAlerting({
    repos,
    clock,
    timers: clock,
    logger: createSilentLogger(),
    emit: (message) => events.push(message),
    settings,
    identity: identityFromSettings(settings),
    facts: { stateOf: () => undefined, isFlapping: () => false },
    notifier,
    writeFailed: (error) => {
      writeErrors.push(error);
      return false;
    },
  });
  const now = clock.now();
  repos.alerts.insertChannel({
    id: 'duty-phone',
    name: 'Duty phone',
    enabled: true,
    config: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret', timeoutSeconds: 10, headers: {} },
    ratePerMinute: 10,
    createdAt: now,
    updatedAt: now,
  });
  alerting.start();
  repos.alerts.updateRule('builtin-backup-failed', { routing: 'channels', channelIds: ['duty-phone'], updatedAt: now });
  alerting.engine.configChanged();
  const saveAlert = repos.alerts.saveAlert.bind(repos.alerts);
  const failing = { writes: false };
  repos.alerts.saveAlert = (row) => {
    if (failing.writes) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    saveAlert(row);
  };
  const pushedAlerts = () =>
    events.flatMap((message) => (message.event === 'alerts.changed' ? message.payload.alerts.map((alert) => alert.summary) : []));
  const attention = () => events.filter((message) => message.event === 'alert.attention');
  const stored = () => repos.alerts.listAlerts(0).map((row) => row.summary);
  return {
    clock,
    alerting,
    repos,
    notifier,
    failing,
    writeErrors,
    events,
    pushedAlerts,
    attention,
    stored,
    close: () => store.sqlite.close(),
  };
}

describe('an alert write that fails', () => {
  it('tells no console and no channel of an alert that was not stored, and tells them once a write works', async () => {
    const { clock, alerting, notifier, failing, writeErrors, events, pushedAlerts, attention, stored, close } = setup();
    events.length = 0;
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    expect(writeErrors).toHaveLength(1);
    expect(stored()).toEqual([]);
    expect(pushedAlerts()).toEqual([]);
    expect(attention()).toEqual([]);
    expect(notifier.sent).toEqual([]);

    // Still failing on the next tick: still nothing goes out.
    await clock.advanceAsync(1000);
    expect(writeErrors.length).toBeGreaterThan(1);
    expect(pushedAlerts()).toEqual([]);

    // The next tick's write works: the alert is stored, then pushed, rung and sent, once.
    failing.writes = false;
    await clock.advanceAsync(1000);
    expect(stored()).toEqual(['Nightly failed: destination unreachable']);
    expect(pushedAlerts()).toEqual(['Nightly failed: destination unreachable']);
    expect(attention()).toEqual([
      {
        event: 'alert.attention',
        payload: expect.objectContaining({ severity: 'high', reason: 'fired', body: 'Nightly failed: destination unreachable' }),
      },
    ]);
    expect(notifier.sent).toEqual([expect.objectContaining({ event: 'fired', summary: 'Nightly failed: destination unreachable' })]);
    await clock.advanceAsync(5000);
    expect(pushedAlerts()).toHaveLength(1);
    alerting.stop();
    close();
  });

  it('pushes an alert held back by a failed write once, as stored with the repeat that followed', async () => {
    const { clock, alerting, failing, pushedAlerts, stored, events, close } = setup();
    events.length = 0;
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    failing.writes = false;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed again: destination unreachable');
    expect(stored()).toEqual(['Nightly failed again: destination unreachable']);
    // One alert, pushed once, as it is stored: the first version was never seen by anyone.
    expect(pushedAlerts()).toEqual(['Nightly failed again: destination unreachable']);
    expect(events.filter((message) => message.event === 'alerts.changed')).toHaveLength(1);
    await clock.advanceAsync(1000);
    expect(pushedAlerts()).toHaveLength(1);
    alerting.stop();
    close();
  });

  it('does not ring or page "fired" after an operator resolved the alert a failed write held back', async () => {
    const { clock, alerting, repos, notifier, failing, attention, stored, close } = setup();
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    // A console that connects meanwhile reads the open alert from memory, and the operator resolves it.
    const [held] = alerting.engine.snapshot(0).alerts;
    failing.writes = false;
    const outcome = repos.transaction(
      () =>
        alerting.handlers['alerts.resolve'](
          { id: held!.id, reason: 'Destination back, ran by hand' },
          { actor: LOCAL_OPERATOR },
        ) as CommandOutcome<Alert>,
    );
    outcome.afterCommit?.();
    await clock.advanceAsync(5000);
    expect(stored()).toEqual(['Nightly failed: destination unreachable']);
    // No alarm for an alert the operator already answered; the duty phone hears "fired" before "resolved", never after.
    expect(attention()).toEqual([]);
    expect(notifier.sent.map((message) => message.event)).toEqual(['fired', 'resolved']);
    alerting.stop();
    close();
  });

  it('does not ring for an alert held back by a failed write that resolved before a write worked', async () => {
    const { clock, alerting, notifier, failing, attention, pushedAlerts, close } = setup();
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    // The next backup works while writes still fail; then a write works.
    alerting.engine.clearExternal('backup-failed', JOB, 'Nightly succeeded');
    failing.writes = false;
    await clock.advanceAsync(1000);
    expect(pushedAlerts()).toEqual(['Nightly failed: destination unreachable']);
    // No alarm for what is already over; the channel still hears both, in order.
    expect(attention()).toEqual([]);
    expect(notifier.sent.map((message) => message.event)).toEqual(['fired', 'resolved']);
    alerting.stop();
    close();
  });

  it('refuses a command on an alert whose resolution a failed write held back with who resolved it and why', () => {
    const { alerting, failing, close } = setup();
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    const [held] = alerting.engine.snapshot(0).alerts;
    alerting.engine.clearExternal('backup-failed', JOB, 'Nightly succeeded');
    expect(() => alerting.handlers['alerts.acknowledge']({ id: held!.id, reason: 'genuine', note: '' }, { actor: LOCAL_OPERATOR })).toThrow(
      /^Alert already resolved automatically at .+: Nightly succeeded$/,
    );
    alerting.stop();
    close();
  });

  it('shows an alert that fired and resolved while writes failed, instead of saying there is no such alert', () => {
    const { alerting, failing, close } = setup();
    failing.writes = true;
    alerting.engine.reportExternal('backup-failed', JOB, 'Nightly failed: destination unreachable');
    const [held] = alerting.engine.snapshot(0).alerts;
    alerting.engine.clearExternal('backup-failed', JOB, 'Nightly succeeded');
    const detail = alerting.handlers['alerts.get']({ id: held!.id }, { actor: LOCAL_OPERATOR }) as { alert: Alert };
    expect(detail.alert).toMatchObject({ state: 'resolved', resolution: 'Nightly succeeded' });
    alerting.stop();
    close();
  });
});
