import type {
  Alert,
  AlertAttention,
  ConsoleStatus,
  EscalationLevels,
  EscalationPolicy,
  RoutingTable,
  MonitorState,
  NotificationOutcome,
  Severity,
  StormState,
} from '../../shared/contract';
import type { scopeCovers } from '../../shared/domain/alert-scope';
import type { TimerHandle } from '../../shared/domain/clock';
import { firstInQueueOrder } from '../../shared/domain/alert-queue';
import type { OwnSites } from '../../shared/domain/own-sites';
import { consoleStatus } from '../../shared/domain/console-status';
import type { AlertRow, SilenceRow } from '../db';
import type { CapabilityContext } from '../service';
import { seedBuiltIns } from './builtin-rules';
import { AlertConfig } from './config-cache';
import { Escalation } from './escalation';
import { Evaluation, type ExternalConditionKind, type ExternalSubject, type MonitorFactsSource } from './evaluation';
import { SYSTEM_ACTOR } from './lifecycle';
import { toAlert } from './model';
import { AlertNotifications } from './notifications';
import type { NotificationMessage, Notifier } from './notifiers';
import { OpenAlerts } from './open-alerts';
import { Silencing } from './silencing';
import { AlertRouting } from './routing';
import { Storms } from './storms';
import { createTopology, type Topology } from './topology';
import { WritePass } from './write-pass';

export { EXTERNAL_CONDITION_KINDS, type ExternalConditionKind, type ExternalSubject, type MonitorFactsSource } from './evaluation';
export { SYSTEM_ACTOR } from './lifecycle';

/** Resolved alerts stay in the queue this long, so a resolution is seen, not just recorded. */
export const RESOLVED_VISIBLE_MS = 6 * 3_600_000;
/** Certificates and flapping change with time rather than with results: every monitor is re-read this often. */
const SWEEP_EVERY_MS = 30_000;

export interface AlertEngineDeps extends Omit<CapabilityContext, 'settings'> {
  facts: MonitorFactsSource;
  notifier: Notifier;
  /** How often timers (pending, escalation, snooze, silences) are looked at. */
  tickMs?: number;
  /**
   * A write of alerts failed; true when for lack of space (the disk guard then announces a full
   * disk, and alerts go out from memory until they can be written).
   */
  writeFailed?: (error: unknown) => boolean | undefined;
}

/**
 * Turns monitor states into alerts. One instance owns every open alert in memory and is the only
 * writer of alert rows outside commands; a pass (a result, a state change, a tick) collects its
 * changes and writes them in one transaction, then pushes them in one `alerts.changed` event.
 * It coordinates the parts: the configuration cache, the open alerts, evaluation, escalation,
 * silencing, storms, notifications and the write pass.
 */
export class AlertEngine {
  private readonly config: AlertConfig;
  private readonly open = new OpenAlerts();
  private readonly writes: WritePass;
  private readonly silencing: Silencing;
  private readonly storms: Storms;
  private readonly notifications: AlertNotifications;
  private readonly escalation: Escalation;
  /** Who hears of an alert: rule or routing table, escalation levels, on-call schedules. */
  readonly routing: AlertRouting;
  private readonly evaluation: Evaluation;
  private topology: Topology;
  private tickTimer: TimerHandle | null = null;
  private running = false;
  private readonly tickMs: number;
  /** How long each evaluation took (for the alert-storm benchmark). */
  onEvaluated: ((ms: number) => void) | null = null;

  constructor(private readonly deps: AlertEngineDeps) {
    this.tickMs = deps.tickMs ?? 1000;
    this.topology = createTopology(deps.repos);
    const topology = () => this.topology;
    this.config = new AlertConfig(deps);
    this.writes = new WritePass(
      { ...deps, writeFailed: deps.writeFailed, summary: () => ({ status: this.status(), storms: this.stormStates() }) },
      this.open,
    );
    this.silencing = new Silencing({ ...deps, config: this.config, topology });
    this.storms = new Storms({ config: this.config, open: this.open });
    this.routing = new AlertRouting({ config: this.config, repos: deps.repos, identity: deps.identity });
    this.notifications = new AlertNotifications({ ...deps, config: this.config, writes: this.writes, routing: this.routing });
    this.escalation = new Escalation({
      config: this.config,
      writes: this.writes,
      silencing: this.silencing,
      notifications: this.notifications,
      routing: this.routing,
    });
    this.evaluation = new Evaluation({
      facts: deps.facts,
      topology,
      config: this.config,
      open: this.open,
      writes: this.writes,
      silencing: this.silencing,
      storms: this.storms,
      notifications: this.notifications,
    });
  }

  // ---- lifecycle ----

  /** Seeds built-in rules and policies, loads what is stored, and evaluates every monitor. */
  start(): void {
    const { repos, clock } = this.deps;
    const now = clock.now();
    this.writes.writeOrKeep(() => seedBuiltIns(repos, now));
    this.reloadConfig();
    const { tracks } = this.evaluation;
    for (const row of repos.alerts.listAlerts(now - 7 * 86_400_000)) {
      if (row.state !== 'resolved') {
        this.open.index(row);
        tracks.set(row.fingerprint, { pendingSince: null, goodStreak: 0, clearedWhileOpen: false, blockedUntilClear: false });
      } else if (row.resolvedBy !== SYSTEM_ACTOR && !this.open.has(row.fingerprint)) {
        const track = this.evaluation.trackOf(row.fingerprint);
        // The latest occurrence decides: a manual resolution blocks only if nothing reopened it since.
        track.blockedUntilClear = true;
      }
    }
    for (const alert of this.open.values()) tracks.get(alert.fingerprint)!.blockedUntilClear = false;
    this.running = true;
    this.pass(() => this.evaluation.sweep(now));
    this.scheduleTick();
  }

  stop(): void {
    this.running = false;
    this.tickTimer?.cancel();
    this.tickTimer = null;
  }

  /**
   * A console connected to a hub evaluates nothing: its replica changed under it, so what is open
   * is read again from the table (the hub raised and changed those alerts), with the configuration.
   */
  followStore(): void {
    const now = this.deps.clock.now();
    this.open.clear();
    for (const row of this.deps.repos.alerts.listAlerts(now - 7 * 86_400_000)) if (row.state !== 'resolved') this.open.index(row);
    this.reloadConfig();
    this.topologyChanged();
  }

  /** Rules, policies, channels and silences changed (a command committed): read them again and re-evaluate. */
  reloadConfig(): void {
    this.config.reload();
  }

  /** Sites or monitors changed: names, parents and tags are read again. */
  topologyChanged(): void {
    this.topology = createTopology(this.deps.repos);
  }

  /** After a command changed configuration: re-read it and re-evaluate everything in one pass. */
  configChanged(): void {
    this.reloadConfig();
    if (this.running) this.pass(() => this.evaluation.sweep(this.deps.clock.now()));
  }

  // ---- inputs ----

  /** A probe result arrived for a monitor (its state may or may not have changed). */
  onResult(monitorId: string): void {
    if (this.running) this.pass(() => this.evaluation.evaluateMonitor(monitorId, this.deps.clock.now(), true));
  }

  /** A monitor's shown state changed (a parent went down, maintenance, ...). */
  onState(state: MonitorState): void {
    if (this.running) this.pass(() => this.evaluation.evaluateMonitor(state.monitorId, this.deps.clock.now(), false));
  }

  /** A backup job (or another producer outside probes) reports a failure: raises or repeats its alert. */
  reportExternal(kind: ExternalConditionKind, subject: ExternalSubject, summary: string): void {
    this.pass(() => this.evaluation.reportExternal(kind, subject, summary, this.deps.clock.now()));
  }

  /** The producer reports the condition is over (a good backup): the alert resolves. */
  clearExternal(kind: ExternalConditionKind, subject: ExternalSubject, reason: string): void {
    this.pass(() => this.evaluation.clearExternal(kind, subject, reason, this.deps.clock.now()));
  }

  // ---- reads ----

  openAlerts(): Iterable<AlertRow> {
    return this.open.values();
  }

  /**
   * Open alerts and the resolutions since `resolvedSinceMs` ago; with `first`, only the first that
   * many in the unfiltered queue's order for this person (their own sites first), which is the
   * screenful a console shows before the rest.
   */
  snapshot(
    resolvedSinceMs: number,
    first?: number,
    own: OwnSites = null,
  ): { alerts: Alert[]; total: number; status: ConsoleStatus; storms: StormState[] } {
    const now = this.deps.clock.now();
    // Open alerts come from memory (they may have changed in this very pass); resolved ones from the table.
    const alerts = this.deps.repos.alerts.listResolvedSince(now - resolvedSinceMs).map(toAlert);
    for (const row of this.open.values()) alerts.push(toAlert(row));
    const shown = first === undefined || first >= alerts.length ? alerts : firstInQueueOrder(alerts, first, own);
    return { alerts: shown, total: alerts.length, status: this.status(), storms: this.stormStates() };
  }

  status(): ConsoleStatus {
    return consoleStatus([...this.open.values()]);
  }

  stormStates(): StormState[] {
    return this.storms.states();
  }

  /** The open alert with this id, from memory (commands read it here, not from the table). */
  openAlert(id: string): AlertRow | undefined {
    return this.open.byId(id);
  }

  /** An alert as it is now, although a failed write has not stored it yet (a resolution the table does not show). */
  unstoredAlert(id: string): AlertRow | undefined {
    return this.writes.unstoredAlert(id);
  }

  policyOf(severity: Severity): EscalationPolicy {
    return this.config.policyOf(severity);
  }

  levelsOf(severity: Severity): EscalationLevels {
    return this.config.levelsOf(severity);
  }

  /** Minutes from reaching an escalation level to the next escalation. */
  minutesAfterLevel(severity: Severity, level: number): number {
    return this.config.minutesAfterLevel(severity, level);
  }

  routingTable(): RoutingTable {
    return this.config.routing;
  }

  /** Which open alerts a silence would cover (for the preview before saving it). */
  coveredBy(scope: Parameters<typeof scopeCovers>[0]): AlertRow[] {
    return [...this.open.values()].filter((row) => this.silencing.scopeCoversSubject(scope, row.subject));
  }

  activeUntilOf(row: SilenceRow): number | null {
    return this.silencing.activeUntilOf(row);
  }

  // ---- changes made by commands (already written in the command's transaction) ----

  /** A command replaced an alert row: keep memory in step and push it. */
  applyCommandResult(row: AlertRow, attention: AlertAttention | null, notifyEvent: NotificationMessage['event'] | null): void {
    this.pass(() => {
      if (row.state === 'resolved') {
        this.open.unindex(row);
        const track = this.evaluation.trackOf(row.fingerprint);
        track.blockedUntilClear = true;
        track.pendingSince = null;
      } else {
        this.open.index(row);
      }
      this.writes.put(row);
      if (attention) this.writes.askAttention(attention);
      if (notifyEvent) this.notifications.notifyChannels(row, notifyEvent);
    }, false);
  }

  /** A notifier finished (possibly long after the pass that asked for it): record it on the alert. */
  notificationOutcome(message: NotificationMessage, outcome: NotificationOutcome): void {
    if (message.alertId === null) return;
    const alertId = message.alertId;
    this.pass(() => {
      const row = this.openAlert(alertId) ?? this.writes.changedAlert(alertId) ?? this.deps.repos.alerts.getAlert(alertId);
      if (row) this.notifications.recordOutcome(row, outcome);
    });
  }

  // ---- the pass ----

  private pass(fn: () => void, write = true): void {
    const started = performance.now();
    try {
      fn();
    } catch (error) {
      this.deps.logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'alert evaluation failed');
    }
    this.onEvaluated?.(performance.now() - started);
    this.writes.finish(write);
  }

  private scheduleTick(): void {
    if (!this.running) return;
    this.tickTimer = this.deps.timers.after(this.tickMs, () => {
      this.pass(() => this.tick(this.deps.clock.now()));
      this.scheduleTick();
    });
  }

  private tick(now: number): void {
    const { evaluation } = this;
    if (now - evaluation.lastSweepAt >= SWEEP_EVERY_MS) evaluation.sweep(now);
    else for (const fingerprint of [...evaluation.pending]) evaluation.evaluateFingerprint(fingerprint, now);
    const active = this.silencing.activeSilences(now);
    for (const row of [...this.open.values()]) this.escalation.timeDriven(row, now, active);
  }
}
