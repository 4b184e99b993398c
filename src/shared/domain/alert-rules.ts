import type { EscalationPolicy, Recovery, RuleCondition, RuleSpec, Severity } from '../contract/alerts';
import type { MonitorState } from '../contract/monitoring';
import { suppressedBecause } from './monitor-status';

/** What the rules need to know about one monitor, at one moment. */
export interface MonitorFacts {
  monitorId: string;
  name: string;
  /** The probe kind: heartbeat monitors miss heartbeats rather than go down. */
  kind: string;
  state: MonitorState;
  /** Flapping as of now (it ends with time, not only with a new status). */
  flapping: boolean;
  parent: { name: string; verdict: MonitorState['verdict']; lastProbeFailed: boolean } | null;
}

const DAY_MS = 86_400_000;

/** ": connection refused", or nothing when the last check did not fail. */
function because(state: MonitorState): string {
  return state.lastError ? `: ${state.lastError}` : '';
}

/**
 * What an operator reads on the alert when a rule's condition holds for a monitor now ("Depot
 * uplink is down: connection refused"); null when it does not hold. The text is only built for a
 * condition that holds: a sweep reads every rule of every monitor, and most hold for none.
 * Backup conditions never hold for a monitor.
 */
export function readCondition(condition: RuleCondition, facts: MonitorFacts, now: number): string | null {
  const { state, name } = facts;
  switch (condition.kind) {
    case 'monitor-down':
      return facts.kind !== 'heartbeat' && state.verdict === 'down' ? `${name} is down${because(state)}` : null;
    case 'heartbeat-missed':
      return facts.kind === 'heartbeat' && state.verdict === 'down' ? `${name} missed its heartbeat${because(state)}` : null;
    case 'degraded':
      if (state.verdict !== 'degraded') return null;
      return `${name} is slow${state.lastLatencyMs === null ? '' : ` (${Math.round(state.lastLatencyMs)} ms)`}`;
    case 'probe-error': {
      // A monitor not checked yet is not failing; a heartbeat that never came is (it waits for the device).
      const checked = state.lastCheckAt !== null || facts.kind === 'heartbeat';
      return checked && state.verdict === 'unknown' && state.cause.kind === 'own' ? `${name} cannot be checked${because(state)}` : null;
    }
    case 'flapping':
      return facts.flapping ? `${name} is flapping (more than 5 changes in 10 minutes)` : null;
    case 'cert-expiring': {
      if (state.certExpiresAt === null || state.certExpiresAt - now > condition.days * DAY_MS) return null;
      const daysLeft = Math.floor((state.certExpiresAt - now) / DAY_MS);
      const when =
        state.certExpiresAt <= now
          ? 'has expired'
          : daysLeft < 1
            ? 'expires within a day'
            : `expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
      return `The certificate of ${name} ${when}`;
    }
    case 'latency-above':
      if (state.verdict === 'down' || state.lastLatencyMs === null || state.lastLatencyMs <= condition.thresholdMs) return null;
      return `${name} answers in ${Math.round(state.lastLatencyMs)} ms (above ${condition.thresholdMs} ms)`;
    case 'backup-failed':
    case 'backup-overdue':
    case 'backup-verify-failed':
    case 'backup-test-restore-failed':
    case 'incident-sla-breached':
    case 'incident-step-skipped':
    case 'disk-full':
    case 'security-account-locked':
    case 'security-source-failures':
    case 'security-role-raised':
    case 'security-admin-unusual-hour':
    case 'security-refused-commands':
    case 'console-health-warning':
    case 'console-health-critical':
    case 'handover-not-accepted':
    case 'backup-key-rotation-due':
      return null;
  }
}

/**
 * Why a monitor whose condition holds raises no new alert (null: it may). Dependency suppression,
 * maintenance, pauses and flapping are the probes' own rules (`suppressedBecause`); on top of it, a child whose parent has
 * just failed a probe waits for the parent's verdict, so a dead uplink that its children notice
 * first still makes one alert, not one per child.
 */
export function raiseHeldBecause(condition: RuleCondition, facts: MonitorFacts, parentName: (id: string) => string): string | null {
  const { state } = facts;
  if (condition.kind === 'cert-expiring') {
    // A certificate expires whatever else is going on; only a pause or maintenance holds it.
    return state.cause.kind === 'paused' ? 'paused' : state.cause.kind === 'maintenance' ? 'in maintenance' : null;
  }
  const suppressed = suppressedBecause(state.cause, condition.kind === 'flapping' ? false : facts.flapping, parentName);
  if (suppressed) return suppressed;
  const parent = facts.parent;
  if (
    parent &&
    parent.verdict !== 'down' &&
    parent.lastProbeFailed &&
    (condition.kind === 'monitor-down' || condition.kind === 'heartbeat-missed' || condition.kind === 'probe-error')
  ) {
    return `waiting for its parent ${parent.name}, which just failed a check`;
  }
  return null;
}

/** Whether an open alert whose condition no longer holds may resolve. */
export function recoveryMet(recovery: Recovery, goodStreak: number, facts: MonitorFacts | null): boolean {
  if (recovery.kind === 'good-results') return goodStreak >= recovery.count;
  const latency = facts?.state.lastLatencyMs ?? null;
  return latency !== null && latency < recovery.thresholdMs;
}

/** The built-in rule that reminds an admin to rotate a backup job's key; the alert view offers the rotation on its alerts. */
export const KEY_ROTATION_RULE_ID = 'builtin-backup-key-rotation-due';

/** Stable ids, so an operator's edits to a built-in rule survive upgrades and a reset finds them. */
export const BUILT_IN_RULES: readonly (RuleSpec & { id: string })[] = [
  rule('builtin-monitor-down', 'Monitor down', { kind: 'monitor-down' }, 'critical', 0),
  rule('builtin-heartbeat-missed', 'Heartbeat missed', { kind: 'heartbeat-missed' }, 'high', 0),
  rule('builtin-degraded', 'Degraded for 5 minutes', { kind: 'degraded' }, 'medium', 5),
  rule('builtin-probe-error', 'Cannot be checked for 10 minutes', { kind: 'probe-error' }, 'medium', 10),
  rule('builtin-flapping', 'Flapping', { kind: 'flapping' }, 'medium', 0),
  rule('builtin-cert-30', 'Certificate expires within 30 days', { kind: 'cert-expiring', days: 30 }, 'low', 0),
  rule('builtin-cert-14', 'Certificate expires within 14 days', { kind: 'cert-expiring', days: 14 }, 'medium', 0),
  rule('builtin-cert-7', 'Certificate expires within 7 days', { kind: 'cert-expiring', days: 7 }, 'high', 0),
  rule('builtin-backup-failed', 'Backup failed', { kind: 'backup-failed' }, 'high', 0),
  rule('builtin-backup-overdue', 'No good backup within its window', { kind: 'backup-overdue' }, 'high', 0),
  rule('builtin-backup-verify-failed', 'A stored backup failed verification', { kind: 'backup-verify-failed' }, 'high', 0),
  rule('builtin-backup-test-restore-failed', 'The weekly test restore failed', { kind: 'backup-test-restore-failed' }, 'high', 0),
  rule('builtin-incident-sla-breached', 'Incident missed its respond or resolve target', { kind: 'incident-sla-breached' }, 'high', 0),
  rule('builtin-incident-step-skipped', 'SOP step skipped in an incident', { kind: 'incident-step-skipped' }, 'medium', 0),
  rule('builtin-disk-full', "The disk holding the console's data is full", { kind: 'disk-full' }, 'critical', 0),
  rule('builtin-security-account-locked', 'An account was locked after failed sign-ins', { kind: 'security-account-locked' }, 'high', 0),
  rule('builtin-security-source-failures', 'Ten failed sign-ins from one seat or address', { kind: 'security-source-failures' }, 'high', 0),
  rule('builtin-security-role-raised', 'A person was made an admin', { kind: 'security-role-raised' }, 'high', 0),
  rule(
    'builtin-security-admin-unusual-hour',
    'An admin signed in between 02:00 and 05:59',
    { kind: 'security-admin-unusual-hour' },
    'low',
    0,
  ),
  rule(
    'builtin-security-refused-commands',
    'Three refused commands by one person within an hour',
    { kind: 'security-refused-commands' },
    'medium',
    0,
  ),
  rule(
    'builtin-console-health-warning',
    "The console's own health crossed a warning threshold",
    { kind: 'console-health-warning' },
    'medium',
    0,
  ),
  rule(
    'builtin-console-health-critical',
    "The console's own health crossed a critical threshold",
    { kind: 'console-health-critical' },
    'critical',
    0,
  ),
  rule(
    'builtin-handover-not-accepted',
    'A shift handover not accepted 15 minutes after the shift change',
    { kind: 'handover-not-accepted' },
    'high',
    0,
  ),
  // A reminder the admin acts on when it suits: in the queue, never a sound or a page.
  rule(KEY_ROTATION_RULE_ID, "A backup job's key is due for rotation", { kind: 'backup-key-rotation-due' }, 'low', 0),
];

function rule(id: string, name: string, condition: RuleCondition, severity: Severity, pendingMinutes: number): RuleSpec & { id: string } {
  return {
    id,
    name,
    enabled: true,
    scope: { kind: 'all' },
    condition,
    pendingMinutes,
    recovery: { kind: 'good-results', count: 1 },
    severity,
    routing: 'table',
    channelIds: [],
    maxOpenAlerts: 200,
  };
}

/** DESIGN.md: critical escalates after 5 minutes; the others later or not at all. */
export const DEFAULT_ESCALATION: readonly EscalationPolicy[] = [
  { severity: 'critical', escalateAfterMinutes: 5, repeatEveryMinutes: 5, maxLevel: 3, ackTimeoutMinutes: 60 },
  { severity: 'high', escalateAfterMinutes: 15, repeatEveryMinutes: 15, maxLevel: 2, ackTimeoutMinutes: null },
  { severity: 'medium', escalateAfterMinutes: 60, repeatEveryMinutes: 60, maxLevel: 1, ackTimeoutMinutes: null },
  { severity: 'low', escalateAfterMinutes: null, repeatEveryMinutes: 60, maxLevel: 1, ackTimeoutMinutes: null },
  { severity: 'info', escalateAfterMinutes: null, repeatEveryMinutes: 60, maxLevel: 1, ackTimeoutMinutes: null },
];

/**
 * Of several certificate rules that hold for one monitor, only the nearest deadline raises an
 * alert: "expires within 7 days" replaces "within 30 days" rather than adding a second card.
 */
export function certRuleInCharge<T extends { condition: RuleCondition }>(holding: readonly T[]): T | null {
  let best: T | null = null;
  for (const candidate of holding) {
    if (candidate.condition.kind !== 'cert-expiring') continue;
    if (best === null || (best.condition.kind === 'cert-expiring' && candidate.condition.days < best.condition.days)) best = candidate;
  }
  return best;
}
