import type { ReactNode } from 'react';
import { Problem } from './Problem';

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

interface RowFollowUpProps {
  colSpan: number;
  className: string;
  /** The delete question, while the operator is being asked it. */
  confirm: ConfirmDeleteProps | null;
  /** Core's refusal of the row's last command. */
  problem: Error | null;
  problemTestId: string;
  /** Anything else the row has to say first (a channel's test outcome). */
  children?: ReactNode;
}

/** The line under a table row: the delete question and core's last refusal; nothing when neither is due. */
export function RowFollowUp({ colSpan, className, confirm, problem, problemTestId, children = null }: RowFollowUpProps) {
  if (confirm === null && problem === null && children === null) return null;
  return (
    <tr className={className}>
      <td colSpan={colSpan}>
        {children}
        {confirm !== null ? <ConfirmDelete {...confirm} /> : null}
        {problem !== null ? <Problem title={`Not done: ${problem.message}`} testId={problemTestId} /> : null}
      </td>
    </tr>
  );
}
