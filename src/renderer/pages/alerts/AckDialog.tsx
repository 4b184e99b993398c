import { useRef, useState } from 'react';
import type { AckReason, Alert } from '../../../shared/contract';
import { isTyping } from '../../keyboard/is-typing';
import { FieldErrorMessage } from '../../components/FormField';
import { ACK_REASONS } from './alert-format';
import { QueueDialog } from './QueueDialog';

interface AckDialogProps {
  alert: Alert;
  pending: boolean;
  error: string | null;
  onSubmit: (reason: AckReason, note: string) => void;
  onCancel: () => void;
}

/** Acknowledge with a reason code (1, 2, 3 or a click) and a note; picking a reason moves on to the note. */
export function AckDialog({ alert, pending, error, onSubmit, onCancel }: AckDialogProps) {
  const [reason, setReason] = useState<AckReason | null>(null);
  const [note, setNote] = useState('');
  const noteRef = useRef<HTMLInputElement>(null);
  const pick = (picked: AckReason) => {
    setReason(picked);
    noteRef.current?.focus();
  };
  return (
    <QueueDialog
      title="Acknowledge"
      alert={alert}
      testIdPrefix="ack"
      submitLabel="Acknowledge"
      canSubmit={reason !== null}
      pending={pending}
      error={error}
      onSubmit={() => reason !== null && onSubmit(reason, note)}
      onCancel={onCancel}
      onKey={(event) => {
        const entry = ACK_REASONS.find((candidate) => candidate.key === event.key);
        if (entry === undefined || isTyping(event.target)) return false;
        pick(entry.reason);
        return true;
      }}
    >
      {(triedIncomplete) => (
        <>
          <div
            className="choice-group"
            role="radiogroup"
            aria-label="Reason"
            aria-invalid={triedIncomplete && reason === null ? true : undefined}
          >
            {ACK_REASONS.map((entry) => (
              <button
                key={entry.reason}
                type="button"
                role="radio"
                aria-checked={reason === entry.reason}
                className="choice"
                onClick={() => pick(entry.reason)}
                data-testid={`ack-reason-${entry.reason}`}
              >
                <kbd className="key">{entry.key}</kbd> {entry.label}
              </button>
            ))}
          </div>
          {triedIncomplete && reason === null ? <FieldErrorMessage field="reason" message="Pick a reason first: 1, 2 or 3." /> : null}
          <label className="field">
            <span className="field__label">
              Note {reason === null ? <span className="muted">(pick a reason first: 1, 2 or 3)</span> : null}
            </span>
            <input
              ref={noteRef}
              className="input"
              type="text"
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              placeholder="What you saw or did (optional)"
              data-testid="ack-note"
            />
          </label>
        </>
      )}
    </QueueDialog>
  );
}
