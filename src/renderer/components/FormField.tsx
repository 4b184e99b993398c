import type { ReactNode } from 'react';

/** What ties an input to its label, hint and error, for screen readers and for aria-invalid styling. */
export interface FieldAttributes {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FormFieldProps {
  /** The contract's path of this field ("probe.url", "timeoutSeconds"): errors are matched to fields by it. */
  field: string;
  /** The input's id; defaults to one derived from the field path. */
  id?: string;
  label: string;
  hint?: string;
  error: string | undefined;
  className?: string;
  children: (attributes: FieldAttributes) => ReactNode;
}

export function fieldInputId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A labelled input with its hint and, when there is one, its error right below it. */
export function FormField({ field, id = fieldInputId(field), label, hint, error, className, children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter((part) => part !== null).join(' ');
  return (
    <div className={`form-row${error ? ' form-row--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="form-row__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {hint ? (
        <p className="form-row__hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {error ? <FieldErrorMessage field={field} id={errorId ?? undefined} message={error} /> : null}
    </div>
  );
}

interface TextFieldProps {
  field: string;
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'url' | 'password';
  maxLength?: number;
  autoComplete?: string;
  testId?: string;
}

/** A labelled one-line text input: the common case of FormField. */
export function TextField({
  field,
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  maxLength,
  autoComplete,
  testId,
}: TextFieldProps) {
  return (
    <FormField field={field} id={id} label={label} hint={hint} error={error}>
      {(attributes) => (
        <input
          {...attributes}
          className="input"
          type={type}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          maxLength={maxLength}
          autoComplete={autoComplete}
          data-testid={testId}
        />
      )}
    </FormField>
  );
}

export function FieldErrorMessage({ field, id, message }: { field: string; id?: string; message: string }) {
  return (
    <p className="field__error" id={id} data-testid="field-error" data-field={field}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

/** Errors core reported for paths no field on the form shows: still said, never dropped. */
export function FormErrors({ title, messages, testId }: { title: string; messages: readonly string[]; testId?: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="form-errors" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
