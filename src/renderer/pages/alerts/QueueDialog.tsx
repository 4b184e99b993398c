import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { Alert } from '../../../shared/contract';
import { Problem } from '../../components/Problem';
import { SeverityBadge } from '../../components/SeverityBadge';

interface QueueDialogProps {
  title: string;
  alert: Alert;
  /** Names its test ids: `<prefix>-dialog`, `<prefix>-submit`, `<prefix>-cancel`. */
  testIdPrefix: 'ack' | 'snooze' | 'resolve';
  submitLabel: string;
  /** Whether the answer is complete; Enter does nothing until it is. */
  canSubmit: boolean;
  pending: boolean;
  /** Core's refusal of the last try, shown in the dialog so the operator can change the answer. */
  error: string | null;
  onSubmit: () => void;
  onCancel: () => void;
  /** Keys the dialog itself answers (digits that pick a choice); return true when handled. */
  onKey?: (event: KeyboardEvent<HTMLFormElement>) => boolean;
  /** Where focus starts: the dialog itself (so digits pick) unless a field is named. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

/**
 * A small modal form about one alert, for the keyboard first: Enter submits (once the answer is
 * complete), Escape cancels, and focus starts inside it.
 */
export function QueueDialog({ title, alert, testIdPrefix, submitLabel, canSubmit, pending, error, onSubmit, onCancel, onKey, initialFocus, children }: QueueDialogProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = useId();
  useEffect(() => {
    (initialFocus?.current ?? formRef.current)?.focus();
  }, [initialFocus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !pending) onSubmit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement && event.target.type === 'button')) {
      // From anywhere but another button: the dialog's own buttons pick choices, Enter answers.
      submit(event);
    } else if (onKey?.(event)) {
      event.preventDefault();
    }
  };

  return (
    <div className="queue-dialog__backdrop">
      <form
        ref={formRef}
        className="queue-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onSubmit={submit}
        onKeyDown={onKeyDown}
        data-testid={`${testIdPrefix}-dialog`}
      >
        <h3 className="queue-dialog__title" id={titleId}>
          {title}
        </h3>
        <p className="queue-dialog__alert">
          <SeverityBadge severity={alert.severity} /> <strong>{alert.summary}</strong> <span className="muted">{alert.subjectName}</span>
        </p>
        {children}
        {error !== null ? <Problem title="Core refused this">{error}</Problem> : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={!canSubmit || pending} data-testid={`${testIdPrefix}-submit`}>
            {submitLabel} <kbd className="key">Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onCancel} data-testid={`${testIdPrefix}-cancel`}>
            Cancel <kbd className="key">Esc</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
