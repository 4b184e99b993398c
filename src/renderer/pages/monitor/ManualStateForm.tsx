import { useState, type FormEvent } from 'react';
import { ManualStateInput, type Monitor } from '../../../shared/contract';
import { useMonitoringCommand } from '../../api/monitoring-queries';
import { FormErrors, FormField } from '../../components/FormField';
import { STATUS_PRESENTATION } from '../../format/monitor-status';
import { issueInWords } from '../../format/validation';

type ManualStatus = 'up' | 'degraded' | 'down';
const MANUAL_STATUSES: readonly ManualStatus[] = ['up', 'degraded', 'down'];

/** A manual monitor's state is what someone says it is: always with a note saying why. */
export function ManualStateForm({ monitor, onDone }: { monitor: Monitor; onDone: () => void }) {
  const setState = useMonitoringCommand('monitors.setManualState');
  const [status, setStatus] = useState<ManualStatus>('up');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ManualStateInput.safeParse({ id: monitor.id, status, note });
    if (!parsed.success) {
      const issue = parsed.error.issues.find((candidate) => candidate.path[0] === 'note') ?? parsed.error.issues[0];
      setNoteError(issue === undefined ? undefined : issueInWords(issue));
      document.getElementById('manual-state-note')?.focus();
      return;
    }
    setState.mutate(parsed.data, {
      onSuccess: onDone,
      onError: (error) => setFormError(`Not set: ${error.message}`),
    });
  };

  return (
    <form
      className="panel manual-state"
      onSubmit={submit}
      noValidate
      aria-label={`Set the state of ${monitor.name}`}
      data-testid="manual-state-form"
    >
      <fieldset className="manual-state__statuses">
        <legend className="form-row__label">New state</legend>
        {MANUAL_STATUSES.map((option) => (
          <label key={option} className={`status-chip status-chip--${option}`}>
            <input
              type="radio"
              name="manual-status"
              value={option}
              checked={status === option}
              onChange={() => setStatus(option)}
              data-testid={`manual-state-${option}`}
            />
            <span aria-hidden="true" className="status-chip__symbol">
              {STATUS_PRESENTATION[option].symbol}
            </span>
            {STATUS_PRESENTATION[option].label}
          </label>
        ))}
      </fieldset>
      <FormField field="note" id="manual-state-note" label="Note (required)" hint="Who checked, what they saw." error={noteError}>
        {(attributes) => (
          <textarea
            {...attributes}
            className="input"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteError(undefined);
            }}
            data-testid="manual-state-note"
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={setState.isPending} data-testid="manual-state-save">
          {setState.isPending ? 'Setting…' : `Set to ${STATUS_PRESENTATION[status].label.toLowerCase()}`}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <FormErrors title="" messages={formError ? [formError] : []} />
    </form>
  );
}
