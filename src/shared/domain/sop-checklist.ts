import type { SopStep, StepInputSpec, StepRecord } from '../contract/incidents';
import { compilePattern } from '../contract/patterns';

const MINUTE_MS = 60_000;

export interface ChecklistItem {
  step: SopStep;
  record: StepRecord;
  onPath: boolean;
  /** done or skipped past its time limit counted from the incident start, or open and past it now */
  overdue: boolean;
}

function openRecord(stepId: string): StepRecord {
  return { stepId, status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null };
}

export function emptyStepRecords(steps: readonly SopStep[]): StepRecord[] {
  return steps.map((step) => openRecord(step.id));
}

type StepOnPath = Omit<ChecklistItem, 'overdue'>;

/** Where an answered yes/no step leads; null (next in order) for anything else, a skipped yes/no step included. */
function branchTarget(step: SopStep, record: StepRecord): string | null {
  if (step.kind !== 'yes-no' || record.status !== 'done' || record.answer === null) return null;
  return record.answer === 'yes' ? step.onYes : step.onNo;
}

/**
 * Each step with its record (matched by step id; a step without one is open) and whether the
 * answers so far lead through it. Branches only go forward (the template is refused otherwise), so
 * one pass in template order does: a branch drops every step up to its target, and `end` drops the
 * rest. An unanswered yes/no step leads nowhere yet, so what follows it stays on the path; an
 * answer left on a step that is now off the path leads nowhere either.
 */
function stepsOnPath(steps: readonly SopStep[], records: readonly StepRecord[]): StepOnPath[] {
  const byStepId = new Map(records.map((record) => [record.stepId, record]));
  let jumpingTo: string | null = null;
  let ended = false;
  return steps.map((step) => {
    const record = byStepId.get(step.id) ?? openRecord(step.id);
    if (ended || (jumpingTo !== null && step.id !== jumpingTo)) return { step, record, onPath: false };
    const target = branchTarget(step, record);
    ended = target === 'end';
    jumpingTo = target === 'end' ? null : target;
    return { step, record, onPath: true };
  });
}

function isOverdue({ step, record }: StepOnPath, startedAt: number, now: number): boolean {
  if (step.timeLimitMinutes === null) return false;
  const limitAt = startedAt + step.timeLimitMinutes * MINUTE_MS;
  const finishedAt = record.status === 'open' ? now : record.at;
  return finishedAt !== null && finishedAt > limitAt;
}

export function checklist(steps: readonly SopStep[], records: readonly StepRecord[], startedAt: number, now: number): ChecklistItem[] {
  // A step off the path is no work to be late with.
  return stepsOnPath(steps, records).map((item) => ({ ...item, overdue: item.onPath && isOverdue(item, startedAt, now) }));
}

function openStepsOnPath(steps: readonly SopStep[], records: readonly StepRecord[]): SopStep[] {
  return stepsOnPath(steps, records)
    .filter((item) => item.onPath && item.record.status === 'open')
    .map((item) => item.step);
}

export function openRequiredSteps(steps: readonly SopStep[], records: readonly StepRecord[]): SopStep[] {
  return openStepsOnPath(steps, records).filter((step) => step.required);
}

/** The first open step on the path, or null when nothing is left. */
export function nextOpenStepId(steps: readonly SopStep[], records: readonly StepRecord[]): string | null {
  return openStepsOnPath(steps, records)[0]?.id ?? null;
}

/** "Police reference" reads "police reference" mid-sentence; "CAD number" keeps its capitals. */
function lowerCaseStart(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** Why a value for an input step is refused ("Use the form AB-123456"), or null when it is fine. Empty values are refused. */
export function refuseInputValue(spec: StepInputSpec, value: string): string | null {
  // Judged as stored: the command trims the value before it keeps it.
  const trimmed = value.trim();
  if (trimmed === '') return `Enter the ${lowerCaseStart(spec.label)}`;
  if (spec.pattern === null) return null;
  const pattern = compilePattern(spec.pattern);
  // A template saved before patterns were checked this way may hold one the engine cannot run; the
  // contract refuses it on every save and import, and the step must still be doable meanwhile.
  if (!pattern.ok) return pattern.checking === true ? pattern.refusal : null;
  // The whole value must match, whether or not the pattern was written with ^ and $.
  if (pattern.matchesWhole(trimmed)) return null;
  return spec.example === '' ? `Does not match the expected form ${spec.pattern}` : `Use the form ${spec.example}`;
}
