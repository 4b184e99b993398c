import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { events, isEventName, type AppHealth, type AppInfo, type BackendLink, type Incident, type Notice } from '../../shared/contract';
import type { EventMessage } from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import { createAlerting, sendPlainEmail, type Alerting, type ExternalSubject, type Notifier } from '../alerts';
import {
  AUDIT_ARCHIVE_FOLDER,
  createAuditLog,
  deriveChainKey,
  mergeAnchorSets,
  readLogAnchors,
  startAnchoring,
  type AuditAppend,
} from '../audit';
import {
  createRepositories,
  moveDatabaseAside,
  openDatabase,
  openLocalCache,
  startCheckpointer,
  WrongKeyError,
  type OpenedDatabase,
  type OpenedLocalCache,
  type SetAside,
} from '../db';
import { applyPendingRestore, createBackups, readBackupAnchors } from '../backups';
import { createDiskGuard, DISK_FULL_MESSAGE, type DiskGuard } from '../disk-space';
import {
  createConsoleMetrics,
  createHealthChecks,
  createHealthMonitor,
  createOpsRoute,
  measuredEventLoopDelay,
  type DiskSpace,
  type EventLoopDelay,
  type MemoryUse,
} from '../health';
import { createHubLink, type HubLink } from '../hub-link';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandovers, type HandoverSources } from '../handovers';
import { createIncidents } from '../incidents';
import { LOG_FILE_NAME, type Logger } from '../logging';
import { createMonitoring, RollupCountingBehindError, type Monitoring, type ProbeRunner } from '../probes';
import { forgetFeedHistory, removeChangeFeedTriggers } from '../replication';
import { createOfflineSignIn, createPeople, PASSWORD_PARAMETERS, securitySummary, type People, type PasswordParameters } from '../people';
import { createOutboxStore, createReplica } from '../replication';
import { createReports, type ReportMailer } from '../reports';
import { createSeats, type SeatPresence, type Seats } from '../seats';
import { createSettingsStore } from '../settings';
import { createDispatcher, identityFromSettings, LOCAL_OPERATOR, type CapabilityContext, type Dispatcher } from '../service';
import { createBackend, savedBackend, type HubConnection } from './backend-handlers';
import { createFoundationHandlers } from './foundation-handlers';
import { createHubConsole } from './hub-console';
import { createOutboxHandlers } from './outbox-handlers';
import { createDataRetention } from './retention';

export const DATABASE_FILE_NAME = 'watchroom.db';
/** A console connected to a hub works on this file instead: the hub's data, encrypted with the same key, same schema. */
export const REPLICA_FILE_NAME = 'replica.db';

export interface CoreOptions {
  dataDir: string;
  dbKey: Buffer;
  mode: AppInfo['mode'];
  version: string;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The real probe kinds unless a test supplies its own runner. */
  runProbe?: ProbeRunner;
  /** Set when the key store lost the previous key: the old cache is set aside and a fresh one started. */
  keyUnavailableReason?: string | null;
  /** The real webhook and e-mail senders unless a test supplies its own. */
  notifier?: Notifier;
  migrationsFolder?: string;
  /** The shipped SOP templates (resources/sops) to seed; none when absent. */
  sopFolder?: string | null;
  /** argon2id parameters for new password hashes; the tuned ones unless a test supplies cheaper ones. */
  passwordParameters?: PasswordParameters;
  /** A hub for this run (serve mode's --hub flags), over the choice saved in Settings. */
  hub?: HubConnection | null;
  /** Run as a hub: who is connected with each seat (the hub's transport tracks it); without one, no seat is online. */
  seatPresence?: SeatPresence;
  /**
   * What the health checks measure the machine with (free disk, memory, event-loop delay): the real
   * ones unless a test supplies its own, so a busy test machine does not raise health alerts in tests about something else.
   */
  healthPorts?: { diskSpace?: DiskSpace; memory?: MemoryUse; eventLoop?: EventLoopDelay };
  /** The real SMTP sender for the monthly review unless a test supplies its own. */
  reportMailer?: ReportMailer;
}

export interface Core {
  dispatcher: Dispatcher;
  store: OpenedDatabase;
  monitoring: Monitoring;
  alerting: Alerting;
  /** Users and sessions: transports turn a connection's session token into its actor with `people.actorFor`. */
  people: People;
  /** The consoles registered with this hub: the hub's transport authenticates connections with it. */
  seats: Seats;
  /** Appends an audit entry that no contract call made (serve mode's refused requests), and tells every console. */
  recordAudit(entry: AuditAppend): void;
  /** `/healthz`, `/readyz` and `/metrics` for serve mode's and the hub's HTTP servers; true when it answered. */
  opsRoute(request: IncomingMessage, response: ServerResponse): boolean;
  /** Starts probing (or, connected to a hub, the link to it); separate from creation so a host can listen first. */
  start(): void;
  close(): void;
}

function noticeFor(setAside: SetAside, at: number): Notice {
  const why =
    setAside.reason === 'damaged'
      ? `The local database could not be read: ${setAside.detail}`
      : `The key of the local database could not be recovered: ${setAside.detail}`;
  return {
    id: randomUUID(),
    level: 'warning',
    at,
    title: 'Started with a fresh local cache',
    detail: `${why} The old file was kept at ${setAside.movedTo}. Data from the backend and from backups is unaffected; restore a backup if this console held data nowhere else.`,
  };
}

const EMBEDDED: BackendLink = { state: 'embedded' };
const DISK_FULL_NOTICE_ID = 'disk-full';
const NO_SEAT_ONLINE: SeatPresence = { of: () => ({ online: false, signedIn: [] }) };
const HOUR_MS = 3_600_000;
/** How long the monthly review's e-mail may take before it is given up and tried again later. */
const REPORT_MAIL_TIMEOUT_MS = 120_000;
const smtpReportMailer: ReportMailer = (config, mail) => sendPlainEmail(config, mail, AbortSignal.timeout(REPORT_MAIL_TIMEOUT_MS));
const DATA_DISK: ExternalSubject = { subject: 'console:data-disk', name: "The console's data folder", siteId: null };

/**
 * A full disk under the data folder: a critical alert (kept in memory while it cannot be written)
 * and a banner on every console, both gone by themselves once a probe write shows space is back.
 */
function watchDiskSpace(
  options: CoreOptions,
  alerting: Alerting,
  monitoring: Monitoring,
  notices: Notice[],
  emit: (message: EventMessage) => void,
  /** A console on a hub shows its full disk but raises no alert: its alerts are the hub's, and its replica takes only what the hub wrote. */
  raiseAlert: boolean,
): DiskGuard {
  const { clock, logger } = options;
  return createDiskGuard({
    dataDir: options.dataDir,
    clock,
    timers: options.timers,
    logger,
    onFull(since) {
      const notice: Notice = {
        id: DISK_FULL_NOTICE_ID,
        level: 'critical',
        at: since,
        title: "The disk holding the console's data is full",
        detail: `${DISK_FULL_MESSAGE}. Until then nothing can be saved: commands are refused, while the board, alerts and history can still be read. Data folder: ${options.dataDir}`,
      };
      notices.push(notice);
      emit({ event: 'app.notice', payload: notice });
      if (raiseAlert) alerting.engine.reportExternal('disk-full', DATA_DISK, `${DISK_FULL_MESSAGE} (${options.dataDir})`);
    },
    onRecovered() {
      const at = notices.findIndex((notice) => notice.id === DISK_FULL_NOTICE_ID);
      if (at >= 0) notices.splice(at, 1);
      emit({ event: 'app.notice.withdrawn', payload: { id: DISK_FULL_NOTICE_ID } });
      if (raiseAlert) alerting.engine.clearExternal('disk-full', DATA_DISK, 'Space is back on the disk holding the data folder');
      const backlog = monitoring.writer.backlog();
      if (backlog.droppedResults > 0 || backlog.droppedChanges > 0)
        logger.warn(backlog, 'probe results were dropped while the disk was full');
    },
  });
}

/**
 * The replica is only a copy of the hub's data: unlike the local database, even one that does not
 * open with this key is set aside (kept, never deleted) and taken again from the hub.
 */
function openReplicaFile(path: string, key: Buffer, now: Date, options: Parameters<typeof openLocalCache>[3]): OpenedLocalCache {
  try {
    return openLocalCache(path, key, now, options);
  } catch (error) {
    if (!(error instanceof WrongKeyError)) throw error;
    const movedTo = moveDatabaseAside(path, now);
    return { opened: openDatabase(path, key, options), setAside: { reason: 'damaged', movedTo, detail: error.message } };
  }
}

/** A query answered at once: a handover is built inside its command's transaction, which never awaits. */
function answeredNow<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new Error('A handover source answered asynchronously');
  return value;
}

/**
 * Database latency over 100 ms, the event-loop check past its warning (as judged: core's own start
 * is not a stall), and every warning banner.
 */
function healthProblems(latest: AppHealth | undefined, notices: readonly Notice[]): string[] {
  const problems: string[] = [];
  if (latest && latest.dbLatencyMs > 100) problems.push(`The database answered in ${Math.round(latest.dbLatencyMs)} ms (over 100 ms)`);
  const eventLoop = latest?.checks.find((check) => check.key === 'event-loop');
  if (eventLoop && eventLoop.level !== 'ok')
    problems.push(`Core was slow to respond: event-loop delay ${Math.round(eventLoop.value)} ms (over ${eventLoop.warning} ms)`);
  for (const notice of notices) if (notice.level !== 'info') problems.push(notice.title);
  return problems;
}

/** Opens the store and wires every capability behind one dispatcher. Throws WrongKeyError for a wrong key. */
export function createCore(options: CoreOptions): Core {
  const { clock, logger } = options;
  const startedAt = clock.now();
  const databasePath = join(options.dataDir, DATABASE_FILE_NAME);
  // A database restored from a backup waits for this moment: nothing has it open yet.
  const restoredFrom = applyPendingRestore(databasePath, new Date(startedAt));
  const migrations = options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {};
  const { opened: localStore, setAside } = openLocalCache(databasePath, options.dbKey, new Date(startedAt), {
    keyUnavailableReason: options.keyUnavailableReason ?? null,
    ...migrations,
  });
  // Only a hub records a change feed: a database that once ran as one stops paying for its
  // triggers here; one restored from a backup may not continue the feed it went back on.
  if (restoredFrom) forgetFeedHistory(localStore.sqlite);
  if (options.mode !== 'hub') removeChangeFeedTriggers(localStore.sqlite);
  const localRepos = createRepositories(localStore);
  const chainKey = deriveChainKey(options.dbKey);
  const localAudit = createAuditLog(localRepos, clock, chainKey, join(options.dataDir, AUDIT_ARCHIVE_FOLDER));
  // A chain from before keying is sealed under the key now, before anything else is appended; a
  // database restored from another console's backup carries that console's key, and is taken over.
  localRepos.transaction(() => {
    localAudit.sealUnkeyedChain();
    if (restoredFrom) localAudit.adoptChainKeyedElsewhere(restoredFrom.from);
  });
  // Connected to a hub, everything reads the replica; the local database keeps the backend choice and its audit.
  const hub = options.hub === undefined || options.hub === null ? savedBackend(localRepos.backend) : options.hub;
  // The replica is a cache of the hub: a damaged one, or one under a key the key store lost, is set aside and taken again.
  const replicaFile = hub
    ? openReplicaFile(join(options.dataDir, REPLICA_FILE_NAME), options.dbKey, new Date(startedAt), {
        keyUnavailableReason: options.keyUnavailableReason ?? null,
        ...migrations,
      })
    : null;
  const store = replicaFile ? replicaFile.opened : localStore;
  const repos = hub ? createRepositories(store) : localRepos;
  const audit = hub ? createAuditLog(repos, clock, chainKey) : localAudit;
  const notices: Notice[] = [];
  if (replicaFile?.setAside) {
    const { movedTo, reason, detail } = replicaFile.setAside;
    logger.warn({ movedTo, reason, detail }, 'replica set aside');
    notices.push({
      id: randomUUID(),
      level: 'info',
      at: startedAt,
      title: 'Taking a fresh copy of the hub',
      detail: `This console's copy of the hub's data could not be used (${detail}); it was kept at ${movedTo}, and a fresh one is taken from the hub.`,
    });
  }
  if (setAside) {
    const notice = noticeFor(setAside, startedAt);
    notices.push(notice);
    logger.warn({ movedTo: setAside.movedTo, reason: setAside.reason, detail: setAside.detail }, 'local database set aside');
    localRepos.transaction(() =>
      localAudit.append({
        actor: 'system',
        action: 'database.set-aside',
        target: setAside.movedTo,
        after: { reason: setAside.reason, detail: setAside.detail },
        result: 'ok',
      }),
    );
  }
  if (restoredFrom) {
    notices.push({
      id: randomUUID(),
      level: 'info',
      at: startedAt,
      title: 'Started on the restored database',
      detail: `The database was restored from ${restoredFrom.from}. The previous one was kept at ${restoredFrom.keptAt}.`,
    });
    logger.info(restoredFrom, 'started on a restored database');
  }
  // Writers report failed writes here; the guard calls back once alerting and the dispatcher exist.
  let diskGuard: DiskGuard | null = null;
  const writeFailed = (error: unknown) => diskGuard?.noteWriteError(error, 'alerts');
  const probeWriteFailed = (error: unknown) => {
    if (error instanceof RollupCountingBehindError)
      logger.error(
        { err: error.message, uncountedRows: error.uncountedRows },
        'counting probe results into roll-ups fell behind: charts and uptimes lag until a roll-up read works again',
      );
    else if (!diskGuard?.noteWriteError(error, 'probe results'))
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'writing probe results failed');
  };
  // The head goes into the log now and every hour; a database that went back on purpose says so.
  const anchoring = startAnchoring({
    head: () => localAudit.head(),
    chainKey,
    logger,
    clock,
    timers: options.timers,
    reset: setAside !== null || restoredFrom !== null,
  });
  const stopCheckpointer = startCheckpointer(store.path, options.dbKey, (message) => logger.warn({ message }, 'WAL checkpoint failed'));
  // The alert engine exists further down; health's first evaluation is a minute away.
  let alerting: Alerting | null = null;
  const { eventLoop, ...machinePorts } = options.healthPorts ?? {};
  const healthChecks = createHealthChecks({
    dataDir: options.dataDir,
    databasePath: store.path,
    backupDestinations: () =>
      repos.backups
        .listJobs()
        .map((job) => ({ key: `disk:backup:${job.id}`, label: `backup destination of ${job.name}`, path: job.destination })),
    ...machinePorts,
  });
  const health = createHealthMonitor({
    store,
    clock,
    startedAt,
    timers: options.timers,
    checks: healthChecks,
    eventLoop: eventLoop ?? measuredEventLoopDelay(),
    // A console on a hub shows its own health but raises no alert: its alerts are the hub's.
    alerts: hub
      ? null
      : {
          raise: (kind, subject, summary) => alerting?.engine.reportExternal(kind, subject, summary),
          clear: (kind, subject, reason) => alerting?.engine.clearExternal(kind, subject, reason),
        },
  });
  const metrics = createConsoleMetrics({
    store,
    openAlertSeverities: function* () {
      if (alerting) for (const row of alerting.engine.openAlerts()) yield row.severity;
    },
    checkLevels: () => health.checks(),
  });
  // The console's own: a console connected to a hub keeps its name, time zone and text size on the workstation.
  const settings = createSettingsStore(localRepos);
  // Events raised while wiring up (the engine loading states) have no listener yet, and need none.
  let dispatcher: Dispatcher | null = null;
  const emit = (message: EventMessage) => dispatcher?.emit(message);
  // The alert engine listens to the probe engine, which exists first; until alerting starts it ignores what it hears.
  const context: CapabilityContext = {
    repos,
    clock,
    timers: options.timers,
    logger,
    emit,
    settings: () => settings.get(),
    identity: identityFromSettings(() => settings.get()),
  };
  const monitoring = createMonitoring({
    ...context,
    ...(options.runProbe ? { runProbe: options.runProbe } : {}),
    onWriteError: probeWriteFailed,
    hooks: {
      onProbeStart: (lateByMs) => {
        healthChecks.noteProbeLateness(lateByMs);
        metrics.noteProbeLateness(lateByMs);
      },
      onResult: (monitorId, outcome) => {
        metrics.noteProbe(outcome.ok, outcome.latencyMs);
        alerting?.engine.onResult(monitorId);
      },
      onStateChange: (state) => alerting?.engine.onState(state),
    },
  });
  const alertsReady = createAlerting({
    ...context,
    facts: { stateOf: (id) => monitoring.engine.stateOf(id), isFlapping: (id) => monitoring.engine.isFlapping(id) },
    ...(options.notifier ? { notifier: options.notifier } : {}),
    writeFailed,
  });
  alerting = alertsReady;
  const incidentSubject = (incident: Incident): ExternalSubject => ({
    subject: `incident:${incident.id}`,
    name: `INC-${incident.number} ${incident.title}`,
    siteId: incident.siteId,
  });
  const incidents = createIncidents({
    ...context,
    // The hub seeds its templates; a replica holds only what the hub wrote.
    sopFolder: hub ? null : (options.sopFolder ?? null),
    alerting: {
      alertById: (id) => alertsReady.engine.openAlert(id) ?? repos.alerts.getAlert(id),
      raise: (kind, incident, summary) => alertsReady.engine.reportExternal(kind, incidentSubject(incident), summary),
      clear: (incident, reason) => {
        for (const kind of ['incident-sla-breached', 'incident-step-skipped'] as const)
          alertsReady.engine.clearExternal(kind, incidentSubject(incident), reason);
      },
    },
  });
  notices.push(...incidents.notices);
  // What no contract call made (a refused request at this console's door) is this workstation's own record, never the replica's.
  const recordAudit = (entry: AuditAppend) => {
    const appended = localRepos.transaction(() => localAudit.append(entry));
    emit({ event: 'audit.appended', payload: { seq: appended.seq, action: appended.action, actor: appended.actor } });
  };
  const backupSubject = (job: { id: string; name: string }): ExternalSubject => ({
    subject: `backup-job:${job.id}`,
    name: job.name,
    siteId: null,
  });
  const backups = createBackups({
    ...context,
    database: { path: databasePath, key: options.dbKey },
    // Opening a folder of backups reads with a passphrase and changes nothing, so no command records it: the query does.
    recordAudit,
    alerting: {
      raise: (kind, job, summary) => alertsReady.engine.reportExternal(kind, backupSubject(job), summary),
      clear: (kind, job, reason) => alertsReady.engine.clearExternal(kind, backupSubject(job), reason),
      notify: (channelId, notice) =>
        alertsReady.notifyChannel(channelId, {
          event: notice.outcome === 'completed' ? 'resolved' : 'fired',
          severity: notice.outcome === 'completed' ? 'info' : 'high',
          fingerprint: `backup-run|${notice.job.id}`,
          ruleName: notice.title,
          summary: `${notice.title} (${notice.detail})`,
          subjectName: notice.job.name,
        }),
    },
  });
  // Shift handover (issue 15): built from what the other capabilities answer a console, read as core itself.
  const asCore = { actor: LOCAL_OPERATOR };
  const handoverSources: HandoverSources = {
    openIncidents: () =>
      answeredNow(incidents.handlers['incidents.list'](undefined, asCore)).map((incident) => ({
        incident,
        template: answeredNow(incidents.handlers['incidents.get']({ id: incident.id }, asCore)).template,
      })),
    openAlerts: () =>
      answeredNow(alertsReady.handlers['alerts.snapshot']({ includeResolvedSinceMs: 0 }, asCore)).alerts.filter(
        (alert) => alert.state !== 'resolved',
      ),
    silences: () => answeredNow(alertsReady.handlers['silences.list'](undefined, asCore)),
    backups: () =>
      answeredNow(backups.handlers['backups.overview'](undefined, asCore)).jobs.map((job) => ({
        job,
        newest: answeredNow(backups.handlers['backups.list']({ jobId: job.id }, asCore))[0] ?? null,
      })),
    monitors: () => {
      const board = answeredNow(monitoring.handlers['board.snapshot'](undefined, asCore));
      const siteNames = new Map(board.sites.map((site) => [site.id, site.name]));
      return board.monitors.map((monitor) => ({
        id: monitor.id,
        name: monitor.name,
        siteName: siteNames.get(monitor.siteId) ?? monitor.siteId,
        status: monitor.state.status,
        since: monitor.state.since,
      }));
    },
    healthProblems: () => healthProblems(health.history().samples.at(-1), notices),
  };
  const handoverSubject = (boundaryAt: number, name: string): ExternalSubject => ({
    subject: `handover:${boundaryAt}`,
    name,
    siteId: null,
  });
  const handovers = createHandovers({
    ...context,
    sources: handoverSources,
    incidents: incidents.handover,
    alerting: {
      raise: (boundaryAt, name, summary) =>
        alertsReady.engine.reportExternal('handover-not-accepted', handoverSubject(boundaryAt, name), summary),
      clear: (boundaryAt, name, reason) =>
        alertsReady.engine.clearExternal('handover-not-accepted', handoverSubject(boundaryAt, name), reason),
    },
  });
  const people = createPeople({
    ...context,
    recordAudit,
    ...(options.passwordParameters ? { passwordParameters: options.passwordParameters } : {}),
    alerting: {
      raise: (kind, subject, summary) =>
        alertsReady.engine.reportExternal(kind, { subject: `security:${subject.key}`, name: subject.name, siteId: null }, summary),
    },
  });
  // The anchors that pin the chain's head outside the database: the log file's and the backups'.
  const auditAnchors = async () =>
    mergeAnchorSets(await readLogAnchors(join(options.dataDir, LOG_FILE_NAME), chainKey), await readBackupAnchors(repos));
  const reports = createReports({
    ...context,
    // People reads security events from the audit log; a month is a whole number of hours, daylight saving or not.
    securityCounts: (from, to) => {
      const summary = securitySummary(repos.audit, { now: to, hours: Math.round((to - from) / HOUR_MS), zone: settings.get().timeZone });
      return { total: summary.total, byType: new Map(summary.byType.map((entry) => [entry.key, entry.count])) };
    },
    auditChain: async () => {
      const verified = await audit.verify(await auditAnchors());
      return {
        ok: verified.ok,
        checked: verified.checked,
        problemCount: verified.problemCount,
        firstProblem: verified.problems[0]?.reason ?? null,
      };
    },
    mailer: options.reportMailer ?? smtpReportMailer,
  });
  let link: HubLink | null = null;
  let stopOutbox: () => void = () => undefined;
  const backend = createBackend({ repo: localRepos.backend, running: hub, link: () => link?.state() ?? EMBEDDED });
  const seats = createSeats({ ...context, presence: options.seatPresence ?? NO_SEAT_ONLINE });
  // Empty but for a console on a hub: its replica database keeps the commands made while the hub could not be asked.
  const outbox = createOutboxStore(store.sqlite);
  const retention = createDataRetention({
    repos,
    settings: () => settings.get(),
    clock,
    timers: options.timers,
    logger,
    logFilePath: join(options.dataDir, LOG_FILE_NAME),
    audit,
    emit,
  });
  const handlers = {
    ...createOutboxHandlers(outbox),
    ...retention.handlers,
    ...createFoundationHandlers({
      store,
      settings,
      audit,
      repos,
      auditAnchors,
      health,
      clock,
      mode: options.mode,
      version: options.version,
      startedAt,
      notices,
    }),
    ...monitoring.handlers,
    ...alertsReady.handlers,
    ...incidents.handlers,
    ...backups.handlers,
    ...people.handlers,
    ...backend.handlers,
    ...seats.handlers,
    ...handovers.handlers,
    ...reports.handlers,
  };
  diskGuard = watchDiskSpace(options, alertsReady, monitoring, notices, emit, hub === null);
  const local = createDispatcher({ handlers, repos, audit, logger, clock, diskGuard, watch: people.watch });
  let ready = local;
  // What capabilities keep in memory (the board's monitor states, the open alerts) follows the replica,
  // read again before the next read after an apply touched it: a burst of pushes costs one reload.
  const stale = { monitoring: true, alerts: true };
  const followReplica = () => {
    if (stale.monitoring)
      monitoring.engine.reload(repos.monitoring.listSites(), repos.monitoring.listMonitors(), repos.monitoring.listStates());
    if (stale.alerts) alertsReady.engine.followStore();
    stale.monitoring = false;
    stale.alerts = false;
  };
  let actorFor = people.actorFor;
  // Verifiers for offline sign-in serve a console on a hub only.
  if (!hub) localRepos.offline.deleteVerifiersExceptSeat(null);
  if (hub) {
    const offlineSignIn = createOfflineSignIn({
      verifiers: localRepos.offline,
      lockout: localRepos.people,
      replicaUsers: repos.people,
      clock,
      passwordParameters: options.passwordParameters ?? PASSWORD_PARAMETERS,
      timeZone: () => settings.get().timeZone,
    });
    // Verifiers are good at the seat they were made at only: another seat's are wiped.
    offlineSignIn.keepOnlySeat(hub.seatId);
    const replica = createReplica(store.sqlite, { clock });
    // Relayed hub events and link changes go out through the console's own dispatcher: the renderer cannot tell.
    let relay: (event: string, payload: unknown) => void = () => undefined;
    let synchronized: () => void = () => undefined;
    let linkChanged: () => void = () => undefined;
    link = createHubLink({
      ...hub,
      // A revoked seat signs nobody in offline any more: its verifiers go.
      onSeatRefused: (refusal) => {
        if (refusal === 'revoked' && offlineSignIn.keepOnlySeat(null) > 0)
          logger.warn('seat revoked by the hub: offline sign-in verifiers wiped');
      },
      replica,
      clock,
      timers: options.timers,
      logger,
      onApplied: (tables) => {
        if (tables.has('sites') || tables.has('monitors') || tables.has('monitor_state')) stale.monitoring = true;
        const alertTables = [
          'alerts',
          'alert_rules',
          'silences',
          'escalation_policies',
          'routing_table',
          'escalation_levels',
          'on_call_schedules',
          'user_contacts',
        ];
        if (alertTables.some((table) => tables.has(table))) stale.alerts = true;
      },
      onEvent: (event, payload) => relay(event, payload),
      onState: () => {
        linkChanged();
        local.emit({ event: 'backend.changed', payload: backend.state() });
      },
      onSynchronized: () => synchronized(),
    });
    const hubConsole = createHubConsole({
      replica: {
        ...local,
        call: (method, input, ctx) => {
          followReplica();
          return local.call(method, input, ctx);
        },
      },
      // backend.* and settings.* are the workstation's own: answered and audited on its database, never the replica.
      workstation: createDispatcher({ handlers, repos: localRepos, audit: localAudit, logger, clock }),
      link,
      outbox,
      clock,
      timers: options.timers,
      logger,
      offline: { seatId: hub.seatId, verifiers: offlineSignIn, user: (id) => repos.people.getUser(id) },
    });
    synchronized = () => hubConsole.synchronized();
    stopOutbox = () => hubConsole.stop();
    relay = (event, payload) => {
      // The hub is pinned and trusted, but what it pushes still meets the contract before any console sees it.
      if (isEventName(event) && events[event].safeParse(payload).success) hubConsole.relay(event, payload);
      else logger.warn({ event }, 'a hub event outside the contract was not relayed');
    };
    linkChanged = hubConsole.linkChanged;
    ready = hubConsole.dispatcher;
    actorFor = hubConsole.actorFor;
  }
  dispatcher = ready;
  // Names, parents and tags that scopes and alert texts use follow every change of sites and monitors.
  ready.subscribe((message) => {
    if (message.event === 'monitors.changed') alertsReady.engine.topologyChanged();
  });
  let started = false;
  const opsRoute = createOpsRoute({
    metrics,
    startedAt,
    now: () => clock.now(),
    readiness: () => {
      let databaseOpen = true;
      try {
        store.ping();
      } catch {
        databaseOpen = false;
      }
      // Connected to a hub, the hub probes: this console is ready once its link runs.
      return { databaseOpen, probesRunning: started, readOnly: diskGuard?.isFull() ?? false };
    },
  });
  logger.info({ mode: options.mode, version: options.version, schemaVersion: store.schemaVersion }, 'core started');
  return {
    dispatcher: ready,
    store,
    monitoring,
    alerting: alertsReady,
    people: { ...people, actorFor },
    seats,
    recordAudit,
    opsRoute,
    start() {
      started = true;
      // Connected to a hub, the hub probes, evaluates, escalates and runs the clocks and schedules.
      if (link) {
        link.start();
        return;
      }
      monitoring.start();
      alertsReady.start();
      incidents.start();
      backups.start();
      people.start();
      retention.start();
      handovers.start();
      reports.start();
    },
    close() {
      started = false;
      stopOutbox();
      link?.stop();
      diskGuard?.stop();
      retention.stop();
      reports.stop();
      people.stop();
      handovers.stop();
      backups.stop();
      incidents.stop();
      alertsReady.stop();
      monitoring.stop();
      health.stop();
      anchoring.stop();
      void stopCheckpointer();
      store.close();
      if (store !== localStore) localStore.close();
      logger.info('core stopped');
    },
  };
}
