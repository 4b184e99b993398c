interface ConfirmDeleteProps {
  question: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId: string;
}

/** Asks once before something is removed; "keep it" has the focus, so a stray Enter deletes nothing. */
export function ConfirmDelete({ question, confirmLabel, pending, onConfirm, onCancel, testId }: ConfirmDeleteProps) {
  return (
    <div className="confirm" role="alertdialog" aria-label={question}>
      <p className="confirm__question">{question}</p>
      <div className="form-actions">
        <button type="button" className="button button--danger" disabled={pending} onClick={onConfirm} data-testid={testId}>
          {confirmLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Keep it
        </button>
      </div>
    </div>
  );
}
