import { useState } from 'react';
import type { Alert } from '../../../shared/contract';
import { isTyping } from '../../keyboard/is-typing';
import { SNOOZE_MINUTES } from './alert-format';
import { QueueDialog } from './QueueDialog';

interface SnoozeDialogProps {
  alert: Alert;
  pending: boolean;
  error: string | null;
  onSubmit: (minutes: number, note: string) => void;
  onCancel: () => void;
}

/** Mute one alert for a while (1–4 or a click picks how long); it sounds again if still open then. */
export function SnoozeDialog({ alert, pending, error, onSubmit, onCancel }: SnoozeDialogProps) {
  const [minutes, setMinutes] = useState<number>(15);
  const [note, setNote] = useState('');
  return (
    <QueueDialog
      title="Snooze"
      alert={alert}
      testIdPrefix="snooze"
      submitLabel={`Snooze ${minutes} min`}
      canSubmit
      pending={pending}
      error={error}
      onSubmit={() => onSubmit(minutes, note)}
      onCancel={onCancel}
      onKey={(event) => {
        const entry = SNOOZE_MINUTES.find((candidate) => candidate.key === event.key);
        if (entry === undefined || isTyping(event.target)) return false;
        setMinutes(entry.minutes);
        return true;
      }}
    >
      <div className="choice-group" role="radiogroup" aria-label="For how long">
        {SNOOZE_MINUTES.map((entry) => (
          <button
            key={entry.minutes}
            type="button"
            role="radio"
            aria-checked={minutes === entry.minutes}
            className="choice"
            onClick={() => setMinutes(entry.minutes)}
            data-testid={`snooze-${entry.minutes}`}
          >
            <kbd className="key">{entry.key}</kbd> {entry.minutes} min
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field__label">Note</span>
        <input
          className="input"
          type="text"
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="Why (optional)"
          data-testid="snooze-note"
        />
      </label>
    </QueueDialog>
  );
}
