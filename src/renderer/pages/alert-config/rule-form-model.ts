import {
  RuleInput,
  type ConditionKind,
  type Recovery,
  type Rule,
  type RuleCondition,
  type RuleSpec,
  type Severity,
} from '../../../shared/contract';
import { formatUptime } from '../../format/quantities';
import { checkWithContract, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';
import { scopeDraftOf, scopeFields, scopeFromDraft, type ScopeDraft } from './scope';

export const CONDITION_LABEL: Record<ConditionKind, string> = {
  'monitor-down': 'Monitor down',
  degraded: 'Degraded',
  'cert-expiring': 'Certificate expiring within N days',
  'heartbeat-missed': 'Heartbeat missed',
  'probe-error': 'Probe error',
  flapping: 'Flapping',
  'latency-above': 'Latency above X ms',
  'backup-failed': 'Backup failed',
  'backup-overdue': 'No good backup in its window',
  'backup-verify-failed': 'A stored backup failed verification',
  'backup-test-restore-failed': 'The weekly test restore failed',
  'incident-sla-breached': 'Incident missed its respond or resolve target',
  'incident-step-skipped': 'SOP step skipped in an incident',
  'disk-full': "The disk holding the console's data is full",
  'security-account-locked': 'An account was locked after failed sign-ins',
  'security-source-failures': 'Ten failed sign-ins from one seat or address',
  'security-role-raised': 'A person was made an admin',
  'security-admin-unusual-hour': 'An admin signed in between 02:00 and 05:59',
  'security-refused-commands': 'Three refused commands by one person within an hour',
  'console-health-warning': "The console's own health crossed a warning threshold",
  'console-health-critical': "The console's own health crossed a critical threshold",
  'handover-not-accepted': 'A shift handover not accepted 15 minutes after the shift change',
  'backup-key-rotation-due': "A backup job's key is due for rotation",
};
export const CONDITION_KINDS = Object.keys(CONDITION_LABEL) as ConditionKind[];

/** The form's values exactly as the inputs hold them; every kind's parameter is kept, so switching kind keeps what was typed. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  scope: ScopeDraft;
  conditionKind: ConditionKind;
  certDays: string;
  latencyAboveMs: string;
  pendingMinutes: string;
  recoveryKind: Recovery['kind'];
  recoveryCount: string;
  recoveryBelowMs: string;
  severity: Severity;
  /** The routing table of its severity, or only the channels ticked. */
  routing: 'table' | 'channels';
  channelIds: readonly string[];
  maxOpenAlerts: string;
}

export function emptyRuleDraft(): RuleDraft {
  return {
    name: '',
    enabled: true,
    scope: { kind: 'all', siteId: '', monitorId: '', tag: '' },
    conditionKind: 'monitor-down',
    certDays: '14',
    latencyAboveMs: '1000',
    pendingMinutes: '0',
    recoveryKind: 'good-results',
    recoveryCount: '1',
    recoveryBelowMs: '',
    severity: 'high',
    routing: 'table',
    channelIds: [],
    maxOpenAlerts: '200',
  };
}

export function draftFromRule(rule: Rule): RuleDraft {
  const empty = emptyRuleDraft();
  return {
    name: rule.name,
    enabled: rule.enabled,
    scope: scopeDraftOf(rule.scope),
    conditionKind: rule.condition.kind,
    certDays: rule.condition.kind === 'cert-expiring' ? String(rule.condition.days) : empty.certDays,
    latencyAboveMs: rule.condition.kind === 'latency-above' ? String(rule.condition.thresholdMs) : empty.latencyAboveMs,
    pendingMinutes: String(rule.pendingMinutes),
    recoveryKind: rule.recovery.kind,
    recoveryCount: rule.recovery.kind === 'good-results' ? String(rule.recovery.count) : empty.recoveryCount,
    recoveryBelowMs: rule.recovery.kind === 'latency-below' ? String(rule.recovery.thresholdMs) : empty.recoveryBelowMs,
    severity: rule.severity,
    routing: rule.routing,
    channelIds: rule.channelIds,
    maxOpenAlerts: String(rule.maxOpenAlerts),
  };
}

/** A saved rule as rules.update takes it: to change one thing (enabled) and keep the rest. */
export function ruleSpecOf(rule: Rule): RuleSpec {
  const { name, enabled, scope, condition, pendingMinutes, recovery, severity, routing, channelIds, maxOpenAlerts } = rule;
  return { name, enabled, scope, condition, pendingMinutes, recovery, severity, routing, channelIds, maxOpenAlerts };
}

/** Only a "latency above" rule may recover on a separate latency; every other rule recovers on good results. */
function effectiveRecoveryKind(draft: RuleDraft): Recovery['kind'] {
  return draft.conditionKind === 'latency-above' ? draft.recoveryKind : 'good-results';
}

function conditionFromDraft(draft: RuleDraft, errors: FieldErrors): Record<string, unknown> {
  switch (draft.conditionKind) {
    case 'cert-expiring':
      return { kind: 'cert-expiring', days: readWholeNumber('condition.days', draft.certDays, errors) };
    case 'latency-above':
      return { kind: 'latency-above', thresholdMs: readWholeNumber('condition.thresholdMs', draft.latencyAboveMs, errors) };
    default:
      return { kind: draft.conditionKind };
  }
}

function recoveryFromDraft(draft: RuleDraft, errors: FieldErrors): Record<string, unknown> {
  return effectiveRecoveryKind(draft) === 'latency-below'
    ? { kind: 'latency-below', thresholdMs: readWholeNumber('recovery.thresholdMs', draft.recoveryBelowMs, errors) }
    : { kind: 'good-results', count: readWholeNumber('recovery.count', draft.recoveryCount, errors) };
}

/** Checks the draft with the contract's RuleInput, so the form says what core would say before anything is sent. */
export function validateRuleDraft(draft: RuleDraft): DraftValidation<RuleSpec> {
  const errors: FieldErrors = {};
  const candidate = {
    name: draft.name,
    enabled: draft.enabled,
    scope: scopeFromDraft(draft.scope, errors),
    condition: conditionFromDraft(draft, errors),
    pendingMinutes: readWholeNumber('pendingMinutes', draft.pendingMinutes, errors),
    recovery: recoveryFromDraft(draft, errors),
    severity: draft.severity,
    routing: draft.routing,
    // A rule on the routing table keeps no channels of its own: what is not shown is not sent.
    channelIds: draft.routing === 'channels' ? [...draft.channelIds] : [],
    maxOpenAlerts: readWholeNumber('maxOpenAlerts', draft.maxOpenAlerts, errors),
  };
  return checkWithContract(RuleInput, candidate, errors);
}

/** The contract paths the form shows for this draft, in the order they appear. */
export function ruleFormFields(draft: RuleDraft): readonly string[] {
  const conditionParameter =
    draft.conditionKind === 'cert-expiring' ? ['condition.days'] : draft.conditionKind === 'latency-above' ? ['condition.thresholdMs'] : [];
  const recoveryKind = draft.conditionKind === 'latency-above' ? ['recovery'] : [];
  const recoveryParameter = effectiveRecoveryKind(draft) === 'latency-below' ? 'recovery.thresholdMs' : 'recovery.count';
  return [
    'name',
    ...scopeFields(draft.scope.kind),
    'condition',
    ...conditionParameter,
    'pendingMinutes',
    ...recoveryKind,
    recoveryParameter,
    'maxOpenAlerts',
    'severity',
    'routing',
    'channelIds',
  ];
}

export function describeCondition(condition: RuleCondition): string {
  switch (condition.kind) {
    case 'cert-expiring':
      return `Certificate expires within ${condition.days} ${condition.days === 1 ? 'day' : 'days'}`;
    case 'latency-above':
      return `Latency above ${condition.thresholdMs} ms`;
    default:
      return CONDITION_LABEL[condition.kind];
  }
}

export function describeRecovery(recovery: Recovery): string {
  if (recovery.kind === 'latency-below') return `Latency below ${recovery.thresholdMs} ms`;
  return recovery.count === 1 ? 'After 1 good result' : `After ${recovery.count} good results in a row`;
}

export function describePending(minutes: number): string {
  return minutes === 0 ? 'At once' : `Holds ${formatUptime(minutes * 60_000)}`;
}
