import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { SeatRegisterInput, type MethodOutput, type Seat } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { FormField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { QueryView } from '../../components/QueryView';
import { checkWithContract, type FieldErrors } from '../../forms/form-model';
import { formatTimestamp } from '../../format/time';

function seatState(seat: Seat): string {
  if (seat.revokedAt !== null) return 'Revoked';
  return seat.online ? 'Online' : 'Offline';
}

function SeatRow({ seat }: { seat: Seat }) {
  const { timeZone } = useEffectiveSettings();
  const revoke = useCommand('seats.revoke', { stale: [seatKeys.seats] });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <tr data-testid="seat-row" data-seat={seat.name} className={seat.revokedAt === null ? undefined : 'user-row--inactive'}>
        <th scope="row">{seat.name}</th>
        <td data-testid="seat-state">
          {seatState(seat)}
          {seat.revokedAt !== null ? <span className="muted"> since {formatTimestamp(seat.revokedAt, timeZone)}</span> : null}
        </td>
        <td>{seat.signedIn.length > 0 ? seat.signedIn.join(', ') : <span className="muted">—</span>}</td>
        <td>{seat.lastSeenAt === null ? <span className="muted">never</span> : formatTimestamp(seat.lastSeenAt, timeZone)}</td>
        <td>
          {formatTimestamp(seat.createdAt, timeZone)} <span className="muted">by {seat.createdBy}</span>
        </td>
        <td>
          {seat.revokedAt === null ? (
            <button
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setConfirming(true)}
              data-testid="seat-revoke"
            >
              Revoke
            </button>
          ) : null}
        </td>
      </tr>
      <RowFollowUp
        colSpan={6}
        className="session-row__follow-up"
        confirm={
          confirming
            ? {
                question: `Revoke ${seat.name}? Its console is disconnected at once and can no longer connect; register it again to let it back.`,
                confirmLabel: 'Revoke seat',
                pending: revoke.isPending,
                onConfirm: () => revoke.mutate({ seatId: seat.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'seat-revoke-confirm',
              }
            : null
        }
        problem={revoke.error}
        problemTestId="seat-problem"
      />
    </>
  );
}

/** Registers a console with the hub: its credential is shown this once (the hub keeps only a hash). */
function RegisterSeat({ onDone }: { onDone(): void }) {
  const register = useCommand('seats.register', { stale: [seatKeys.seats] });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [registered, setRegistered] = useState<MethodOutput<'seats.register'> | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const validation = checkWithContract(SeatRegisterInput, { name }, {});
    setErrors(validation.ok ? {} : validation.errors);
    if (validation.ok) register.mutate(validation.input, { onSuccess: setRegistered });
  };

  if (registered !== null) {
    return (
      <section className="panel" data-testid="seat-registered">
        <h3 className="panel__title">{registered.seat.name} is registered</h3>
        <p>
          At that console, choose a hub in Settings and enter this seat id and credential. The credential is shown only this once: the hub
          keeps only a hash of it.
        </p>
        <dl className="seat-credential">
          <dt>Seat id</dt>
          <dd>
            <code data-testid="seat-id">{registered.seatId}</code>
          </dd>
          <dt>Credential</dt>
          <dd>
            <code data-testid="seat-credential">{registered.credential}</code>
          </dd>
        </dl>
        <div className="form-actions">
          <button type="button" className="button" onClick={onDone}>
            Done
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="panel" onSubmit={submit} noValidate data-testid="seat-register-form">
      <h3 className="panel__title">Register a seat</h3>
      <FormField
        field="name"
        id="seat-name"
        label="Seat name"
        hint="Where the console stands, as the audit log will name it."
        error={errors.name}
      >
        {(attributes) => (
          <input {...attributes} className="input" value={name} onChange={(event) => setName(event.target.value)} data-testid="seat-name" />
        )}
      </FormField>
      {register.error ? <Problem title={`Not registered: ${register.error.message}`} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={register.isPending} data-testid="seat-register-submit">
          Register
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The consoles registered with the hub (admin): online or not, who is signed in there, and revocation. */
export function SeatsSection() {
  const transport = useTransport();
  const seats = useQuery({ queryKey: seatKeys.seats, queryFn: () => transport.call('seats.list', undefined) });
  const [registering, setRegistering] = useState(false);
  const refetch = seats.refetch;
  // Consoles connect and leave, and other admins register and revoke: the list follows the hub's word.
  useEffect(() => transport.on('seats.changed', () => void refetch()), [transport, refetch]);
  return (
    <section aria-labelledby="seats-title" className="seats-section" data-testid="seats-section">
      <div className="seats-section__heading">
        <h3 id="seats-title">Seats</h3>
        <button type="button" className="button" onClick={() => setRegistering(true)} data-testid="register-seat">
          Register a seat
        </button>
      </div>
      <p className="muted">Each console that connects to a hub does so with a seat registered here.</p>
      {registering ? <RegisterSeat onDone={() => setRegistering(false)} /> : null}
      <QueryView query={seats} failure="Could not read the seats" loading="Reading the seats…" empty="No seat is registered.">
        {(rows) => (
          <div className="table-wrap">
            <table className="table" data-testid="seats-table">
              <thead>
                <tr>
                  <th scope="col">Seat</th>
                  <th scope="col">State</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Registered</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((seat) => (
                  <SeatRow key={seat.id} seat={seat} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
