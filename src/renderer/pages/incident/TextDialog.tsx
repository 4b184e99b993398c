import { useId, useRef, useState, type ReactNode } from 'react';
import { FieldErrorMessage } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';

interface TextDialogProps {
  title: string;
  testIdPrefix: string;
  subject?: ReactNode;
  label: string;
  /** Said under the field: what happens when this is sent (who is told, what is audited). */
  hint?: string;
  placeholder: string;
  /** Whether something must be written before it can be sent. */
  required: boolean;
  /** Said beside the field when a required answer is sent empty ("Say why the step is skipped."). */
  requiredMessage?: string;
  maxLength: number;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/** One question, one text answer: a note, a reason to skip, a reason to take over without consent. */
export function TextDialog({
  title,
  testIdPrefix,
  subject,
  label,
  hint,
  placeholder,
  required,
  requiredMessage = 'Write something here first.',
  maxLength,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: TextDialogProps) {
  const [text, setText] = useState('');
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  return (
    <KeyboardDialog
      title={title}
      testIdPrefix={testIdPrefix}
      subject={subject}
      submitLabel={submitLabel}
      canSubmit={!required || text.trim() !== ''}
      pending={pending}
      error={error}
      onSubmit={() => onSubmit(text.trim())}
      onCancel={onCancel}
      initialFocus={fieldRef}
    >
      {(triedIncomplete) => (
        <div className="field">
          <label className="field__label" htmlFor={fieldId}>
            {label} {required ? null : <span className="muted">(optional)</span>}
          </label>
          <textarea
            ref={fieldRef}
            id={fieldId}
            className="input incident-dialog__text"
            rows={3}
            maxLength={maxLength}
            required={required}
            aria-describedby={hint ? `${fieldId}-hint` : undefined}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={placeholder}
            aria-invalid={triedIncomplete && required && text.trim() === '' ? true : undefined}
            data-testid={`${testIdPrefix}-text`}
          />
          {triedIncomplete && required && text.trim() === '' ? <FieldErrorMessage field="text" message={requiredMessage} /> : null}
          {hint ? (
            <p className="form-row__hint" id={`${fieldId}-hint`}>
              {hint}
            </p>
          ) : null}
        </div>
      )}
    </KeyboardDialog>
  );
}
