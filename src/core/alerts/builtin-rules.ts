import type { Rule } from '../../shared/contract';
import { BUILT_IN_RULES, DEFAULT_ESCALATION } from '../../shared/domain/alert-rules';
import type { Repositories } from '../db';

/** Stores the built-in rules and escalation policies this version has and the database does not yet. */
export function seedBuiltIns(repos: Repositories, now: number): void {
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
        routing: rule.routing ?? 'table',
        channelIds: rule.channelIds,
        maxOpenAlerts: rule.maxOpenAlerts,
        createdAt: now,
        updatedAt: now,
      });
    }
    const policies = new Set(repos.alerts.listPolicies().map((p) => p.severity));
    for (const policy of DEFAULT_ESCALATION) if (!policies.has(policy.severity)) repos.alerts.upsertPolicy(policy);
  });
}

/** The stored rules, plus any built-in rule new in this version that could not be stored (a full disk at start): it still applies. */
export function withBuiltInRules(rules: Map<string, Rule>, now: number): Map<string, Rule> {
  for (const { id, ...spec } of BUILT_IN_RULES)
    if (!rules.has(id))
      rules.set(id, { id, ...spec, routing: spec.routing ?? 'table', builtIn: true, version: 1, createdAt: now, updatedAt: now });
  return rules;
}
