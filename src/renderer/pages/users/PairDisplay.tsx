import { useState, type FormEvent } from 'react';
import { PairDeviceInput, type MethodOutput } from '../../../shared/contract';
import { seatKeys } from '../../api/seat-queries';
import { useCommand } from '../../api/use-command';
import { FormField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { checkWithContract, type FieldErrors } from '../../forms/form-model';

/**
 * Pairs a wall display as a viewer device: a long-lived session with no idle lock, ended from the
 * Sessions page. The pairing address is shown once: opened on the display, it signs it in.
 */
export function PairDisplay({ onDone }: { onDone(): void }) {
  const pair = useCommand('devices.pair', { stale: [seatKeys.sessions] });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [paired, setPaired] = useState<MethodOutput<'devices.pair'> | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const validation = checkWithContract(PairDeviceInput, { name }, {});
    setErrors(validation.ok ? {} : validation.errors);
    if (validation.ok) pair.mutate(validation.input, { onSuccess: setPaired });
  };

  if (paired !== null) {
    return (
      <section className="panel" data-testid="pair-display-done">
        <h3 className="panel__title">{paired.session.seat} is ready to pair</h3>
        <p>Open this address on the display, once. It works only once; pair again if it is lost.</p>
        <p>
          <code className="pairing-address" data-testid="pairing-address">
            {paired.pairingCode}
          </code>
        </p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onDone}>
            Done
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="panel" onSubmit={submit} noValidate data-testid="pair-display-form">
      <h3 className="panel__title">Pair a wall display</h3>
      <FormField
        field="name"
        id="pair-display-name"
        label="Display name"
        hint="Where it hangs, as the audit log will name it."
        error={errors.name}
      >
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            data-testid="pair-display-name"
          />
        )}
      </FormField>
      {pair.error ? <Problem title={`Not paired: ${pair.error.message}`} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pair.isPending} data-testid="pair-display-submit">
          Pair
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
