import type { IncidentEventKind, IncidentState, StepStatus } from '../../shared/contract';

/** "INC-42": how people name an incident on the radio and in reports. */
export function incidentName(number: number): string {
  return `INC-${number}`;
}

export const STATE_LABEL: Record<IncidentState, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  fixing: 'Fixing',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const STEP_STATUS_LABEL: Record<StepStatus, string> = { open: 'Open', done: 'Done', skipped: 'Skipped' };

export const EVENT_KIND_LABEL: Record<IncidentEventKind, string> = {
  created: 'Created',
  'alert-linked': 'Alert linked',
  state: 'State',
  priority: 'Priority',
  claimed: 'Claimed',
  'takeover-requested': 'Takeover asked',
  'takeover-declined': 'Takeover declined',
  'taken-over': 'Taken over',
  'handed-over': 'Handed over',
  'step-done': 'Step done',
  'step-skipped': 'Step skipped',
  'step-reopened': 'Step reopened',
  note: 'Note',
  'status-update': 'Status update',
  'update-due': 'Update due',
  'respond-breached': 'Respond target missed',
  'resolve-breached': 'Resolve target missed',
  review: 'Review',
  resolved: 'Resolved',
};

/** A failed command in the words core used; anything else still says something. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
