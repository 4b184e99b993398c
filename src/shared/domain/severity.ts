import type { Severity } from '../contract/alerts';
import { SEVERITIES } from '../contract/severities';

// Looked up, not searched: the alert queue's sort asks it twice per comparison. Its keys are SEVERITIES'.
const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((severity, rank) => [severity, rank])) as Readonly<Record<Severity, number>>;

/**
 * A severity's place in SEVERITIES, worst first (0 is critical): the rank used to sort and compare.
 * A module of its own, not in alert-rules.ts: the early script's queue paint sorts with it, and
 * alert-rules.ts would add about 3 kB to that inline script.
 */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}
