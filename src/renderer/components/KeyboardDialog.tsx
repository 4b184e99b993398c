import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Problem } from './Problem';

interface KeyboardDialogProps {
  title: string;
  /** Names its test ids: `<prefix>-dialog`, `<prefix>-submit`, `<prefix>-cancel`. */
  testIdPrefix: string;
  /** What the dialog is about (a step, the incident), under the title. */
  subject?: ReactNode;
  submitLabel: string;
  /** Whether the answer is complete; Enter does nothing until it is. */
  canSubmit: boolean;
  pending: boolean;
  /** Core's refusal of the last try: shown here, so the operator can change the answer. */
  error: string | null;
  onSubmit: () => void;
  onCancel: () => void;
  /** Keys the dialog itself answers (y/n, digits); return true when handled. */
  onKey?: (event: KeyboardEvent<HTMLFormElement>) => boolean;
  /** Where focus starts: the dialog itself (so its own keys work) unless a field is named. */
  initialFocus?: RefObject<HTMLElement | null>;
  wide?: boolean;
  /**
   * The fields; given as a function, it is told once the operator tried to send an incomplete
   * answer, so each field can say beside it what it still needs.
   */
  children: ReactNode | ((triedIncomplete: boolean) => ReactNode);
}

/**
 * A modal form for the keyboard first, for every page's small questions (an acknowledgement, a
 * step's answer, a restore): Enter submits once the answer is complete (Shift+Enter starts a new
 * line in a text area), Escape cancels, focus starts inside it and goes back where it was when it
 * closes, so the page's own keys carry on. Sending an incomplete answer is refused out loud: the
 * submit button stays clickable (aria-disabled) so a click or Enter lets the fields say what is missing.
 */
export function KeyboardDialog({
  title,
  testIdPrefix,
  subject,
  submitLabel,
  canSubmit,
  pending,
  error,
  onSubmit,
  onCancel,
  onKey,
  initialFocus,
  wide = false,
  children,
}: KeyboardDialogProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const [triedIncomplete, setTriedIncomplete] = useState(false);
  useEffect(() => {
    const previous = document.activeElement;
    (initialFocus?.current ?? formRef.current)?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, [initialFocus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (canSubmit) onSubmit();
    else setTriedIncomplete(true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target;
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter') {
      // A button of the dialog's own (a choice) takes Enter itself; Shift+Enter is a new line in a text area.
      const onOwnButton = target instanceof HTMLButtonElement && target.type === 'button';
      const newLine = event.shiftKey && target instanceof HTMLTextAreaElement;
      if (!onOwnButton && !newLine) submit(event);
    } else if (onKey?.(event)) {
      event.preventDefault();
    }
  };

  return (
    <div className="queue-dialog__backdrop">
      <form
        ref={formRef}
        className={`queue-dialog${wide ? ' queue-dialog--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onSubmit={submit}
        onKeyDown={onKeyDown}
        noValidate
        data-testid={`${testIdPrefix}-dialog`}
      >
        <h3 className="queue-dialog__title" id={titleId}>
          {title}
        </h3>
        {subject !== undefined ? <div className="queue-dialog__subject">{subject}</div> : null}
        {typeof children === 'function' ? children(triedIncomplete) : children}
        {error !== null ? (
          <Problem title="Core refused this" testId={`${testIdPrefix}-error`}>
            {error}
          </Problem>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={pending}
            aria-disabled={canSubmit ? undefined : true}
            data-testid={`${testIdPrefix}-submit`}
          >
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
