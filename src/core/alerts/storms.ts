import type { Rule, StormState } from '../../shared/contract';
import type { MonitorFacts } from '../../shared/domain/alert-rules';
import { severityRank } from '../../shared/domain/severity';
import type { AlertRow } from '../db';
import type { AlertConfig } from './config-cache';
import { SYSTEM_ACTOR } from './lifecycle';
import { fingerprintOf, stormSubject, type OpenAlerts } from './open-alerts';

interface StormRecord {
  ruleId: string;
  held: Set<string>;
  since: number;
}

/** What the storm alert needs of evaluation: raising and resolving alerts. */
export interface StormActions {
  fire(
    rule: Rule,
    subject: string,
    summary: string,
    where: { name: string; siteId: string | null },
    now: number,
    facts: MonitorFacts | null,
  ): void;
  resolve(row: AlertRow, by: string, reason: string, now: number): void;
}

/** Alerts a rule holds back once it has its maximum open, and the one "alert storm" alert that says so. */
export class Storms {
  private storms = new Map<string, StormRecord>();

  constructor(private readonly deps: { config: AlertConfig; open: OpenAlerts }) {}

  /** The rule is at its cap: this subject's alert is held back. */
  hold(ruleId: string, subject: string, now: number): void {
    const storm = this.storms.get(ruleId) ?? { ruleId, held: new Set<string>(), since: now };
    storm.held.add(subject);
    this.storms.set(ruleId, storm);
  }

  /** The subject's condition cleared: nothing is held back for it any more. */
  release(ruleId: string, subject: string): void {
    this.storms.get(ruleId)?.held.delete(subject);
  }

  states(): StormState[] {
    return [...this.storms.values()]
      .filter((s) => s.held.size > 0)
      .map((s) => ({
        ruleId: s.ruleId,
        ruleName: this.deps.config.rules.get(s.ruleId)?.name ?? s.ruleId,
        held: s.held.size,
        since: s.since,
      }));
  }

  /** One "alert storm" alert per rule that is holding alerts back, resolved when none are held. */
  update(now: number, actions: StormActions, touch: (row: AlertRow, values: Partial<AlertRow>) => void): void {
    for (const storm of this.storms.values()) {
      const rule = this.deps.config.rules.get(storm.ruleId);
      const fingerprint = fingerprintOf(storm.ruleId, stormSubject(storm.ruleId));
      const open = this.deps.open.get(fingerprint);
      if (storm.held.size === 0 || !rule) {
        if (open) actions.resolve(open, SYSTEM_ACTOR, 'The storm is over: no alerts are held back', now);
        continue;
      }
      const summary = `Alert storm: "${rule.name}" is holding back ${storm.held.size} more alert${storm.held.size === 1 ? '' : 's'} (cap ${rule.maxOpenAlerts})`;
      if (open) {
        if (open.summary !== summary) touch(open, { summary, lastSeenAt: now });
        continue;
      }
      const stormRule: Rule = {
        ...rule,
        severity: severityRank(rule.severity) < severityRank('high') ? rule.severity : 'high',
        maxOpenAlerts: Number.MAX_SAFE_INTEGER,
      };
      actions.fire(stormRule, stormSubject(storm.ruleId), summary, { name: `Rule "${rule.name}"`, siteId: null }, now, null);
    }
  }
}
