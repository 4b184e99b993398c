import type { ReactNode } from 'react';
import type { CommandName } from '../../shared/contract';
import { CommandButton } from '../components/CommandButton';

interface FormFooterProps {
  /** The save button's words ("Add rule", "Save changes"); "Saving…" while the command is under way. */
  saveLabel: string;
  /** Save is disabled while this holds (a save or another call of the form's is under way). */
  pending: boolean;
  /** "Saving…" shows while this holds; by default while pending. */
  saving?: boolean;
  saveTestId: string;
  /** The command Save sends: Save is disabled, saying who may, for whoever may not. */
  method: CommandName;
  /** Leaves the form without saving; a form with no Cancel (it is always open) leaves it out. */
  onCancel?: () => void;
  cancelTestId?: string;
  /** Buttons before Save (Preview). */
  children?: ReactNode;
}

/** The Save and Cancel buttons at the foot of every entity form, alike everywhere. */
export function FormFooter({
  saveLabel,
  pending,
  saving = pending,
  saveTestId,
  method,
  onCancel,
  cancelTestId,
  children,
}: FormFooterProps) {
  return (
    <div className="form-actions">
      {children}
      <CommandButton method={method} type="submit" className="button button--primary" disabled={pending} data-testid={saveTestId}>
        {saving ? 'Saving…' : saveLabel}
      </CommandButton>
      {onCancel ? (
        <button type="button" className="button" onClick={onCancel} data-testid={cancelTestId}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
