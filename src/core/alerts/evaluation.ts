import { randomBytes } from 'node:crypto';
import type { MonitorState, Rule } from '../../shared/contract';
import { certRuleInCharge, raiseHeldBecause, readCondition, recoveryMet, type MonitorFacts } from '../../shared/domain/alert-rules';
import { scopeCovers } from '../../shared/domain/alert-scope';
import type { AlertRow } from '../db';
import type { AlertConfig } from './config-cache';
import { NO_OPEN_ALERT, SYSTEM_ACTOR, lifecycleOf, stateAfter } from './lifecycle';
import type { AlertNotifications } from './notifications';
import { fingerprintOf, type OpenAlerts } from './open-alerts';
import type { Silencing } from './silencing';
import type { Storms } from './storms';
import { monitorFingerprint, type Topology } from './topology';
import type { WritePass } from './write-pass';

export interface MonitorFactsSource {
  stateOf(monitorId: string): MonitorState | null | undefined;
  /** Flapping as of now: it ends with time, not only with a status change. */
  isFlapping(monitorId: string): boolean;
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
  'security-account-locked',
  'security-source-failures',
  'security-role-raised',
  'security-admin-unusual-hour',
  'security-refused-commands',
  'console-health-warning',
  'console-health-critical',
  'handover-not-accepted',
  'backup-key-rotation-due',
] as const;
export type ExternalConditionKind = (typeof EXTERNAL_CONDITION_KINDS)[number];
const isExternalCondition = (kind: string): kind is ExternalConditionKind => (EXTERNAL_CONDITION_KINDS as readonly string[]).includes(kind);
/**
 * External conditions that are a standing state rather than an event: reported again while their
 * alert is open (the producer forgot it had, after a restart) they are the same occurrence, not a repeat.
 */
const STANDING_EXTERNAL_CONDITIONS: ReadonlySet<ExternalConditionKind> = new Set([
  'backup-overdue',
  'console-health-warning',
  'console-health-critical',
  'handover-not-accepted',
  'backup-key-rotation-due',
]);
export interface ExternalSubject {
  /** `backup-job:<id>` */
  subject: string;
  name: string;
  siteId: string | null;
}

/** Per fingerprint: what the rule saw last, between alerts and while one is open. */
export interface Track {
  pendingSince: number | null;
  goodStreak: number;
  /** The condition cleared while the alert stayed open: its return is a repeat. */
  clearedWhileOpen: boolean;
  /** Resolved by hand while the condition still held: no new alert until it clears once. */
  blockedUntilClear: boolean;
}

function newAlertId(): string {
  return randomBytes(9).toString('base64url');
}

const STATE_ONLY_CONDITIONS = new Set(['flapping', 'cert-expiring']);

export interface EvaluationDeps {
  facts: MonitorFactsSource;
  topology: () => Topology;
  config: AlertConfig;
  open: OpenAlerts;
  writes: WritePass;
  silencing: Silencing;
  storms: Storms;
  notifications: AlertNotifications;
}

/** Rules read against monitor facts and external reports: pending, firing, repeats, recovery and resolution. */
export class Evaluation {
  readonly tracks = new Map<string, Track>();
  /** Fingerprints waiting out their rule's pending minutes: the every-second tick looks at these. */
  readonly pending = new Set<string>();
  lastSweepAt = 0;
  /** The enabled rules read against monitors, kept per configuration load: every monitor's evaluation walks them. */
  private monitorRules: { from: Map<string, Rule>; rules: Rule[] } = { from: new Map(), rules: [] };

  constructor(private readonly deps: EvaluationDeps) {}

  private rulesForMonitors(): Rule[] {
    const { rules } = this;
    if (this.monitorRules.from !== rules)
      this.monitorRules = {
        from: rules,
        rules: [...rules.values()].filter((rule) => rule.enabled && !isExternalCondition(rule.condition.kind)),
      };
    return this.monitorRules.rules;
  }

  private get rules(): Map<string, Rule> {
    return this.deps.config.rules;
  }

  private get open(): OpenAlerts {
    return this.deps.open;
  }

  private get topology(): Topology {
    return this.deps.topology();
  }

  /** A backup job (or another producer outside probes) reports a failure: raises or repeats its alert. */
  reportExternal(kind: ExternalConditionKind, subject: ExternalSubject, summary: string, now: number): void {
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
      this.step(rule, subject.subject, fingerprint, summary, null, { name: subject.name, siteId: subject.siteId }, now, true, null);
    }
  }

  /** The producer reports the condition is over (a good backup): the alert resolves. */
  clearExternal(kind: ExternalConditionKind, subject: ExternalSubject, reason: string, now: number): void {
    for (const rule of this.rules.values()) {
      if (rule.condition.kind !== kind) continue;
      const open = this.open.get(fingerprintOf(rule.id, subject.subject));
      if (open) this.resolve(open, SYSTEM_ACTOR, reason, now);
    }
  }

  sweep(now: number): void {
    this.lastSweepAt = now;
    const parents = new Map<string, MonitorFacts['parent']>();
    for (const monitorId of this.topology.monitorIds()) this.evaluateMonitor(monitorId, now, false, parents);
    // Open alerts whose monitor or rule is gone resolve, with the reason.
    for (const row of [...this.open.values()]) {
      const rule = this.rules.get(row.ruleId);
      if (row.subject.startsWith('storm:')) continue;
      if (!rule) this.resolve(row, SYSTEM_ACTOR, 'Its rule was deleted', now);
      else if (!rule.enabled) this.resolve(row, SYSTEM_ACTOR, 'Its rule was disabled', now);
      else if (row.subject.startsWith('monitor:') && !this.topology.monitor(row.subject.slice(8)))
        this.resolve(row, SYSTEM_ACTOR, 'Its monitor was retired', now);
    }
    this.deps.storms.update(now, this, (row, values) => this.touch(row, values));
  }

  evaluateFingerprint(fingerprint: string, now: number): void {
    const subject = fingerprint.slice(fingerprint.indexOf('|') + 1);
    if (subject.startsWith('monitor:')) this.evaluateMonitor(subject.slice(8), now, false);
    else this.pending.delete(fingerprint);
  }

  /** `parents`: parents already read in this pass (a sweep reads each once for all its children; nothing changes a state during it). */
  evaluateMonitor(monitorId: string, now: number, fromResult: boolean, parents?: Map<string, MonitorFacts['parent']>): void {
    const info = this.topology.monitor(monitorId);
    const state = this.deps.facts.stateOf(monitorId);
    if (!info || !state) return;
    const facts: MonitorFacts = {
      monitorId,
      name: info.name,
      kind: info.kind,
      state,
      flapping: this.deps.facts.isFlapping(monitorId),
      parent: info.parentId ? this.parentFacts(info.parentId, parents) : null,
    };
    const readings: { rule: Rule; summary: string | null }[] = [];
    const holdingRules: Rule[] = [];
    for (const rule of this.rulesForMonitors()) {
      if (!scopeCovers(rule.scope, info.scopeSubject)) continue;
      const summary = readCondition(rule.condition, facts, now);
      readings.push({ rule, summary });
      if (summary !== null) holdingRules.push(rule);
    }
    const certInCharge = certRuleInCharge(holdingRules);
    const where = { name: info.name, siteId: info.siteId };
    const nameOf = (id: string) => this.topology.monitor(id)?.name ?? id;
    for (const { rule, summary } of readings) {
      const superseded = rule.condition.kind === 'cert-expiring' && certInCharge !== null && certInCharge.id !== rule.id;
      const holding = superseded ? null : summary;
      const held = holding !== null ? raiseHeldBecause(rule.condition, facts, nameOf) : null;
      // A probe result is a new observation; so is every reading of a manual monitor or of a condition with no results of its own.
      const observed = fromResult || info.kind === 'manual' || STATE_ONLY_CONDITIONS.has(rule.condition.kind);
      this.step(rule, info.subject, monitorFingerprint(info, rule.id), holding, held, where, now, observed, facts);
    }
  }

  private parentFacts(parentId: string, parents?: Map<string, MonitorFacts['parent']>): MonitorFacts['parent'] {
    const known = parents?.get(parentId);
    if (known !== undefined) return known;
    const info = this.topology.monitor(parentId);
    const state = this.deps.facts.stateOf(parentId);
    const parent = info && state ? { name: info.name, verdict: state.verdict, lastProbeFailed: state.lastError !== null } : null;
    parents?.set(parentId, parent);
    return parent;
  }

  /**
   * One rule, one subject: pending, firing, repeats and recovery. `observed` says this reading is a
   * new observation (a probe result, or a condition with no results of its own), so it counts
   * toward the good results a recovery needs.
   */
  private step(
    rule: Rule,
    subject: string,
    fingerprint: string,
    summary: string | null,
    heldBecause: string | null,
    where: { name: string; siteId: string | null },
    now: number,
    observed: boolean,
    facts: MonitorFacts | null,
  ): void {
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
      this.deps.storms.release(rule.id, subject);
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

  fire(
    rule: Rule,
    subject: string,
    summary: string,
    where: { name: string; siteId: string | null },
    now: number,
    facts: MonitorFacts | null,
  ): void {
    if (this.open.countOf(rule.id) >= rule.maxOpenAlerts) {
      this.deps.storms.hold(rule.id, subject, now);
      return;
    }
    // A failure inside a flexible maintenance window starts that window.
    this.deps.silencing.triggerFlexibleSilences(subject, now);
    const silence = this.deps.silencing.silenceFor(subject, this.deps.silencing.activeSilences(now));
    const policy = this.deps.config.policyOf(rule.severity);
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
      state: stateAfter(NO_OPEN_ALERT, { kind: 'fire' }),
      summary,
      firstSeenAt: now,
      lastSeenAt: now,
      count: 1,
      escalationLevel: 0,
      escalatedAt: null,
      owner: null,
      ownerId: null,
      ownerSeat: null,
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
    this.open.index(row);
    this.deps.writes.put(row);
    this.record(row, 'fired', SYSTEM_ACTOR, silence ? `${summary} (silenced: ${silence.comment})` : summary);
    if (!silence) this.deps.notifications.announce(row, 'fired', now);
  }

  resolve(row: AlertRow, by: string, reason: string, now: number): void {
    const resolved: AlertRow = {
      ...row,
      state: stateAfter(lifecycleOf(row), { kind: 'resolve' }),
      resolvedAt: now,
      resolvedBy: by,
      resolution: reason,
      nextEscalationAt: null,
      snoozedUntil: null,
    };
    this.open.unindex(row);
    this.deps.writes.put(resolved);
    this.record(resolved, 'resolved', by, reason);
    const track = this.trackOf(row.fingerprint);
    track.goodStreak = 0;
    track.clearedWhileOpen = false;
    if (row.notified) this.deps.notifications.notifyChannels(resolved, 'resolved');
  }

  trackOf(fingerprint: string): Track {
    let track = this.tracks.get(fingerprint);
    if (!track) {
      track = { pendingSince: null, goodStreak: 0, clearedWhileOpen: false, blockedUntilClear: false };
      this.tracks.set(fingerprint, track);
    }
    return track;
  }

  private externalInScope(rule: Rule, subject: ExternalSubject): boolean {
    return rule.scope.kind === 'all' || (rule.scope.kind === 'site' && rule.scope.siteId === subject.siteId);
  }

  private touch(row: AlertRow, values: Partial<AlertRow>): AlertRow {
    return this.deps.writes.touch(row, values);
  }

  private record(...args: Parameters<WritePass['record']>): void {
    this.deps.writes.record(...args);
  }
}
