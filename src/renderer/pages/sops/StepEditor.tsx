import type { KeyboardEvent, Ref } from 'react';
import { SOP_STEP_PAGES, STEP_KINDS, type SopStepPage, type StepKind } from '../../../shared/contract';
import { isTyping } from '../../keyboard/is-typing';
import { FieldErrorMessage, FormField, type FieldAttributes } from '../../components/FormField';
import { NAV_ITEMS } from '../../components/nav-items';
import { END, NEXT_STEP, type StepDraft, type StepField, type TargetChoice } from './sop-draft';

const KIND_LABEL: Record<StepKind, string> = {
  check: 'Check: done or not',
  'yes-no': 'Yes / no question',
  input: 'Enter a value',
};

type StepPatch = Partial<Omit<StepDraft, 'key'>>;

interface StepEditorProps {
  step: StepDraft;
  index: number;
  count: number;
  /** The steps after this one: the only places a branch may go. */
  laterSteps: readonly StepDraft[];
  errors: Partial<Record<StepField, string>>;
  onEdit: (patch: StepPatch, field: StepField) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  elementRef: Ref<HTMLLIElement>;
}

function stepLabel(step: StepDraft, number: number): string {
  return `${number}. ${step.title.trim() || step.id}`;
}

/** Where a yes or no answer leads: the next step, the end, or a later step (a checklist never loops back). */
function TargetPicker({
  attributes,
  value,
  laterSteps,
  firstLaterNumber,
  onChange,
  testId,
}: {
  attributes: FieldAttributes;
  value: TargetChoice;
  laterSteps: readonly StepDraft[];
  firstLaterNumber: number;
  onChange: (value: TargetChoice) => void;
  testId: string;
}) {
  // A branch to a step that was moved above this one or removed stays shown, so the error beside it makes sense.
  const stranded = value !== NEXT_STEP && value !== END && !laterSteps.some((step) => step.id === value);
  return (
    <select {...attributes} className="input" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      <option value={NEXT_STEP}>Next step</option>
      <option value={END}>End: nothing more to do</option>
      {laterSteps.map((step, offset) => (
        <option key={step.key} value={step.id}>
          {stepLabel(step, firstLaterNumber + offset)}
        </option>
      ))}
      {stranded ? <option value={value}>{value} (not a later step)</option> : null}
    </select>
  );
}

/**
 * One step of the template being edited: its fields, and buttons (or Alt+↑/Alt+↓ while the step
 * or one of its buttons has focus) to move it.
 */
export function StepEditor({ step, index, count, laterSteps, errors, onEdit, onMove, onRemove, elementRef }: StepEditorProps) {
  const number = index + 1;
  const idOf = (field: string) => `sop-step-${step.key}-${field}`;
  const fieldProps = (field: Exclude<StepField, ''>) => ({
    field: `steps.${index}.${field}`,
    id: idOf(field.replace('.', '-')),
    error: errors[field],
  });
  const headingId = idOf('heading');

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    // Alt+arrows in a text field or a list (which it opens) are the field's own.
    if (!event.altKey || isTyping(event.target) || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    onMove(event.key === 'ArrowUp' ? -1 : 1);
  };

  return (
    <li
      ref={elementRef}
      className={`sop-form-step${Object.keys(errors).length > 0 ? ' sop-form-step--invalid' : ''}`}
      tabIndex={0}
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      data-testid="sop-editor-step"
      data-step-id={step.id}
    >
      <div className="sop-form-step__head">
        <h4 className="sop-form-step__title" id={headingId}>
          Step {number}
          {step.title.trim() ? `: ${step.title.trim()}` : ''}
        </h4>
        <div className="sop-form-step__buttons">
          <button
            type="button"
            className="button button--small"
            disabled={index === 0}
            onClick={() => onMove(-1)}
            data-testid="sop-step-up"
          >
            Move up <kbd className="key">Alt+↑</kbd>
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            data-testid="sop-step-down"
          >
            Move down <kbd className="key">Alt+↓</kbd>
          </button>
          <button
            type="button"
            className="button button--small button--danger-quiet"
            disabled={count === 1}
            onClick={onRemove}
            data-testid="sop-step-remove"
          >
            Remove
          </button>
        </div>
      </div>
      {errors[''] ? <FieldErrorMessage field={`steps.${index}`} message={errors['']} /> : null}
      <div className="sop-form-step__fields">
        <FormField {...fieldProps('title')} label="Title" className="sop-form-step__wide">
          {(a) => (
            <input
              {...a}
              className="input"
              value={step.title}
              maxLength={160}
              onChange={(e) => onEdit({ title: e.target.value }, 'title')}
              autoComplete="off"
              data-testid="sop-step-title"
            />
          )}
        </FormField>
        <FormField {...fieldProps('id')} label="Step id" hint="Stays the same across versions; a yes/no step names it to branch here.">
          {(a) => (
            <input
              {...a}
              className="input mono"
              value={step.id}
              maxLength={48}
              onChange={(e) => onEdit({ id: e.target.value }, 'id')}
              autoComplete="off"
              spellCheck={false}
              data-testid="sop-step-id"
            />
          )}
        </FormField>
        <FormField
          {...fieldProps('detail')}
          label="Detail"
          hint="What exactly to do, whom to call, what to say."
          className="sop-form-step__wide"
        >
          {(a) => (
            <textarea
              {...a}
              className="input"
              rows={2}
              value={step.detail}
              maxLength={4000}
              onChange={(e) => onEdit({ detail: e.target.value }, 'detail')}
              data-testid="sop-step-detail"
            />
          )}
        </FormField>
        <FormField {...fieldProps('kind')} label="Kind">
          {(a) => (
            <select
              {...a}
              className="input"
              value={step.kind}
              onChange={(e) => onEdit({ kind: e.target.value as StepKind }, 'kind')}
              data-testid="sop-step-kind"
            >
              {STEP_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField {...fieldProps('role')} label="Role" hint="Who does it, e.g. supervisor; empty: whoever owns the incident.">
          {(a) => (
            <input
              {...a}
              className="input"
              value={step.role}
              maxLength={60}
              onChange={(e) => onEdit({ role: e.target.value }, 'role')}
              autoComplete="off"
              data-testid="sop-step-role"
            />
          )}
        </FormField>
        <FormField {...fieldProps('page')} label="Done on" hint="A console page the checklist opens for this step.">
          {(a) => (
            <select
              {...a}
              className="input"
              value={step.page}
              onChange={(e) => onEdit({ page: e.target.value as SopStepPage | '' }, 'page')}
              data-testid="sop-step-page-choice"
            >
              <option value="">No page</option>
              {SOP_STEP_PAGES.map((page) => (
                <option key={page} value={page}>
                  {NAV_ITEMS.find((item) => item.page === page)?.label ?? page}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField {...fieldProps('timeLimitMinutes')} label="Time limit (min)" hint="From the incident's start; empty: none.">
          {(a) => (
            <input
              {...a}
              className="input input--short"
              inputMode="numeric"
              value={step.timeLimitMinutes}
              onChange={(e) => onEdit({ timeLimitMinutes: e.target.value }, 'timeLimitMinutes')}
              maxLength={6}
              data-testid="sop-step-time-limit"
            />
          )}
        </FormField>
        <div className={`form-row${errors.required ? ' form-row--invalid' : ''}`}>
          <label className="check">
            <input
              type="checkbox"
              id={idOf('required')}
              checked={step.required}
              onChange={(e) => onEdit({ required: e.target.checked }, 'required')}
              data-testid="sop-step-required"
            />
            Required: the incident resolves with it open only with an override reason
          </label>
          {errors.required ? <FieldErrorMessage field={`steps.${index}.required`} message={errors.required} /> : null}
        </div>
        {step.kind === 'yes-no' ? (
          <>
            <FormField {...fieldProps('onYes')} label="If yes, go to">
              {(a) => (
                <TargetPicker
                  attributes={a}
                  value={step.onYes}
                  laterSteps={laterSteps}
                  firstLaterNumber={number + 1}
                  onChange={(onYes) => onEdit({ onYes }, 'onYes')}
                  testId="sop-step-on-yes"
                />
              )}
            </FormField>
            <FormField {...fieldProps('onNo')} label="If no, go to">
              {(a) => (
                <TargetPicker
                  attributes={a}
                  value={step.onNo}
                  laterSteps={laterSteps}
                  firstLaterNumber={number + 1}
                  onChange={(onNo) => onEdit({ onNo }, 'onNo')}
                  testId="sop-step-on-no"
                />
              )}
            </FormField>
          </>
        ) : null}
        {step.kind === 'input' ? (
          <>
            <FormField {...fieldProps('input.label')} label="What to enter" hint="e.g. Police reference">
              {(a) => (
                <input
                  {...a}
                  className="input"
                  value={step.inputLabel}
                  maxLength={120}
                  onChange={(e) => onEdit({ inputLabel: e.target.value }, 'input.label')}
                  autoComplete="off"
                  data-testid="sop-step-input-label"
                />
              )}
            </FormField>
            <FormField
              {...fieldProps('input.pattern')}
              label="Pattern (regular expression)"
              hint="The whole value must match, e.g. ^[A-Z]{2}-\d{6}$ (RE2 syntax: no look-ahead, look-behind or back-references); empty: anything."
            >
              {(a) => (
                <input
                  {...a}
                  className="input mono"
                  value={step.inputPattern}
                  maxLength={200}
                  onChange={(e) => onEdit({ inputPattern: e.target.value }, 'input.pattern')}
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="sop-step-input-pattern"
                />
              )}
            </FormField>
            <FormField {...fieldProps('input.example')} label="Example" hint="What a valid value looks like, e.g. AB-123456.">
              {(a) => (
                <input
                  {...a}
                  className="input"
                  value={step.inputExample}
                  maxLength={120}
                  onChange={(e) => onEdit({ inputExample: e.target.value }, 'input.example')}
                  autoComplete="off"
                  data-testid="sop-step-input-example"
                />
              )}
            </FormField>
          </>
        ) : null}
      </div>
    </li>
  );
}
