import type { Channel, EscalationLevels, EscalationPolicy, OnCallSchedule, Rule, RoutingTable, Severity } from '../../shared/contract';
import { DEFAULT_ESCALATION } from '../../shared/domain/alert-rules';
import { DEFAULT_ROUTING, defaultLevels } from '../../shared/domain/routing';
import type { Clock } from '../../shared/domain/clock';
import type { Repositories, SilenceRow } from '../db';
import { withBuiltInRules } from './builtin-rules';
import { toChannel, toPolicy, toRule, toSilence } from './model';
import { toSchedule } from './routing-model';

export interface LoadedSilence {
  row: SilenceRow;
  silence: ReturnType<typeof toSilence>;
}

/** Rules, escalation policies and levels, routing, on-call schedules, channels and silences as stored, read again whenever a command changes them. */
export class AlertConfig {
  rules = new Map<string, Rule>();
  policies = new Map<Severity, EscalationPolicy>();
  channels = new Map<string, Channel>();
  silences: LoadedSilence[] = [];
  routing: RoutingTable = DEFAULT_ROUTING;
  levels = new Map<Severity, EscalationLevels>();
  schedules = new Map<string, OnCallSchedule>();
  /** A person's contact channel, by user id. */
  contacts = new Map<string, string>();

  constructor(private readonly deps: { repos: Repositories; clock: Clock }) {}

  reload(): void {
    const { repos } = this.deps;
    this.rules = withBuiltInRules(new Map(repos.alerts.listRules().map((row) => [row.id, toRule(row)])), this.deps.clock.now());
    this.policies = new Map(repos.alerts.listPolicies().map((row) => [row.severity, toPolicy(row)]));
    this.channels = new Map(repos.alerts.listChannels().map((row) => [row.id, toChannel(row)]));
    this.silences = repos.alerts.listSilences().map((row) => ({ row, silence: toSilence(row, null) }));
    const routing = repos.routing.getRoutingTable();
    this.routing = routing ? { routes: routing.routes, pagerScheduleId: routing.pagerScheduleId } : DEFAULT_ROUTING;
    this.levels = new Map(repos.routing.listLevels().map((row) => [row.severity, { severity: row.severity, levels: row.levels }]));
    this.schedules = new Map(repos.routing.listSchedules().map((row) => [row.id, toSchedule(row)]));
    this.contacts = new Map(repos.routing.listContacts().map((row) => [row.userId, row.channelId]));
  }

  /** Stored levels, or the defaults: the supervisors' schedule is the pager's schedule, else the first schedule there is. */
  levelsOf(severity: Severity): EscalationLevels {
    const stored = this.levels.get(severity);
    if (stored) return stored;
    const supervisors = this.routing.pagerScheduleId ?? this.schedules.keys().next().value ?? null;
    return defaultLevels(this.policyOf(severity), supervisors);
  }

  /** The highest level an alert of this severity reaches: the policy's cap, and no more levels than are named. */
  topLevelOf(severity: Severity): number {
    return Math.min(this.policyOf(severity).maxLevel, this.levelsOf(severity).levels.length);
  }

  /** Minutes from reaching `level` (1-based) to the next escalation. */
  minutesAfterLevel(severity: Severity, level: number): number {
    return this.levelsOf(severity).levels[level - 1]?.minutesToNext ?? this.policyOf(severity).repeatEveryMinutes;
  }

  policyOf(severity: Severity): EscalationPolicy {
    return this.policies.get(severity) ?? DEFAULT_ESCALATION.find((p) => p.severity === severity)!;
  }
}
