import {
  SopTemplateInput,
  type SopStep,
  type SopStepPage,
  type SopTemplate,
  type SopTemplateSpec,
  type StepKind,
} from '../../../shared/contract';
import type { FieldError } from '../../transport/transport';
import { checkWithContract, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';

/** A branch as the picker holds it: '' for the next step in order, 'end', or a step id. */
export type TargetChoice = string;
export const NEXT_STEP: TargetChoice = '';
export const END: TargetChoice = 'end';

/** One step exactly as the inputs hold it; every kind's fields are kept, so switching kind back keeps what was typed. */
export interface StepDraft {
  /** Stable while the form is open: React keys, focus and errors follow a step when it moves. */
  key: string;
  id: string;
  title: string;
  detail: string;
  required: boolean;
  role: string;
  timeLimitMinutes: string;
  kind: StepKind;
  onYes: TargetChoice;
  onNo: TargetChoice;
  inputLabel: string;
  inputPattern: string;
  inputExample: string;
  /** The console page the step is done on; '' for none. */
  page: SopStepPage | '';
}

export interface SopDraft {
  slug: string;
  name: string;
  description: string;
  steps: readonly StepDraft[];
}

let lastStepKey = 0;
function nextStepKey(): string {
  lastStepKey += 1;
  return `step-key-${lastStepKey}`;
}

function stepDraftOf(step: SopStep): StepDraft {
  return {
    key: nextStepKey(),
    id: step.id,
    title: step.title,
    detail: step.detail,
    required: step.required,
    role: step.role ?? '',
    timeLimitMinutes: step.timeLimitMinutes === null ? '' : String(step.timeLimitMinutes),
    kind: step.kind,
    onYes: step.onYes ?? NEXT_STEP,
    onNo: step.onNo ?? NEXT_STEP,
    inputLabel: step.input?.label ?? '',
    inputPattern: step.input?.pattern ?? '',
    inputExample: step.input?.example ?? '',
    page: step.page ?? '',
  };
}

export function draftOf(template: SopTemplate): SopDraft {
  return { slug: template.slug, name: template.name, description: template.description, steps: template.steps.map(stepDraftOf) };
}

/** A new step with an id no other step has ("step-4"): ids must be unique, and the author may rename it. */
export function newStep(steps: readonly StepDraft[]): StepDraft {
  const taken = new Set(steps.map((step) => step.id));
  let number = steps.length + 1;
  while (taken.has(`step-${number}`)) number += 1;
  return {
    key: nextStepKey(),
    id: `step-${number}`,
    title: '',
    detail: '',
    required: true,
    role: '',
    timeLimitMinutes: '',
    kind: 'check',
    onYes: NEXT_STEP,
    onNo: NEXT_STEP,
    inputLabel: '',
    inputPattern: '',
    inputExample: '',
    page: '',
  };
}

/** A template with one empty step: a template needs at least one. */
export function newTemplateDraft(): SopDraft {
  return { slug: '', name: '', description: '', steps: [newStep([])] };
}

/** The steps with one moved by `delta` places; unchanged at either end. */
export function moveStep(steps: readonly StepDraft[], key: string, delta: -1 | 1): readonly StepDraft[] {
  const from = steps.findIndex((step) => step.key === key);
  const to = from + delta;
  const moving = steps[from];
  if (from === -1 || moving === undefined || to < 0 || to >= steps.length) return steps;
  const rest = steps.filter((step) => step.key !== key);
  return [...rest.slice(0, to), moving, ...rest.slice(to)];
}

/**
 * One step changed. A renamed id is renamed in the branches that name it too, so renaming never
 * breaks a branch that worked.
 */
export function editStep(steps: readonly StepDraft[], key: string, patch: Partial<Omit<StepDraft, 'key'>>): readonly StepDraft[] {
  const before = steps.find((step) => step.key === key);
  const renamed = before !== undefined && patch.id !== undefined && patch.id !== before.id ? { from: before.id, to: patch.id } : null;
  const follow = (target: TargetChoice) => (renamed !== null && target === renamed.from ? renamed.to : target);
  return steps.map((step) => {
    const edited = step.key === key ? { ...step, ...patch } : step;
    return renamed === null ? edited : { ...edited, onYes: follow(edited.onYes), onNo: follow(edited.onNo) };
  });
}

/** The template as sops.save takes it; number fields that are not whole numbers are reported in `errors`. */
function candidateOf(draft: SopDraft, errors: FieldErrors): SopTemplateInput {
  return {
    slug: draft.slug.trim(),
    name: draft.name,
    description: draft.description,
    steps: draft.steps.map((step, index) => {
      const minutesPath = `steps.${index}.timeLimitMinutes`;
      const minutes = step.timeLimitMinutes.trim() === '' ? null : (readWholeNumber(minutesPath, step.timeLimitMinutes, errors) ?? null);
      return {
        id: step.id.trim(),
        title: step.title,
        detail: step.detail,
        required: step.required,
        role: step.role.trim() === '' ? null : step.role,
        timeLimitMinutes: minutes,
        kind: step.kind,
        onYes: step.kind === 'yes-no' && step.onYes !== NEXT_STEP ? step.onYes : null,
        onNo: step.kind === 'yes-no' && step.onNo !== NEXT_STEP ? step.onNo : null,
        input:
          step.kind === 'input'
            ? { label: step.inputLabel, pattern: step.inputPattern === '' ? null : step.inputPattern, example: step.inputExample }
            : null,
        page: step.page === '' ? null : step.page,
      };
    }),
  };
}

/**
 * Checks the draft with the contract's own schema, so the form refuses what core would, with the
 * same paths (`steps.2.onYes`). `takenSlugs`: a new template may not take an existing one's slug,
 * which would silently save it as that template's next version.
 */
export function validateSopDraft(draft: SopDraft, takenSlugs: ReadonlySet<string> | null): DraftValidation<SopTemplateSpec> {
  const errors: FieldErrors = {};
  if (takenSlugs?.has(draft.slug.trim())) errors.slug = 'A template with this slug exists: pick it in the list to edit it';
  return checkWithContract(SopTemplateInput, candidateOf(draft, errors), errors);
}

/** The fields of a step an error can sit beside; '' is the step as a whole. */
export type StepField =
  | 'id'
  | 'title'
  | 'detail'
  | 'required'
  | 'role'
  | 'timeLimitMinutes'
  | 'kind'
  | 'onYes'
  | 'onNo'
  | 'input.label'
  | 'input.pattern'
  | 'input.example'
  | 'page'
  | '';
const STEP_FIELDS: readonly string[] = [
  'id',
  'title',
  'detail',
  'required',
  'role',
  'timeLimitMinutes',
  'kind',
  'onYes',
  'onNo',
  'input.label',
  'input.pattern',
  'input.example',
  'page',
];
const TEMPLATE_FIELDS = ['slug', 'name', 'description', 'steps'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Errors placed on the form: by template field, by step (its key, so they follow it when it moves), and the rest. */
export interface PlacedSopErrors {
  template: Partial<Record<TemplateField, string>>;
  steps: Record<string, Partial<Record<StepField, string>>>;
  unplaced: string[];
}

export const NO_SOP_ERRORS: PlacedSopErrors = { template: {}, steps: {}, unplaced: [] };

function stepFieldOf(rest: string): StepField {
  if (STEP_FIELDS.includes(rest)) return rest as StepField;
  // "An input step needs a label": said beside the label.
  if (rest === 'input') return 'input.label';
  return '';
}

/** Places contract paths ("name", "steps", "steps.2.onYes") on the steps of `draft` as it was when checked or sent. */
export function placeSopErrors(errors: readonly FieldError[], draft: SopDraft): PlacedSopErrors {
  const placed: PlacedSopErrors = { template: {}, steps: {}, unplaced: [] };
  for (const { path, message } of errors) {
    const stepMatch = /^steps\.(\d+)(?:\.(.+))?$/.exec(path);
    const step = stepMatch ? draft.steps[Number(stepMatch[1])] : undefined;
    if (step !== undefined) {
      const field = stepFieldOf(stepMatch?.[2] ?? '');
      const byField = (placed.steps[step.key] ??= {});
      byField[field] ??= message;
    } else if ((TEMPLATE_FIELDS as readonly string[]).includes(path)) {
      placed.template[path as TemplateField] ??= message;
    } else {
      placed.unplaced.push(path ? `${path}: ${message}` : message);
    }
  }
  return placed;
}
