import type { Channel, EscalationPolicy, Rule, Severity } from '../../shared/contract';
import { DEFAULT_ESCALATION } from '../../shared/domain/alert-rules';
import type { Clock } from '../../shared/domain/clock';
import type { Repositories, SilenceRow } from '../db';
import { withBuiltInRules } from './builtin-rules';
import { toChannel, toPolicy, toRule, toSilence } from './model';

export interface LoadedSilence {
  row: SilenceRow;
  silence: ReturnType<typeof toSilence>;
}

/** Rules, escalation policies, channels and silences as stored, read again whenever a command changes them. */
export class AlertConfig {
  rules = new Map<string, Rule>();
  policies = new Map<Severity, EscalationPolicy>();
  channels = new Map<string, Channel>();
  silences: LoadedSilence[] = [];

  constructor(private readonly deps: { repos: Repositories; clock: Clock }) {}

  reload(): void {
    const { repos } = this.deps;
    this.rules = withBuiltInRules(new Map(repos.alerts.listRules().map((row) => [row.id, toRule(row)])), this.deps.clock.now());
    this.policies = new Map(repos.alerts.listPolicies().map((row) => [row.severity, toPolicy(row)]));
    this.channels = new Map(repos.alerts.listChannels().map((row) => [row.id, toChannel(row)]));
    this.silences = repos.alerts.listSilences().map((row) => ({ row, silence: toSilence(row, null) }));
  }

  policyOf(severity: Severity): EscalationPolicy {
    return this.policies.get(severity) ?? DEFAULT_ESCALATION.find((p) => p.severity === severity)!;
  }
}
