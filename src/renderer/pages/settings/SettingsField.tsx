import type { ReactNode } from 'react';

interface SettingsFieldProps {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  /** Renders the input, given the attributes that tie it to its label, hint and error. */
  children: (describedBy: { 'aria-describedby'?: string; 'aria-invalid'?: true; id: string }) => ReactNode;
}

export function SettingsFieldRow({ id, label, hint, error, children }: SettingsFieldProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter((part) => part !== null).join(' ');
  return (
    <div className={error ? 'form-row form-row--invalid' : 'form-row'}>
      <label className="form-row__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {hint ? (
        <p className="form-row__hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId ?? undefined} data-testid={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
