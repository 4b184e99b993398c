import { useRef, useState } from 'react';
import type { Alert } from '../../../shared/contract';
import { FieldErrorMessage } from '../../components/FormField';
import { QueueDialog } from './QueueDialog';

interface ResolveDialogProps {
  alert: Alert;
  pending: boolean;
  error: string | null;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}

/** Resolve by hand: the reason is required, since it is what the next shift reads. */
export function ResolveDialog({ alert, pending, error, onSubmit, onCancel }: ResolveDialogProps) {
  const [reason, setReason] = useState('');
  const reasonRef = useRef<HTMLInputElement>(null);
  return (
    <QueueDialog
      title="Resolve by hand"
      alert={alert}
      testIdPrefix="resolve"
      submitLabel="Resolve"
      canSubmit={reason.trim() !== ''}
      pending={pending}
      error={error}
      onSubmit={() => onSubmit(reason.trim())}
      onCancel={onCancel}
      initialFocus={reasonRef}
    >
      {(triedIncomplete) => (
        <label className="field">
          <span className="field__label">Why is it resolved?</span>
          <input
            ref={reasonRef}
            className="input"
            type="text"
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="e.g. Camera replaced, stream back"
            aria-invalid={triedIncomplete && reason.trim() === '' ? true : undefined}
            data-testid="resolve-reason"
          />
          {triedIncomplete && reason.trim() === '' ? (
            <FieldErrorMessage field="reason" message="Say why it is resolved: the next shift reads it." />
          ) : null}
        </label>
      )}
    </QueueDialog>
  );
}
