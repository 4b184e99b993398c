import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { SopStep, StepKind } from '../../../shared/contract';
import { refuseInputValue } from '../../../shared/domain/sop-checklist';
import { isTyping } from '../../keyboard/is-typing';
import { FieldErrorMessage } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';

export interface StepDoneAnswer {
  note: string;
  answer?: 'yes' | 'no';
  value?: string;
}

interface StepDoneDialogProps {
  step: SopStep;
  /** The template's steps, to say where each answer of a yes/no step leads. */
  steps: readonly SopStep[];
  pending: boolean;
  error: string | null;
  onSubmit: (answer: StepDoneAnswer) => void;
  onCancel: () => void;
}

function whereItLeads(target: SopStep['onYes'], steps: readonly SopStep[]): string {
  if (target === 'end') return 'nothing more to do';
  if (target === null) return 'the next step';
  return `“${steps.find((candidate) => candidate.id === target)?.title ?? target}”`;
}

const ANSWER_KEYS: Record<string, 'yes' | 'no'> = { y: 'yes', n: 'no' };

const DIALOG_TITLE: Record<StepKind, string> = { check: 'Mark the step done', 'yes-no': 'Answer the step', input: 'Enter the value' };

/**
 * Marks one step done with what it asks for: a yes/no answer (y or n), a value checked against the
 * step's pattern before it is sent, and an optional note.
 */
export function StepDoneDialog({ step, steps, pending, error, onSubmit, onCancel }: StepDoneDialogProps) {
  const [answer, setAnswer] = useState<'yes' | 'no' | null>(null);
  const [value, setValue] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const valueRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const valueId = useId();
  const noteId = useId();

  const pick = (picked: 'yes' | 'no') => {
    setAnswer(picked);
    noteRef.current?.focus();
  };
  const submit = () => {
    if (step.kind === 'yes-no') {
      if (answer !== null) onSubmit({ note, answer });
    } else if (step.kind === 'input' && step.input !== null) {
      const typed = value.trim();
      const problem = refuseInputValue(step.input, typed);
      setRefusal(problem);
      if (problem === null) onSubmit({ note, value: typed });
      else valueRef.current?.focus();
    } else {
      onSubmit({ note });
    }
  };
  const onKey = (event: KeyboardEvent<HTMLFormElement>) => {
    const picked = ANSWER_KEYS[event.key];
    if (step.kind !== 'yes-no' || picked === undefined || isTyping(event.target)) return false;
    pick(picked);
    return true;
  };

  const complete: Record<StepKind, boolean> = { check: true, 'yes-no': answer !== null, input: value.trim() !== '' };
  // A yes/no question starts on the dialog itself, so y and n answer it at once.
  const firstField: Record<StepKind, RefObject<HTMLInputElement | null> | undefined> = {
    check: noteRef,
    'yes-no': undefined,
    input: valueRef,
  };
  return (
    <KeyboardDialog
      title={DIALOG_TITLE[step.kind]}
      testIdPrefix="step-done"
      subject={
        <>
          <strong>{step.title}</strong>
          {step.detail ? <p className="muted">{step.detail}</p> : null}
        </>
      }
      submitLabel="Done"
      canSubmit={complete[step.kind]}
      pending={pending}
      error={error}
      onSubmit={submit}
      onCancel={onCancel}
      onKey={onKey}
      initialFocus={firstField[step.kind]}
    >
      {step.kind === 'yes-no' ? (
        <div className="choice-group" role="radiogroup" aria-label="Answer">
          {(['yes', 'no'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              role="radio"
              aria-checked={answer === choice}
              className="choice"
              onClick={() => pick(choice)}
              data-testid={`step-answer-${choice}`}
            >
              <kbd className="key">{choice === 'yes' ? 'y' : 'n'}</kbd> {choice === 'yes' ? 'Yes' : 'No'}
              <span className="incident-dialog__leads">→ {whereItLeads(choice === 'yes' ? step.onYes : step.onNo, steps)}</span>
            </button>
          ))}
        </div>
      ) : null}
      {step.kind === 'input' && step.input !== null ? (
        <div className={`form-row${refusal !== null ? ' form-row--invalid' : ''}`}>
          <label className="form-row__label" htmlFor={valueId}>
            {step.input.label}
          </label>
          <input
            ref={valueRef}
            id={valueId}
            className="input"
            type="text"
            maxLength={500}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setRefusal(null);
            }}
            aria-invalid={refusal !== null ? true : undefined}
            aria-describedby={
              [step.input.example ? `${valueId}-hint` : '', refusal !== null ? `${valueId}-error` : ''].filter(Boolean).join(' ') ||
              undefined
            }
            placeholder={step.input.example}
            data-testid="step-value"
          />
          {step.input.example ? (
            <p className="form-row__hint" id={`${valueId}-hint`}>
              For example <span className="mono">{step.input.example}</span>
            </p>
          ) : null}
          {refusal !== null ? <FieldErrorMessage field="value" id={`${valueId}-error`} message={refusal} /> : null}
        </div>
      ) : null}
      <div className="field">
        <label className="field__label" htmlFor={noteId}>
          Note <span className="muted">(optional{step.kind === 'yes-no' && answer === null ? '; answer first: y or n' : ''})</span>
        </label>
        <input
          ref={noteRef}
          id={noteId}
          className="input"
          type="text"
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="What you saw or did"
          data-testid="step-note"
        />
      </div>
    </KeyboardDialog>
  );
}
