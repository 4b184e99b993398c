/**
 * A full disk under the data folder, for real: a small tmpfs (or a loop-mounted file) is the data
 * folder, a filler file takes its last byte, and core must stay up, refuse commands with a plain
 * message, keep answering reads, say so with a critical alert and a banner, and resume by itself
 * once the filler is gone. Needs root to mount; skips with the reason where it cannot.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { smallDiskUnavailable, useSmallDisks, type SmallDisk } from '../../../test/support/small-disk';
import { upStateRow } from '../../../test/support/monitor-state';
import { useTempDirs } from '../../../test/support/temp-dir';
import {
  SEVERITIES,
  methods,
  type Alert,
  type BackupsChanged,
  type CommandName,
  type Envelope,
  type EventMessage,
  type MethodInput,
  type Monitor,
  type Site,
} from '../../shared/contract';
import { createRepositories, openDatabase, type RawResult } from '../db';
import { DISK_FULL_MESSAGE } from '../disk-space';
import { createLogger, LOG_FILE_NAME, type Logger } from '../logging';
import { MAX_UNWRITTEN_RESULTS, ResultWriter } from '../probes';
import { createCore, type Core } from './core';
import { LOCAL_OPERATOR } from '../service';
import { START_RETRY_MS, whenSpaceAllows } from './start-when-space';
import { QUIET_HEALTH_PORTS } from '../../../test/support/core';

const smallDisk = useSmallDisks();
const tempDir = useTempDirs();
const cannotMount = smallDiskUnavailable();
const DISK_BYTES = 8 * 1024 * 1024;
const REFUSED = { ok: false, error: { code: 'unavailable', message: DISK_FULL_MESSAGE } };

function coreOptions(dataDir: string, clock: FakeClock, key: Buffer) {
  const targets = new FakeTargets(clock);
  targets.answer('10.0.0.5:554');
  return {
    dataDir,
    dbKey: key,
    mode: 'serve' as const,
    version: '0.0.0-test',
    clock,
    timers: clock,
    logger: createLogger(dataDir, 'info'),
    runProbe: targets.runner,
    sopFolder: null,
    // The full disk is told by the guard's alert here; the health check's low-space alert is tested on its own.
    healthPorts: QUIET_HEALTH_PORTS,
  };
}

function startCore(dataDir: string, clock: FakeClock, key: Buffer, started?: { core: Core; logger: Logger }) {
  const options = coreOptions(dataDir, clock, key);
  const { core, logger } = started ?? { core: createCore(options), logger: options.logger };
  const events: EventMessage[] = [];
  core.dispatcher.subscribe((message) => events.push(message));
  const call = (method: string, input?: unknown) => core.dispatcher.call(method, input, { actor: LOCAL_OPERATOR });
  const value = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const diskAlert = async () =>
    (await value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.find((alert) => alert.ruleId === 'builtin-disk-full');
  return { core, events, call, value, diskAlert, logger };
}

async function addMonitor(value: ReturnType<typeof startCore>['value']): Promise<Monitor> {
  const site = await value<Site>('sites.create', { name: 'Depot North' });
  return value<Monitor>('monitors.create', {
    siteId: site.id,
    name: 'Recorder',
    probe: { kind: 'tcp', host: '10.0.0.5', port: 554 },
    intervalSeconds: 10,
    timeoutSeconds: 5,
  });
}

/**
 * SQLite rewrites a WAL it has reset in place, without new blocks, so a write may still fit on a
 * full disk. Emptied first (as the checkpointer does once a second), the WAL must grow for the
 * next write, and cannot.
 */
function fillToTheLastByte(core: Core, disk: SmallDisk): void {
  core.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  disk.fill();
}

/** The records a command may name; ids of things that do not exist where none can be made on the spot (an alert, a backup, a task). */
interface Subjects {
  siteId: string;
  monitorId: string;
  ruleId: string;
  silenceId: string;
  channelId: string;
  incidentId: string;
  jobId: string;
  backupDestination: string;
  /** Silence windows start here, so none is over before it begins. */
  now: number;
}

const SOP_YAML = ['slug: gate-camera', 'name: Gate camera dark', 'steps:', '  - id: look', '    title: Look at the gate camera', ''].join(
  '\n',
);

/**
 * A valid input for every command of the contract, so that a refusal is the disk's and not the
 * schema's. Typed over CommandName: a new command does not compile without its entry here (and the
 * guard test below says so at run time too).
 */
function commandInputs(s: Subjects): { [M in CommandName]: MethodInput<M> } {
  const monitor = {
    siteId: s.siteId,
    name: 'Barrier',
    probe: { kind: 'tcp' as const, host: '10.0.0.6', port: 80 },
    intervalSeconds: 10,
    timeoutSeconds: 5,
  };
  const job = { name: 'Nightly', sources: [{ kind: 'database' as const }], destination: s.backupDestination, schedule: '0 2 * * *' };
  return {
    'settings.set': { consoleName: 'Night desk' },
    'sites.create': { name: 'Depot South' },
    'sites.update': { id: s.siteId, site: { name: 'Depot West' } },
    'sites.delete': { id: s.siteId },
    'sites.setMaintenance': { id: s.siteId, maintenance: true },
    'monitors.create': monitor,
    'monitors.update': { id: s.monitorId, monitor: { ...monitor, name: 'Recorder (renamed)' }, basedOnVersion: 1 },
    'monitors.delete': { id: s.monitorId },
    'monitors.pause': { id: s.monitorId },
    'monitors.resume': { id: s.monitorId },
    'monitors.setMaintenance': { id: s.monitorId, maintenance: true },
    'monitors.setManualState': { id: s.monitorId, status: 'down', note: 'Cable cut at the gate' },
    'config.export': { includeSecrets: false },
    'config.import': {
      text: JSON.stringify({ format: 'watchroom-config', version: 1, sites: [{ id: 'imported', name: 'Depot East' }], monitors: [] }),
    },
    'alerts.acknowledge': { id: 'no-such-alert', reason: 'genuine', note: 'Called the guard' },
    'alerts.claim': { id: 'no-such-alert' },
    'alerts.escalate': { id: 'no-such-alert' },
    'alerts.snooze': { id: 'no-such-alert', minutes: 30 },
    'alerts.resolve': { id: 'no-such-alert', reason: 'Fixed on site' },
    'rules.create': { name: 'Late at night', condition: { kind: 'monitor-down' }, severity: 'high' },
    'rules.update': {
      id: s.ruleId,
      rule: { name: 'Late at night', condition: { kind: 'degraded' }, severity: 'medium' },
      basedOnVersion: 1,
    },
    'rules.delete': { id: s.ruleId },
    'escalation.set': { severity: 'critical', escalateAfterMinutes: 5, repeatEveryMinutes: 5, maxLevel: 3, ackTimeoutMinutes: 60 },
    'silences.create': {
      kind: 'silence',
      comment: 'Gate works',
      scope: { kind: 'all' },
      schedule: { kind: 'once', startsAt: s.now, endsAt: s.now + 3_600_000 },
    },
    'silences.update': {
      id: s.silenceId,
      silence: {
        kind: 'maintenance',
        comment: 'Gate works',
        scope: { kind: 'site', siteId: s.siteId },
        schedule: { kind: 'once', startsAt: s.now, endsAt: s.now + 60_000 },
      },
    },
    'silences.delete': { id: s.silenceId },
    'channels.create': {
      name: 'Duty phone',
      config: { kind: 'webhook', url: 'https://example.com/hook', secret: 'a-signing-secret-of-16' },
    },
    'channels.update': {
      id: s.channelId,
      channel: { name: 'Duty pager', config: { kind: 'webhook', url: 'https://example.com/hook', secret: 'a-signing-secret-of-16' } },
    },
    'channels.delete': { id: s.channelId },
    'incidents.create': { title: 'Barrier stuck', priority: 'P2', sopSlug: null },
    'incidents.linkAlerts': { id: s.incidentId, alertIds: ['no-such-alert'] },
    'incidents.setState': { id: s.incidentId, state: 'identified' },
    'incidents.setPriority': { id: s.incidentId, priority: 'P1', reason: 'Wider impact' },
    'incidents.claim': { id: s.incidentId },
    'incidents.requestTakeover': { id: s.incidentId, note: 'I am on site' },
    'incidents.answerTakeover': { id: s.incidentId, accept: false },
    'incidents.overrideTakeover': { id: s.incidentId, reason: 'Owner went home' },
    'incidents.handOver': { id: s.incidentId, toId: 'user-dana' },
    'incidents.checkStep': { id: s.incidentId, stepId: 'look' },
    'incidents.skipStep': { id: s.incidentId, stepId: 'look', reason: 'Camera is on the other feed' },
    'incidents.reopenStep': { id: s.incidentId, stepId: 'look', reason: 'Look again' },
    'incidents.addNote': { id: s.incidentId, note: 'Guard is on the way' },
    'incidents.postUpdate': { id: s.incidentId, template: 'progress', whatHappened: 'The barrier is stuck open' },
    'incidents.resolve': { id: s.incidentId, resolution: 'Barrier reset' },
    'incidents.setReview': { id: s.incidentId, review: { summary: 'The barrier stuck open for an hour' } },
    'sops.save': {
      slug: 'gate-camera',
      name: 'Gate camera dark',
      steps: [{ id: 'look', title: 'Look at the gate camera' }],
      basedOnVersion: null,
    },
    'sops.import': { fileName: 'gate-camera.yaml', text: SOP_YAML },
    'backups.createJob': { ...job, name: 'Weekly', passphrase: 'correct horse battery staple' },
    'backups.updateJob': { id: s.jobId, job: { ...job, compressionLevel: 5 } },
    'backups.deleteJob': { jobId: s.jobId },
    'backups.runNow': { jobId: s.jobId },
    'backups.cancel': { taskId: 'no-such-task' },
    'backups.verify': { backupId: 'no-such-backup' },
    'backups.applyRetention': { jobId: s.jobId },
    'backups.restore': { backupId: 'no-such-backup', target: { kind: 'folder', path: join(s.backupDestination, 'restored') } },
    'auth.setup': { username: 'first-admin', displayName: 'First admin', password: 'a long first passphrase' },
    'auth.signIn': { username: 'nobody', password: 'not the password' },
    'auth.signOut': {},
    'auth.lock': {},
    'auth.changePassword': { current: 'not the password', next: 'a long new passphrase' },
    'auth.totpBegin': {},
    'auth.totpConfirm': { code: '123456' },
    'auth.stepUp': { username: 'nobody', password: 'not the password', method: 'alerts.claim', input: { id: 'no-such-alert' } },
    'users.create': { username: 'night.op', displayName: 'Night operator', role: 'operator', password: 'a long first passphrase' },
    'users.update': { id: 'no-such-user', displayName: 'Renamed' },
    'users.deactivate': { id: 'no-such-user' },
    'users.reactivate': { id: 'no-such-user' },
    'users.resetPassword': { id: 'no-such-user', password: 'a long new passphrase' },
    'users.unlock': { id: 'no-such-user' },
    'users.resetTotp': { id: 'no-such-user' },
    'sessions.end': { id: 'no-such-session' },
    'devices.pair': { name: 'Wall display' },
    'backend.useHub': {
      address: 'https://127.0.0.1:4790',
      fingerprint: Array.from({ length: 32 }, () => 'AB').join(':'),
      seatId: 'seat-1',
      credential: 'seat credential',
    },
    'backend.useEmbedded': undefined,
    'seats.register': { name: 'Desk 3' },
    'seats.revoke': { seatId: 'no-such-seat' },
    'outbox.redo': { id: '00000000-0000-4000-8000-000000000000' },
    'outbox.drop': { id: '00000000-0000-4000-8000-000000000000' },
    'backups.verifyFile': { file: join(s.backupDestination, 'lost-console.wrbk'), passphrase: 'correct horse battery staple' },
    'backups.restoreFile': {
      file: join(s.backupDestination, 'lost-console.wrbk'),
      passphrase: 'correct horse battery staple',
      target: { kind: 'folder', path: join(s.backupDestination, 'restored') },
    },
    'backups.rotateKey': { jobId: s.jobId, passphrase: 'a brand new passphrase for the job' },
    // Shift handover (issue 15): refused by the disk before any handover needs to exist.
    'handovers.start': undefined,
    'handovers.setNotes': { id: 'no-such-handover', generalNote: 'Quiet night' },
    'handovers.handOver': { id: 'no-such-handover' },
    'handovers.accept': { id: 'no-such-handover', itemId: 'nothing-open' },
    'handovers.ask': { id: 'no-such-handover', itemId: 'nothing-open', question: 'Anything else?' },
    'handovers.answer': { id: 'no-such-handover', itemId: 'nothing-open', answer: 'No' },
    'handovers.setShifts': { boundaries: ['07:00', '19:00'] },
    'audit.export': { from: 0, to: s.now, format: 'csv' },
    // Routing (issue 16)
    'routing.set': {
      routes: SEVERITIES.map((severity) => ({ severity, destinations: severity === 'critical' ? ['sound' as const] : [] })),
      pagerScheduleId: null,
    },
    'routing.setLevels': {
      severity: 'high',
      levels: [{ label: 'Night channel', target: { kind: 'channel', channelId: s.channelId }, minutesToNext: null }],
    },
    'oncall.save': {
      name: 'Supervisors',
      people: ['no-such-user'],
      handoffWeekday: 1,
      handoffTime: '08:00',
      rotationWeeks: 1,
      startsOn: '2026-11-23',
    },
    'oncall.delete': { id: 'no-such-schedule' },
    'oncall.setContact': { userId: 'no-such-user', channelId: null },
    'watcher.configure': { heartbeat: { url: 'https://hc-ping.example/check', method: 'GET' }, aliveSummary: null },
    'monitors.restore': { id: s.monitorId },
    'monitors.purge': { id: s.monitorId },
  };
}

const contractCommands = () => Object.entries(methods).flatMap(([name, spec]) => (spec.kind === 'command' ? [name] : []));

/** Makes one of each thing the commands act on, before the disk fills. */
async function makeSubjects(value: ReturnType<typeof startCore>['value'], clock: FakeClock, backupDestination: string): Promise<Subjects> {
  const monitor = await addMonitor(value);
  const { id: ruleId } = await value<{ id: string }>('rules.create', {
    name: 'Night shift',
    condition: { kind: 'monitor-down' },
    severity: 'high',
  });
  const { id: silenceId } = await value<{ id: string }>('silences.create', {
    kind: 'silence',
    comment: 'Camera swap',
    scope: { kind: 'monitor', monitorId: monitor.id },
    schedule: { kind: 'once', startsAt: clock.now(), endsAt: clock.now() + 60_000 },
  });
  const { id: channelId } = await value<{ id: string }>('channels.create', {
    name: 'Duty phone',
    config: { kind: 'webhook', url: 'https://example.com/hook', secret: 'a-signing-secret-of-16' },
  });
  await value('sops.import', { fileName: 'gate-camera.yaml', text: SOP_YAML });
  const { id: incidentId } = await value<{ id: string }>('incidents.create', {
    title: 'Gate camera dark',
    priority: 'P2',
    sopSlug: 'gate-camera',
  });
  const { id: jobId } = await value<{ id: string }>('backups.createJob', {
    name: 'Nightly',
    sources: [{ kind: 'database' }],
    destination: backupDestination,
    schedule: '0 2 * * *',
    passphrase: 'correct horse battery staple',
  });
  return {
    siteId: monitor.siteId,
    monitorId: monitor.id,
    ruleId,
    silenceId,
    channelId,
    incidentId,
    jobId,
    backupDestination,
    now: clock.now(),
  };
}

const logLines = (dataDir: string) =>
  readFileSync(join(dataDir, LOG_FILE_NAME), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; dropped?: number });

describe('the full-disk test of every command', () => {
  it('has a valid input for every command of the contract, and for nothing else', () => {
    const inputs = commandInputs({
      siteId: 'site',
      monitorId: 'monitor',
      ruleId: 'rule',
      silenceId: 'silence',
      channelId: 'channel',
      incidentId: 'incident',
      jobId: 'job',
      backupDestination: '/var/backups/watchroom',
      now: 0,
    });
    // A command added to the contract fails here until the full-disk test below covers it.
    expect(Object.keys(inputs).sort()).toEqual(contractCommands().sort());
    for (const [method, input] of Object.entries(inputs)) {
      expect(methods[method as CommandName].input.safeParse(input).error?.issues, method).toBeUndefined();
    }
  });
});

describe.skipIf(cannotMount !== null)(`a full disk under the data folder${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  it('refuses commands with a plain message, keeps reads, raises a critical alert and a banner, and resumes by itself', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const { core, events, call, value, diskAlert, logger } = startCore(disk.dir, clock, randomBytes(32));
    core.start();
    const monitor = await addMonitor(value);
    await clock.advanceAsync(2_000);

    fillToTheLastByte(core, disk);
    // The first write that fails (here the command's own transaction) is how core learns of it.
    expect(await call('settings.set', { consoleName: 'Night desk' })).toEqual(REFUSED);
    // A command refused for another reason must not crash core either: its audit entry cannot be written.
    expect(await call('monitors.pause', { id: 'no-such-monitor' })).toEqual(REFUSED);
    expect(await call('monitors.pause', { id: monitor.id })).toEqual(REFUSED);

    // Reads keep working, with what was there before.
    expect(await value('settings.get')).toMatchObject({ consoleName: 'Control room' });
    expect(await value<{ monitors: unknown[] }>('board.snapshot')).toMatchObject({
      monitors: [expect.objectContaining({ id: monitor.id })],
    });
    const info = await value<{ notices: { id: string; level: string }[] }>('app.info');
    expect(info.notices).toEqual([expect.objectContaining({ id: 'disk-full', level: 'critical' })]);
    expect(await diskAlert()).toMatchObject({ severity: 'critical', state: 'firing', summary: expect.stringContaining(DISK_FULL_MESSAGE) });
    // The banner and the alarm reach every console as events.
    expect(events).toEqual(
      expect.arrayContaining([
        {
          event: 'app.notice',
          payload: expect.objectContaining({ id: 'disk-full', level: 'critical', detail: expect.stringContaining(DISK_FULL_MESSAGE) }),
        },
        { event: 'alert.attention', payload: expect.objectContaining({ severity: 'critical', reason: 'fired' }) },
      ]),
    );

    // A minute of probes, alert ticks and log lines on a full disk: core stays up.
    disk.fill();
    await clock.advanceAsync(60_000);
    // More than the few KB left in the log file's last block: these lines are dropped, not thrown.
    for (let i = 0; i < 200; i += 1) expect(() => logger.info({ i, filler: 'x'.repeat(200) }, 'a line on a full disk')).not.toThrow();
    expect(await call('app.health')).toMatchObject({ ok: true });
    expect(core.monitoring.writer.backlog().results).toBeGreaterThan(0);

    disk.free();
    await clock.advanceAsync(6_000);
    expect(events).toContainEqual({ event: 'app.notice.withdrawn', payload: { id: 'disk-full' } });
    expect(await value('settings.set', { consoleName: 'Night desk' })).toMatchObject({ consoleName: 'Night desk' });
    expect(await value<{ notices: unknown[] }>('app.info')).toMatchObject({ notices: [] });
    expect(await diskAlert()).toMatchObject({ state: 'resolved' });
    expect(core.monitoring.writer.backlog().results).toBe(0);
    // The logger dropped what it could not write and says how much once it can.
    const lines = logLines(disk.dir);
    expect(lines.find((line) => line.msg.startsWith('log lines were dropped'))?.dropped).toBeGreaterThan(0);
    expect(lines.map((line) => line.msg)).toContain('space is back on the disk holding the data folder: commands are accepted again');
    core.close();
  });

  it('waits for space at start instead of exiting into a restart loop, says why once, and starts by itself once space is freed', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const key = randomBytes(32);
    const first = startCore(disk.dir, clock, key);
    first.core.start();
    const monitor = await addMonitor(first.value);
    first.core.close();

    disk.fill();
    // Before this fix the logger threw ENOSPC here and core exited, again at every restart.
    // Opening needs room for the WAL index, so core cannot start yet: it says so once and waits.
    const said: string[] = [];
    let started: Core | null = null;
    const options = coreOptions(disk.dir, clock, key);
    void whenSpaceAllows(
      disk.dir,
      () => createCore(options),
      clock,
      (message) => said.push(message),
    ).then((core) => (started = core));
    await clock.advanceAsync(3 * START_RETRY_MS);
    expect(started).toBeNull();
    expect(said).toEqual([expect.stringContaining(DISK_FULL_MESSAGE)]);

    disk.free();
    await clock.advanceAsync(START_RETRY_MS);
    expect(started).not.toBeNull();
    const { core, value } = startCore(disk.dir, clock, key, { core: started!, logger: options.logger });
    core.start();
    expect(await value('monitors.pause', { id: monitor.id })).toMatchObject({ paused: true });
    core.close();
  });

  it('never lets dispatcher.call reject, for any command, when the disk fills under it', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const { core, call, value } = startCore(disk.dir, clock, randomBytes(32));
    core.start();
    const monitor = await addMonitor(value);
    const candidates = [
      {},
      { id: 'missing' },
      { id: monitor.id },
      { jobId: 'missing' },
      { taskId: 'missing' },
      { backupId: 'missing' },
      { incidentId: 'missing' },
      { alertId: 'missing' },
      { consoleName: 'Night desk' },
      { name: 'Depot South' },
      { severity: 'critical', escalateAfterMinutes: 5, repeatEveryMinutes: 5, maxLevel: 3, ackTimeoutMinutes: 60 },
      { id: monitor.id, maintenance: true },
      { id: monitor.id, status: 'down', note: 'Cable cut at the gate' },
      { id: 'missing', reason: 'Fixed on site' },
      { id: 'missing', minutes: 30 },
      { id: 'missing', note: 'Called the guard' },
      { id: 'missing', accept: true },
      { id: 'missing', to: 'Dana' },
      { id: 'missing', priority: 'P2', reason: 'Wider impact' },
      { id: 'missing', state: 'investigating' },
      { id: 'missing', alertIds: ['missing'] },
      { title: 'Gate camera dark', priority: 'P2', sopSlug: null },
      { text: '{}' },
      { fileName: 'gate.yaml', text: 'slug: gate' },
      {
        siteId: monitor.siteId,
        name: 'Barrier',
        probe: { kind: 'tcp', host: '10.0.0.6', port: 80 },
        intervalSeconds: 10,
        timeoutSeconds: 5,
      },
      { id: monitor.siteId, site: { name: 'Depot West' } },
      { name: 'Late at night', condition: { kind: 'monitor-down' }, severity: 'high' },
    ];
    const commands = Object.entries(methods).flatMap(([name, spec]) => (spec.kind === 'command' ? [name] : []));
    const attemptedMethods: string[] = [];
    let reachedAWrite = 0;
    for (const method of commands) {
      for (const input of candidates.filter((candidate) => methods[method as keyof typeof methods].input.safeParse(candidate).success)) {
        // Full again for every call, and the console back to "not full", so each call meets the real failing write.
        fillToTheLastByte(core, disk);
        attemptedMethods.push(method);
        const envelope: Envelope = await call(method, input);
        expect(typeof envelope.ok, `${method} ${JSON.stringify(input)}`).toBe('boolean');
        if (!envelope.ok && envelope.error.code === 'unavailable') reachedAWrite += 1;
        disk.free();
        await clock.advanceAsync(6_000);
      }
    }
    expect(commands.length).toBeGreaterThan(40);
    // 37 of the 54 commands take one of these inputs; the rest need a whole valid object of their own.
    expect(new Set(attemptedMethods).size).toBeGreaterThanOrEqual(35);
    // Every command the schema let through writes (its change or its refusal, audited): each met the full disk.
    expect(reachedAWrite).toBe(attemptedMethods.length);
    core.close();
  }, 120_000);

  it('refuses every command of the contract with the disk-full message, never a throw, and keeps answering', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const { core, call, value } = startCore(disk.dir, clock, randomBytes(32));
    core.start();
    const inputs = Object.entries(commandInputs(await makeSubjects(value, clock, tempDir())));
    expect(inputs).toHaveLength(contractCommands().length);
    const outcomes: Record<string, unknown> = {};
    for (const [method, input] of inputs) {
      // Full again for every call, with the console back to "not full", so each command meets its own failing write.
      fillToTheLastByte(core, disk);
      // A rejected promise or a throw fails the test here, naming the command.
      outcomes[method] = await call(method, input).catch((error: unknown) => ({ rejected: String(error) }));
      expect(await call('app.health'), `core answers after ${method}`).toMatchObject({ ok: true });
      disk.free();
      await clock.advanceAsync(6_000);
    }
    expect(outcomes).toEqual(Object.fromEntries(inputs.map(([method]) => [method, REFUSED])));
    core.close();
  }, 120_000);

  it('answers queries with what was there while the disk is full', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const { core, call, value, diskAlert } = startCore(disk.dir, clock, randomBytes(32));
    core.start();
    const subjects = await makeSubjects(value, clock, tempDir());
    fillToTheLastByte(core, disk);
    expect(await call('monitors.pause', { id: subjects.monitorId })).toEqual(REFUSED);
    await clock.advanceAsync(10_000);

    expect(await value('board.snapshot')).toMatchObject({ monitors: [expect.objectContaining({ id: subjects.monitorId })] });
    expect(await diskAlert()).toMatchObject({ severity: 'critical', state: 'firing' });
    expect(await value('audit.list', { action: 'backups.createJob' })).toMatchObject({
      entries: [expect.objectContaining({ action: 'backups.createJob' })],
    });
    expect(await value('backups.overview')).toMatchObject({ jobs: [expect.objectContaining({ id: subjects.jobId, name: 'Nightly' })] });
    core.close();
  });

  it('reports a backup that cannot be recorded on the full data disk as failed, with its alert, and stays up', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const { core, events, call, value } = startCore(disk.dir, clock, randomBytes(32));
    core.start();
    const job = await value<{ id: string }>('backups.createJob', {
      name: 'Nightly',
      sources: [{ kind: 'database' }],
      destination: tempDir(),
      schedule: '0 2 * * *',
      passphrase: 'correct horse battery staple',
    });
    const ended = new Promise<BackupsChanged['ended']>((resolve) =>
      core.dispatcher.subscribe(
        (message) => message.event === 'backups.changed' && message.payload.ended && resolve(message.payload.ended),
      ),
    );
    await value('backups.runNow', { jobId: job.id });
    // The destination has room; the data folder, where the backup is recorded, has none.
    fillToTheLastByte(core, disk);
    expect(await ended).toMatchObject({ kind: 'backup', ok: false });
    const alerts = (await value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.filter((alert) => alert.state !== 'resolved');
    expect(alerts.map((alert) => alert.ruleId)).toEqual(expect.arrayContaining(['builtin-backup-failed', 'builtin-disk-full']));
    expect(events).toContainEqual({ event: 'app.notice', payload: expect.objectContaining({ id: 'disk-full' }) });
    expect(await call('app.health')).toMatchObject({ ok: true });
    core.close();
  });

  it('keeps the probe writer alive with a bounded backlog, dropping and counting the oldest, and writes the rest once space is back', async () => {
    const disk = smallDisk(DISK_BYTES);
    const clock = new FakeClock();
    const store = openDatabase(join(disk.dir, 'w.db'), randomBytes(32));
    const repos = createRepositories(store);
    repos.transaction(() => {
      repos.monitoring.insertSite({ id: 's', name: 'Site', address: null, tags: [], maintenance: false, createdAt: 0, updatedAt: 0 });
      repos.monitoring.insertMonitor({
        id: 'm1',
        siteId: 's',
        name: 'M1',
        kind: 'tcp',
        probe: { kind: 'tcp', host: 'h', port: 1 },
        intervalSeconds: 30,
        timeoutSeconds: 10,
        failuresToDown: 2,
        successesToUp: 1,
        warnLatencyMs: 500,
        critLatencyMs: 2000,
        parentId: null,
        role: 'normal',
        tags: [],
        paused: false,
        maintenance: false,
        heartbeatToken: null,
        createdAt: 0,
        updatedAt: 0,
      });
    });
    const failures: unknown[] = [];
    const writer = new ResultWriter(repos, clock, clock, undefined, undefined, (error) => failures.push(error));
    const result = (i: number): RawResult => ({ monitorId: 'm1', at: clock.now() + i, ok: true, latencyMs: 5, error: null });
    disk.fill();
    const extra = 5_000;
    expect(() => {
      for (let i = 0; i < MAX_UNWRITTEN_RESULTS + extra; i += 1) writer.push(result(i), upStateRow('m1'), null);
      clock.advance(10_000);
    }).not.toThrow();
    expect(failures.length).toBeGreaterThan(0);
    expect(writer.backlog()).toMatchObject({ results: MAX_UNWRITTEN_RESULTS, droppedResults: extra });
    disk.free();
    clock.advance(10_000);
    expect(writer.backlog().results).toBe(0);
    expect(repos.monitoring.resultsAfter(0, MAX_UNWRITTEN_RESULTS * 2)).toHaveLength(MAX_UNWRITTEN_RESULTS);
    writer.close();
    store.close();
  });
});
