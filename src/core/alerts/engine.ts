import { randomBytes } from 'node:crypto';
import type {
  Alert,
  AlertAttention,
  ConsoleStatus,
  AlertEvent,
  Channel,
  EscalationPolicy,
  EventMessage,
  MonitorState,
  NotificationOutcome,
  Rule,
  Severity,
  StormState,
} from '../../shared/contract';
import {
  BUILT_IN_RULES,
  DEFAULT_ESCALATION,
  certRuleInCharge,
  raiseHeldBecause,
  readCondition,
  recoveryMet,
  severityRank,
  type MonitorFacts,
} from '../../shared/domain/alert-rules';
import { scopeCovers } from '../../shared/domain/alert-scope';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import { firstInQueueOrder } from '../../shared/domain/alert-queue';
import { consoleStatus } from '../../shared/domain/console-status';
import { shouldTriggerFlexible, silenceActiveThrough, silenceActiveUntil } from '../../shared/domain/silence-schedule';
import type { AlertRow, Repositories, SilenceRow } from '../db';
import type { Logger } from '../logging';
import type { NotificationMessage, Notifier } from './notifiers';
import { toAlert, toChannel, toPolicy, toRule, toSilence } from './model';
import { createTopology, type Topology } from './topology';

export const SYSTEM_ACTOR = 'system';
/** Resolved alerts stay in the queue this long, so a resolution is seen, not just recorded. */
export const RESOLVED_VISIBLE_MS = 6 * 3_600_000;
/** Certificates and flapping change with time rather than with results: every monitor is re-read this often. */
const SWEEP_EVERY_MS = 30_000;

export interface MonitorFactsSource {
  stateOf(monitorId: string): MonitorState | null | undefined;
  /** Flapping as of now: it ends with time, not only with a status change. */
  isFlapping(monitorId: string): boolean;
}

export interface AlertEngineDeps {
  repos: Repositories;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  emit(message: EventMessage): void;
  facts: MonitorFactsSource;
  notifier: Notifier;
  consoleName(): string;
  timeZone(): 'local' | 'utc';
  /** How often timers (pending, escalation, snooze, silences) are looked at. */
  tickMs?: number;
  /** A write of alerts failed (a full disk): they stay in memory and go out with the next write that works. */
  writeFailed?: (error: unknown) => void;
}

/** Alert history entries kept in memory while they cannot be written; beyond this the oldest are dropped and counted. */
const MAX_UNWRITTEN_EVENTS = 10_000;

/** Per fingerprint: what the rule saw last, between alerts and while one is open. */
interface Track {
  pendingSince: number | null;
  goodStreak: number;
  /** The condition cleared while the alert stayed open: its return is a repeat. */
  clearedWhileOpen: boolean;
  /** Resolved by hand while the condition still held: no new alert until it clears once. */
  blockedUntilClear: boolean;
}

interface StormRecord {
  ruleId: string;
  held: Set<string>;
  since: number;
}

interface LoadedSilence {
  row: SilenceRow;
  silence: ReturnType<typeof toSilence>;
}

/** Conditions fed by their producer (backup jobs, incidents), never read from a monitor. */
export const EXTERNAL_CONDITION_KINDS = [
  'backup-failed',
  'backup-overdue',
  'backup-verify-failed',
  'backup-test-restore-failed',
  'incident-sla-breached',
  'incident-step-skipped',
  'disk-full',
] as const;
export type ExternalConditionKind = (typeof EXTERNAL_CONDITION_KINDS)[number];
const isExternalCondition = (kind: string): kind is ExternalConditionKind => (EXTERNAL_CONDITION_KINDS as readonly string[]).includes(kind);
/**
 * External conditions that are a standing state rather than an event: reported again while their
 * alert is open (the producer forgot it had, after a restart) they are the same occurrence, not a repeat.
 */
const STANDING_EXTERNAL_CONDITIONS: ReadonlySet<ExternalConditionKind> = new Set(['backup-overdue']);
export interface ExternalSubject {
  /** `backup-job:<id>` */
  subject: string;
  name: string;
  siteId: string | null;
}

function newAlertId(): string {
  return randomBytes(9).toString('base64url');
}

const fingerprintOf = (ruleId: string, subject: string) => `${ruleId}|${subject}`;
const monitorSubject = (monitorId: string) => `monitor:${monitorId}`;
const stormSubject = (ruleId: string) => `storm:${ruleId}`;
const STATE_ONLY_CONDITIONS = new Set(['flapping', 'cert-expiring']);

/**
 * Turns monitor states into alerts. One instance owns every open alert in memory and is the only
 * writer of alert rows outside commands; a pass (a result, a state change, a tick) collects its
 * changes and writes them in one transaction, then pushes them in one `alerts.changed` event.
 */
export class AlertEngine {
  private rules = new Map<string, Rule>();
  private policies = new Map<Severity, EscalationPolicy>();
  private channels = new Map<string, Channel>();
  private silences: LoadedSilence[] = [];
  private open = new Map<string, AlertRow>();
  private openCountByRule = new Map<string, number>();
  private tracks = new Map<string, Track>();
  private storms = new Map<string, StormRecord>();
  private pending = new Set<string>();
  private topology: Topology;
  private tickTimer: TimerHandle | null = null;
  private lastSweepAt = 0;
  private running = false;
  /** The pass in progress: alerts to write and push, events to append, attention to ask for. */
  private changed = new Map<string, AlertRow>();
  private events: { alertId: string; event: AlertEvent }[] = [];
  private attention: AlertAttention[] = [];
  /** What a failed write left behind (a full disk): written with the next pass that writes. */
  private unwritten = new Map<string, AlertRow>();
  private unwrittenEvents: { alertId: string; event: AlertEvent }[] = [];
  private droppedEvents = 0;
  private readonly tickMs: number;
  /** How long each evaluation took (for the alert-storm benchmark). */
  onEvaluated: ((ms: number) => void) | null = null;

  constructor(private readonly deps: AlertEngineDeps) {
    this.tickMs = deps.tickMs ?? 1000;
    this.topology = createTopology(deps.repos);
  }

  // ---- lifecycle ----

  /** Seeds built-in rules and policies, loads what is stored, and evaluates every monitor. */
  start(): void {
    const { repos, clock } = this.deps;
    const now = clock.now();
    this.writeOrKeep(() =>
      repos.transaction(() => {
        const known = new Set(repos.alerts.listRules().map((r) => r.id));
        for (const rule of BUILT_IN_RULES) {
          if (known.has(rule.id)) continue;
          repos.alerts.insertRule({
            id: rule.id,
            name: rule.name,
            enabled: rule.enabled,
            builtIn: true,
            scope: rule.scope,
            condition: rule.condition,
            pendingMinutes: rule.pendingMinutes,
            recovery: rule.recovery,
            severity: rule.severity,
            channelIds: rule.channelIds,
            maxOpenAlerts: rule.maxOpenAlerts,
            createdAt: now,
            updatedAt: now,
          });
        }
        const policies = new Set(repos.alerts.listPolicies().map((p) => p.severity));
        for (const policy of DEFAULT_ESCALATION) if (!policies.has(policy.severity)) repos.alerts.upsertPolicy(policy);
      }),
    );
    this.reloadConfig();
    for (const row of repos.alerts.listAlerts(now - 7 * 86_400_000)) {
      if (row.state !== 'resolved') {
        this.index(row);
        this.tracks.set(row.fingerprint, { pendingSince: null, goodStreak: 0, clearedWhileOpen: false, blockedUntilClear: false });
      } else if (row.resolvedBy !== SYSTEM_ACTOR && !this.open.has(row.fingerprint)) {
        const track = this.trackOf(row.fingerprint);
        // The latest occurrence decides: a manual resolution blocks only if nothing reopened it since.
        track.blockedUntilClear = true;
      }
    }
    for (const alert of this.open.values()) this.tracks.get(alert.fingerprint)!.blockedUntilClear = false;
    this.running = true;
    this.pass(() => this.sweep(now));
    this.scheduleTick();
  }

  stop(): void {
    this.running = false;
    this.tickTimer?.cancel();
    this.tickTimer = null;
  }

  /** Rules, policies, channels and silences changed (a command committed): read them again and re-evaluate. */
  reloadConfig(): void {
    const { repos } = this.deps;
    this.rules = new Map(repos.alerts.listRules().map((row) => [row.id, toRule(row)]));
    // A built-in rule new in this version could not be stored (a full disk at start): it still applies.
    const now = this.deps.clock.now();
    for (const { id, ...spec } of BUILT_IN_RULES)
      if (!this.rules.has(id)) this.rules.set(id, { id, ...spec, builtIn: true, createdAt: now, updatedAt: now });
    this.policies = new Map(repos.alerts.listPolicies().map((row) => [row.severity, toPolicy(row)]));
    this.channels = new Map(repos.alerts.listChannels().map((row) => [row.id, toChannel(row)]));
    this.silences = repos.alerts.listSilences().map((row) => ({ row, silence: toSilence(row, null) }));
  }

  /** Sites or monitors changed: names, parents and tags are read again. */
  topologyChanged(): void {
    this.topology = createTopology(this.deps.repos);
  }

  /** After a command changed configuration: re-read it and re-evaluate everything in one pass. */
  configChanged(): void {
    this.reloadConfig();
    if (this.running) this.pass(() => this.sweep(this.deps.clock.now()));
  }

  // ---- inputs ----

  /** A probe result arrived for a monitor (its state may or may not have changed). */
  onResult(monitorId: string): void {
    if (this.running) this.pass(() => this.evaluateMonitor(monitorId, this.deps.clock.now(), true));
  }

  /** A monitor's shown state changed (a parent went down, maintenance, ...). */
  onState(state: MonitorState): void {
    if (this.running) this.pass(() => this.evaluateMonitor(state.monitorId, this.deps.clock.now(), false));
  }

  /** A backup job (or another producer outside probes) reports a failure: raises or repeats its alert. */
  reportExternal(kind: ExternalConditionKind, subject: ExternalSubject, summary: string): void {
    this.pass(() => {
      const now = this.deps.clock.now();
      for (const rule of this.rules.values()) {
        if (!rule.enabled || rule.condition.kind !== kind || !this.externalInScope(rule, subject)) continue;
        const fingerprint = fingerprintOf(rule.id, subject.subject);
        const open = this.open.get(fingerprint);
        if (open && STANDING_EXTERNAL_CONDITIONS.has(kind)) {
          if (open.summary !== summary) this.touch(open, { summary });
          continue;
        }
        if (open) {
          this.touch(open, { count: open.count + 1, lastSeenAt: now, summary });
          this.record(open, 'repeated', SYSTEM_ACTOR, summary);
          continue;
        }
        this.step(rule, subject.subject, summary, null, { name: subject.name, siteId: subject.siteId }, now, true, null);
      }
    });
  }

  /** The producer reports the condition is over (a good backup): the alert resolves. */
  clearExternal(kind: ExternalConditionKind, subject: ExternalSubject, reason: string): void {
    this.pass(() => {
      const now = this.deps.clock.now();
      for (const rule of this.rules.values()) {
        if (rule.condition.kind !== kind) continue;
        const open = this.open.get(fingerprintOf(rule.id, subject.subject));
        if (open) this.resolve(open, SYSTEM_ACTOR, reason, now);
      }
    });
  }

  // ---- reads ----

  openAlerts(): Iterable<AlertRow> {
    return this.open.values();
  }

  /**
   * Open alerts and the resolutions since `resolvedSinceMs` ago; with `first`, only the first that
   * many in the unfiltered queue's order, which is the screenful a console shows before the rest.
   */
  snapshot(resolvedSinceMs: number, first?: number): { alerts: Alert[]; total: number; status: ConsoleStatus; storms: StormState[] } {
    const now = this.deps.clock.now();
    // Open alerts come from memory (they may have changed in this very pass); resolved ones from the table.
    const alerts = this.deps.repos.alerts.listResolvedSince(now - resolvedSinceMs).map(toAlert);
    for (const row of this.open.values()) alerts.push(toAlert(row));
    const shown = first === undefined || first >= alerts.length ? alerts : firstInQueueOrder(alerts, first);
    return { alerts: shown, total: alerts.length, status: this.status(), storms: this.stormStates() };
  }

  status(): ConsoleStatus {
    return consoleStatus([...this.open.values()]);
  }

  stormStates(): StormState[] {
    return [...this.storms.values()]
      .filter((s) => s.held.size > 0)
      .map((s) => ({ ruleId: s.ruleId, ruleName: this.rules.get(s.ruleId)?.name ?? s.ruleId, held: s.held.size, since: s.since }));
  }

  /** The open alert with this id, from memory (commands read it here, not from the table). */
  openAlert(id: string): AlertRow | undefined {
    for (const row of this.open.values()) if (row.id === id) return row;
    return undefined;
  }

  policyOf(severity: Severity): EscalationPolicy {
    return this.policies.get(severity) ?? DEFAULT_ESCALATION.find((p) => p.severity === severity)!;
  }

  /** Which open alerts a silence would cover (for the preview before saving it). */
  coveredBy(scope: Parameters<typeof scopeCovers>[0]): AlertRow[] {
    return [...this.open.values()].filter((row) => this.scopeCoversSubject(scope, row.subject));
  }

  activeUntilOf(row: SilenceRow): number | null {
    const silence = toSilence(row, null);
    return silenceActiveThrough(silence.schedule, row.triggeredAt, this.deps.clock.now(), this.deps.timeZone());
  }

  // ---- changes made by commands (already written in the command's transaction) ----

  /** A command replaced an alert row: keep memory in step and push it. */
  applyCommandResult(row: AlertRow, attention: AlertAttention | null, notifyEvent: NotificationMessage['event'] | null): void {
    this.pass(() => {
      if (row.state === 'resolved') {
        this.unindex(row);
        const track = this.trackOf(row.fingerprint);
        track.blockedUntilClear = true;
        track.pendingSince = null;
      } else {
        this.index(row);
      }
      this.changed.set(row.id, row);
      if (attention) this.attention.push(attention);
      if (notifyEvent) this.notifyChannels(row, notifyEvent);
    }, false);
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
    if (this.changed.size === 0 && this.events.length === 0 && this.attention.length === 0) return;
    const changed = [...this.changed.values()];
    const events = this.events;
    const attention = this.attention;
    this.changed = new Map();
    this.events = [];
    this.attention = [];
    if (write) this.writeAlerts(changed, events);
    this.deps.emit({
      event: 'alerts.changed',
      payload: { alerts: changed.map(toAlert), removed: [], status: this.status(), storms: this.stormStates() },
    });
    for (const payload of attention) this.deps.emit({ event: 'alert.attention', payload });
  }

  /** Writes the pass's alerts, with whatever an earlier failed write left; on failure keeps them all for the next pass. */
  private writeAlerts(changed: AlertRow[], events: { alertId: string; event: AlertEvent }[]): void {
    for (const row of changed) this.unwritten.set(row.id, row);
    this.unwrittenEvents.push(...events);
    const excess = this.unwrittenEvents.length - MAX_UNWRITTEN_EVENTS;
    if (excess > 0) {
      this.unwrittenEvents.splice(0, excess);
      this.droppedEvents += excess;
    }
    const rows = [...this.unwritten.values()];
    const pendingEvents = this.unwrittenEvents;
    const written = this.writeOrKeep(() =>
      this.deps.repos.transaction(() => {
        for (const row of rows) this.deps.repos.alerts.saveAlert(row);
        for (const { alertId, event } of pendingEvents) this.deps.repos.alerts.appendAlertEvent({ alertId, ...event });
      }),
    );
    if (!written) return;
    this.unwritten = new Map();
    this.unwrittenEvents = [];
    if (this.droppedEvents > 0) {
      this.deps.logger.warn({ dropped: this.droppedEvents }, 'alert history entries were dropped while they could not be written');
      this.droppedEvents = 0;
    }
  }

  private writeOrKeep(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      this.deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'writing alerts failed');
      this.deps.writeFailed?.(error);
      return false;
    }
  }

  private scheduleTick(): void {
    if (!this.running) return;
    this.tickTimer = this.deps.timers.after(this.tickMs, () => {
      this.pass(() => this.tick(this.deps.clock.now()));
      this.scheduleTick();
    });
  }

  private tick(now: number): void {
    if (now - this.lastSweepAt >= SWEEP_EVERY_MS) this.sweep(now);
    else for (const fingerprint of [...this.pending]) this.evaluateFingerprint(fingerprint, now);
    const active = this.activeSilences(now);
    for (const row of [...this.open.values()]) this.timeDriven(row, now, active);
  }

  private sweep(now: number): void {
    this.lastSweepAt = now;
    for (const monitorId of this.topology.monitorIds()) this.evaluateMonitor(monitorId, now, false);
    // Open alerts whose monitor or rule is gone resolve, with the reason.
    for (const row of [...this.open.values()]) {
      const rule = this.rules.get(row.ruleId);
      if (row.subject.startsWith('storm:')) continue;
      if (!rule) this.resolve(row, SYSTEM_ACTOR, 'Its rule was deleted', now);
      else if (!rule.enabled) this.resolve(row, SYSTEM_ACTOR, 'Its rule was disabled', now);
      else if (row.subject.startsWith('monitor:') && !this.topology.monitor(row.subject.slice(8)))
        this.resolve(row, SYSTEM_ACTOR, 'Its monitor was deleted', now);
    }
    this.updateStorms(now);
  }

  private evaluateFingerprint(fingerprint: string, now: number): void {
    const subject = fingerprint.slice(fingerprint.indexOf('|') + 1);
    if (subject.startsWith('monitor:')) this.evaluateMonitor(subject.slice(8), now, false);
    else this.pending.delete(fingerprint);
  }

  private evaluateMonitor(monitorId: string, now: number, fromResult: boolean): void {
    const info = this.topology.monitor(monitorId);
    const state = this.deps.facts.stateOf(monitorId);
    if (!info || !state) return;
    const parentInfo = info.parentId ? this.topology.monitor(info.parentId) : undefined;
    const parentState = info.parentId ? this.deps.facts.stateOf(info.parentId) : undefined;
    const facts: MonitorFacts = {
      monitorId,
      name: info.name,
      kind: info.kind,
      state,
      flapping: this.deps.facts.isFlapping(monitorId),
      parent:
        parentInfo && parentState
          ? { name: parentInfo.name, verdict: parentState.verdict, lastProbeFailed: parentState.lastError !== null }
          : null,
    };
    const subject = monitorSubject(monitorId);
    const readings: { rule: Rule; summary: string | null }[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled || isExternalCondition(rule.condition.kind)) continue;
      if (!scopeCovers(rule.scope, info.scopeSubject)) continue;
      readings.push({ rule, summary: readCondition(rule.condition, facts, now) });
    }
    const certInCharge = certRuleInCharge(readings.filter((r) => r.summary !== null).map((r) => r.rule));
    for (const { rule, summary } of readings) {
      const superseded = rule.condition.kind === 'cert-expiring' && certInCharge !== null && certInCharge.id !== rule.id;
      const holding = superseded ? null : summary;
      const held = holding !== null ? raiseHeldBecause(rule.condition, facts, (id) => this.topology.monitor(id)?.name ?? id) : null;
      // A probe result is a new observation; so is every reading of a manual monitor or of a condition with no results of its own.
      const observed = fromResult || info.kind === 'manual' || STATE_ONLY_CONDITIONS.has(rule.condition.kind);
      this.step(rule, subject, holding, held, { name: info.name, siteId: info.siteId }, now, observed, facts);
    }
  }

  /**
   * One rule, one subject: pending, firing, repeats and recovery. `observed` says this reading is a
   * new observation (a probe result, or a condition with no results of its own), so it counts
   * toward the good results a recovery needs.
   */
  private step(
    rule: Rule,
    subject: string,
    summary: string | null,
    heldBecause: string | null,
    where: { name: string; siteId: string | null },
    now: number,
    observed: boolean,
    facts: MonitorFacts | null,
  ): void {
    const fingerprint = fingerprintOf(rule.id, subject);
    const open = this.open.get(fingerprint);
    if (open) {
      const track = this.trackOf(fingerprint);
      if (summary !== null) {
        track.goodStreak = 0;
        const values: Partial<AlertRow> = {};
        if (track.clearedWhileOpen) {
          track.clearedWhileOpen = false;
          values.count = open.count + 1;
          values.lastSeenAt = now;
          this.record(open, 'repeated', SYSTEM_ACTOR, summary);
        }
        if (summary !== open.summary) values.summary = summary;
        this.updateHeld(open, heldBecause, facts, values);
        if (Object.keys(values).length > 0) this.touch(open, values);
        return;
      }
      track.clearedWhileOpen = true;
      if (observed) track.goodStreak += 1;
      const values: Partial<AlertRow> = {};
      this.updateHeld(open, null, facts, values);
      if (Object.keys(values).length > 0) this.touch(open, values);
      if (recoveryMet(rule.recovery, track.goodStreak, facts)) this.resolve(open, SYSTEM_ACTOR, 'The condition cleared', now);
      return;
    }
    if (summary === null) {
      // Quiet and not open, as most rules of most monitors are on every sweep: nothing to remember.
      if (this.tracks.delete(fingerprint)) this.pending.delete(fingerprint);
      this.storms.get(rule.id)?.held.delete(subject);
      return;
    }
    const track = this.trackOf(fingerprint);
    if (track.blockedUntilClear) return;
    if (heldBecause !== null) {
      this.forgetPending(fingerprint, track);
      return;
    }
    if (track.pendingSince === null) track.pendingSince = now;
    if (now - track.pendingSince < rule.pendingMinutes * 60_000) {
      this.pending.add(fingerprint);
      return;
    }
    this.forgetPending(fingerprint, track);
    this.fire(rule, subject, summary, where, now, facts);
  }

  private forgetPending(fingerprint: string, track: Track): void {
    track.pendingSince = null;
    this.pending.delete(fingerprint);
  }

  private updateHeld(open: AlertRow, heldBecause: string | null, facts: MonitorFacts | null, values: Partial<AlertRow>): void {
    if (open.heldBecause !== heldBecause) values.heldBecause = heldBecause;
    const flapping = facts?.flapping ?? false;
    if (open.flapping !== flapping) values.flapping = flapping;
  }

  private fire(
    rule: Rule,
    subject: string,
    summary: string,
    where: { name: string; siteId: string | null },
    now: number,
    facts: MonitorFacts | null,
  ): void {
    if ((this.openCountByRule.get(rule.id) ?? 0) >= rule.maxOpenAlerts) {
      const storm = this.storms.get(rule.id) ?? { ruleId: rule.id, held: new Set<string>(), since: now };
      storm.held.add(subject);
      this.storms.set(rule.id, storm);
      return;
    }
    // A failure inside a flexible maintenance window starts that window.
    this.triggerFlexibleSilences(subject, now);
    const silence = this.silenceFor(subject, this.activeSilences(now));
    const policy = this.policyOf(rule.severity);
    const siteName = where.siteId ? (this.topology.siteName(where.siteId) ?? null) : null;
    const row: AlertRow = {
      id: newAlertId(),
      fingerprint: fingerprintOf(rule.id, subject),
      ruleId: rule.id,
      ruleName: rule.name,
      subject,
      subjectName: where.name,
      siteId: where.siteId,
      siteName,
      severity: rule.severity,
      state: 'firing',
      summary,
      firstSeenAt: now,
      lastSeenAt: now,
      count: 1,
      escalationLevel: 0,
      escalatedAt: null,
      owner: null,
      ackBy: null,
      ackAt: null,
      ackReason: null,
      ackNote: null,
      snoozedUntil: null,
      silencedBy: silence,
      heldBecause: null,
      flapping: facts?.flapping ?? false,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      lastNotification: null,
      nextEscalationAt: policy.escalateAfterMinutes === null ? null : now + policy.escalateAfterMinutes * 60_000,
      notified: false,
    };
    this.index(row);
    this.changed.set(row.id, row);
    this.record(row, 'fired', SYSTEM_ACTOR, silence ? `${summary} (silenced: ${silence.comment})` : summary);
    if (!silence) this.announce(row, 'fired', now);
  }

  private resolve(row: AlertRow, by: string, reason: string, now: number): void {
    const resolved: AlertRow = {
      ...row,
      state: 'resolved',
      resolvedAt: now,
      resolvedBy: by,
      resolution: reason,
      nextEscalationAt: null,
      snoozedUntil: null,
    };
    this.unindex(row);
    this.changed.set(row.id, resolved);
    this.record(resolved, 'resolved', by, reason);
    const track = this.trackOf(row.fingerprint);
    track.goodStreak = 0;
    track.clearedWhileOpen = false;
    if (row.notified) this.notifyChannels(resolved, 'resolved');
  }

  /** Escalation, acknowledgement timeouts, snoozes ending, silences starting and ending. */
  private timeDriven(row: AlertRow, now: number, active: LoadedSilence[]): void {
    const silence = this.silenceFor(row.subject, active);
    const silencedBefore = row.silencedBy !== null;
    let current = row;
    if ((silence === null) !== (row.silencedBy === null) || (silence && JSON.stringify(silence) !== JSON.stringify(row.silencedBy))) {
      current = this.touch(row, { silencedBy: silence });
      if (silence && !silencedBefore) this.record(current, 'silenced', SYSTEM_ACTOR, silence.comment);
      if (!silence && silencedBefore) {
        this.record(current, 'unsilenced', SYSTEM_ACTOR, 'The silence or maintenance window ended');
        if (current.state === 'firing' && current.heldBecause === null && !this.snoozed(current, now)) {
          current = this.restartEscalation(current, now);
          this.announce(current, 'unsilenced', now);
        }
      }
    }
    if (current.snoozedUntil !== null && now >= current.snoozedUntil) {
      current = this.touch(current, { snoozedUntil: null });
      if (current.state === 'firing' && current.silencedBy === null && current.heldBecause === null) {
        current = this.restartEscalation(current, now);
        this.announce(current, 'snooze-ended', now);
      }
    }
    if (current.nextEscalationAt === null || now < current.nextEscalationAt) return;
    const policy = this.policyOf(current.severity);
    if (current.state === 'acknowledged') {
      // The acknowledgement timed out: the alert fires again, to be taken up afresh.
      current = this.touch(current, {
        state: 'firing',
        nextEscalationAt: policy.escalateAfterMinutes === null ? null : now + policy.escalateAfterMinutes * 60_000,
      });
      this.record(
        current,
        're-raised',
        SYSTEM_ACTOR,
        `Acknowledged by ${current.ackBy ?? 'someone'} but not resolved within ${policy.ackTimeoutMinutes ?? '?'} minutes`,
      );
      this.announce(current, 're-raised', now);
      return;
    }
    if (current.silencedBy !== null || current.heldBecause !== null || this.snoozed(current, now)) {
      // Muted on purpose: the clock restarts when it is heard again.
      this.touch(current, { nextEscalationAt: null });
      return;
    }
    const level = Math.min(current.escalationLevel + 1, policy.maxLevel);
    current = this.touch(current, { escalationLevel: level, escalatedAt: now, nextEscalationAt: now + policy.repeatEveryMinutes * 60_000 });
    this.record(
      current,
      'escalated',
      SYSTEM_ACTOR,
      `Not acknowledged after ${Math.round((now - current.firstSeenAt) / 60_000)} minutes: level ${level}`,
    );
    this.announce(current, 'escalated', now);
  }

  private restartEscalation(row: AlertRow, now: number): AlertRow {
    const policy = this.policyOf(row.severity);
    return this.touch(row, { nextEscalationAt: policy.escalateAfterMinutes === null ? null : now + policy.escalateAfterMinutes * 60_000 });
  }

  private snoozed(row: AlertRow, now: number): boolean {
    return row.snoozedUntil !== null && row.snoozedUntil > now;
  }

  /** Sound, banner and OS notification in every console, and the rule's channels. */
  private announce(row: AlertRow, reason: AlertAttention['reason'], now: number): void {
    this.attention.push({
      alertId: row.id,
      severity: row.severity,
      reason,
      title: attentionTitle(row, reason),
      body: row.summary,
      at: now,
    });
    this.notifyChannels(row, reason === 'fired' || reason === 'unsilenced' || reason === 'snooze-ended' ? 'fired' : reason);
    if (!row.notified) this.touch(row, { notified: true });
  }

  private notifyChannels(row: AlertRow, event: NotificationMessage['event']): void {
    const rule = this.rules.get(row.ruleId);
    if (!rule) return;
    for (const channelId of rule.channelIds) {
      const channel = this.channels.get(channelId);
      if (!channel) continue;
      this.deps.notifier.send(channel, {
        alertId: row.id,
        fingerprint: row.fingerprint,
        event,
        severity: row.severity,
        ruleName: row.ruleName,
        summary: row.summary,
        subjectName: row.subjectName,
        siteName: row.siteName,
        firstSeenAt: row.firstSeenAt,
        at: this.deps.clock.now(),
        count: row.count,
        escalationLevel: row.escalationLevel,
        consoleName: this.deps.consoleName(),
      });
    }
  }

  /** A notifier finished (possibly long after the pass that asked for it): record it on the alert. */
  notificationOutcome(message: NotificationMessage, outcome: NotificationOutcome): void {
    if (message.alertId === null) return;
    const alertId = message.alertId;
    this.pass(() => {
      const row = this.openAlert(alertId) ?? this.changed.get(alertId) ?? this.deps.repos.alerts.getAlert(alertId);
      if (!row) return;
      this.deps.repos.alerts.insertNotification({ alertId, ...outcome });
      this.touch(row, { lastNotification: outcome });
      this.record(row, outcome.ok ? 'notified' : 'notify-failed', SYSTEM_ACTOR, `${outcome.channelName}: ${outcome.detail}`);
    });
  }

  // ---- silences ----

  private activeSilences(now: number): LoadedSilence[] {
    // The time zone is a settings read: skip it on the every-second tick when nothing could be active.
    if (this.silences.length === 0) return [];
    const zone = this.deps.timeZone();
    return this.silences.filter(({ row, silence }) => silenceActiveUntil(silence.schedule, row.triggeredAt, now, zone) !== null);
  }

  private silenceFor(subject: string, active: LoadedSilence[]): { id: string; kind: 'silence' | 'maintenance'; comment: string } | null {
    for (const { silence } of active) {
      if (this.scopeCoversSubject(silence.scope, subject)) return { id: silence.id, kind: silence.kind, comment: silence.comment };
    }
    return null;
  }

  private triggerFlexibleSilences(subject: string, now: number): void {
    for (const loaded of this.silences) {
      const { row, silence } = loaded;
      if (!shouldTriggerFlexible(silence.schedule, row.triggeredAt, now) || !this.scopeCoversSubject(silence.scope, subject)) continue;
      this.deps.repos.alerts.updateSilence(row.id, { triggeredAt: now, updatedAt: now });
      loaded.row = { ...row, triggeredAt: now, updatedAt: now };
      loaded.silence = toSilence(loaded.row, null);
    }
  }

  private scopeCoversSubject(scope: Parameters<typeof scopeCovers>[0], subject: string): boolean {
    if (scope.kind === 'all') return true;
    if (!subject.startsWith('monitor:')) return false;
    const info = this.topology.monitor(subject.slice(8));
    return info !== undefined && scopeCovers(scope, info.scopeSubject);
  }

  private externalInScope(rule: Rule, subject: ExternalSubject): boolean {
    return rule.scope.kind === 'all' || (rule.scope.kind === 'site' && rule.scope.siteId === subject.siteId);
  }

  // ---- storms ----

  /** One "alert storm" alert per rule that is holding alerts back, resolved when none are held. */
  private updateStorms(now: number): void {
    for (const storm of this.storms.values()) {
      const rule = this.rules.get(storm.ruleId);
      const fingerprint = fingerprintOf(storm.ruleId, stormSubject(storm.ruleId));
      const open = this.open.get(fingerprint);
      if (storm.held.size === 0 || !rule) {
        if (open) this.resolve(open, SYSTEM_ACTOR, 'The storm is over: no alerts are held back', now);
        continue;
      }
      const summary = `Alert storm: "${rule.name}" is holding back ${storm.held.size} more alert${storm.held.size === 1 ? '' : 's'} (cap ${rule.maxOpenAlerts})`;
      if (open) {
        if (open.summary !== summary) this.touch(open, { summary, lastSeenAt: now });
        continue;
      }
      const stormRule: Rule = {
        ...rule,
        severity: severityRank(rule.severity) < severityRank('high') ? rule.severity : 'high',
        maxOpenAlerts: Number.MAX_SAFE_INTEGER,
      };
      this.fire(stormRule, stormSubject(storm.ruleId), summary, { name: `Rule "${rule.name}"`, siteId: null }, now, null);
    }
  }

  // ---- bookkeeping ----

  private trackOf(fingerprint: string): Track {
    let track = this.tracks.get(fingerprint);
    if (!track) {
      track = { pendingSince: null, goodStreak: 0, clearedWhileOpen: false, blockedUntilClear: false };
      this.tracks.set(fingerprint, track);
    }
    return track;
  }

  private index(row: AlertRow): void {
    if (!this.open.has(row.fingerprint)) this.openCountByRule.set(row.ruleId, (this.openCountByRule.get(row.ruleId) ?? 0) + 1);
    this.open.set(row.fingerprint, row);
  }

  private unindex(row: AlertRow): void {
    if (this.open.get(row.fingerprint)?.id !== row.id) return;
    this.open.delete(row.fingerprint);
    this.openCountByRule.set(row.ruleId, (this.openCountByRule.get(row.ruleId) ?? 1) - 1);
  }

  /** Replaces an alert with changed values, in memory and in this pass's writes. */
  private touch(row: AlertRow, values: Partial<AlertRow>): AlertRow {
    const next = { ...row, ...values };
    const current = this.open.get(row.fingerprint);
    if (current && current.id === row.id && next.state !== 'resolved') this.open.set(row.fingerprint, next);
    this.changed.set(next.id, next);
    return next;
  }

  private record(row: AlertRow, kind: AlertEvent['kind'], actor: string, detail: string): void {
    this.events.push({ alertId: row.id, event: { at: this.deps.clock.now(), kind, actor, detail } });
  }
}

function attentionTitle(row: AlertRow, reason: AlertAttention['reason']): string {
  const where = row.siteName ? ` — ${row.siteName}` : '';
  const prefix = reason === 'escalated' ? `Escalated (level ${row.escalationLevel}): ` : reason === 're-raised' ? 'Again: ' : '';
  return `${prefix}${row.severity.toUpperCase()} ${row.ruleName}${where}`;
}
