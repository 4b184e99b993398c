import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { PRIORITIES, type Incident, type Priority } from '../../../shared/contract';
import { SLA_TARGETS } from '../../../shared/domain/incident-sla';
import { isTyping } from '../../keyboard/is-typing';
import { KeyboardDialog } from '../../components/KeyboardDialog';

function targets(priority: Priority): string {
  const { respondMinutes, resolveMinutes } = SLA_TARGETS[priority];
  const minutes = (m: number) => (m < 60 ? `${m} min` : `${m / 60} h`);
  return `respond ${minutes(respondMinutes)}, resolve ${minutes(resolveMinutes)}`;
}

interface PriorityDialogProps {
  incident: Incident;
  pending: boolean;
  error: string | null;
  onSubmit: (priority: Priority, reason: string) => void;
  onCancel: () => void;
}

/**
 * A new priority with the reason for it: the clocks follow the new targets from the incident's
 * start, so raising it can make a clock late at once; the reason goes on the timeline.
 */
export function PriorityDialog({ incident, pending, error, onSubmit, onCancel }: PriorityDialogProps) {
  const [priority, setPriority] = useState<Priority>(incident.priority);
  const [reason, setReason] = useState('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const onKey = (event: KeyboardEvent<HTMLFormElement>) => {
    const picked = PRIORITIES.find((candidate) => candidate.slice(1) === event.key);
    if (picked === undefined || isTyping(event.target)) return false;
    setPriority(picked);
    return true;
  };
  return (
    <KeyboardDialog
      title="Change the priority"
      testIdPrefix="priority"
      subject={<>Now {incident.priority}; the clocks run from the start with the new targets.</>}
      submitLabel="Change"
      canSubmit={priority !== incident.priority && reason.trim() !== ''}
      pending={pending}
      error={error}
      onSubmit={() => onSubmit(priority, reason.trim())}
      onCancel={onCancel}
      onKey={onKey}
    >
      <div className="choice-group" role="radiogroup" aria-label="Priority">
        {PRIORITIES.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="radio"
            aria-checked={priority === candidate}
            className="choice"
            onClick={() => {
              setPriority(candidate);
              reasonRef.current?.focus();
            }}
            data-testid={`priority-choice-${candidate}`}
          >
            <kbd className="key">{candidate.slice(1)}</kbd> {candidate} <span className="incident-dialog__leads">{targets(candidate)}</span>
          </button>
        ))}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          Why?
        </label>
        <textarea
          ref={reasonRef}
          id={id}
          className="input incident-dialog__text"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder="e.g. People are on site: raise to P0"
          data-testid="priority-reason"
        />
      </div>
    </KeyboardDialog>
  );
}
