import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { SeatRegisterInput, type Seat } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { QueryView } from '../../components/QueryView';
import { formatTimestamp } from '../../format/time';
import { ShownOnceForm } from './ShownOnceForm';

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
  return (
    <ShownOnceForm
      method="seats.register"
      input={SeatRegisterInput}
      stale={[seatKeys.seats]}
      title="Register a seat"
      nameLabel="Seat name"
      nameHint="Where the console stands, as the audit log will name it."
      submitLabel="Register"
      refusedAs="Not registered"
      testIds={{ form: 'seat-register-form', name: 'seat-name', submit: 'seat-register-submit', done: 'seat-registered' }}
      shown={(registered) => ({
        title: `${registered.seat.name} is registered`,
        body: (
          <>
            <p>
              At that console, choose a hub in Settings and enter this seat id and credential. The credential is shown only this once: the
              hub keeps only a hash of it.
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
          </>
        ),
      })}
      onDone={onDone}
    />
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
