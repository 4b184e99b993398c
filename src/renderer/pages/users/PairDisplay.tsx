import { useState, type FormEvent } from 'react';
import { PairDeviceInput, type MethodOutput } from '../../../shared/contract';
import { PAIR_HASH_PARAM } from '../../../shared/domain/serve-access';
import { seatKeys } from '../../api/seat-queries';
import { useCommand } from '../../api/use-command';
import { FormField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { checkWithContract, type FieldErrors } from '../../forms/form-model';

/** The console's own address with the code in its fragment, which never reaches a server log. */
export function pairingAddress(location: Pick<Location, 'origin' | 'pathname'>, code: string): string {
  return `${location.origin}${location.pathname}#${PAIR_HASH_PARAM}=${encodeURIComponent(code)}`;
}

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
        <p>
          On the display, open the address serve mode printed (its access token), then this address. It signs the display in as a viewer
          that never locks, until it is ended on the Sessions page. It is shown only this once.
        </p>
        <p>
          <code className="pairing-address" data-testid="pairing-address">
            {pairingAddress(window.location, paired.pairingCode)}
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
