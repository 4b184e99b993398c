import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Session } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { seatKeys, useSeat } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { PageHeading } from '../../components/PageHeading';
import { QueryView } from '../../components/QueryView';
import { formatTimestamp } from '../../format/time';
import './users.css';

function SessionRow({ session, own }: { session: Session; own: boolean }) {
  const { timeZone } = useEffectiveSettings();
  const end = useCommand('sessions.end', { stale: [seatKeys.sessions] });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <tr data-testid="session-row" data-session-id={session.id} data-user={session.userDisplayName}>
        <th scope="row">
          {session.userDisplayName}
          {session.kind === 'device' ? <span className="muted"> (wall display)</span> : null}
          {own ? <span className="muted"> (this seat)</span> : null}
        </th>
        <td>{session.seat}</td>
        <td>{session.address ?? <span className="muted">—</span>}</td>
        <td>{formatTimestamp(session.startedAt, timeZone)}</td>
        <td>{formatTimestamp(session.lastActiveAt, timeZone)}</td>
        <td>{session.locked ? 'Locked' : 'Active'}</td>
        <td>
          <button
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => setConfirming(true)}
            data-testid="session-end"
          >
            End
          </button>
        </td>
      </tr>
      <RowFollowUp
        colSpan={7}
        className="session-row__follow-up"
        confirm={
          confirming
            ? {
                question: `End ${session.userDisplayName}'s session at ${session.seat}? That seat is signed out at once.`,
                confirmLabel: 'End session',
                pending: end.isPending,
                onConfirm: () => end.mutate({ id: session.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'session-end-confirm',
              }
            : null
        }
        problem={end.error}
        problemTestId="session-problem"
      />
    </>
  );
}

/** Every signed-in seat and paired display (admin): who, where, since when; any can be ended. */
export function SessionsPage() {
  const transport = useTransport();
  const seat = useSeat().data;
  const ownSessionId = seat?.state === 'signed-in' || seat?.state === 'locked' ? seat.session.id : null;
  const sessions = useQuery({ queryKey: seatKeys.sessions, queryFn: () => transport.call('sessions.list', undefined) });
  const refetch = sessions.refetch;
  // Sessions start, lock and end elsewhere: the list follows core's word.
  useEffect(() => transport.on('auth.changed', () => void refetch()), [transport, refetch]);
  return (
    <section aria-labelledby="sessions-title" data-testid="page-sessions">
      <PageHeading id="sessions-title" title="Sessions" />
      <QueryView query={sessions} failure="Could not read the sessions" loading="Reading the sessions…" empty="Nobody is signed in.">
        {(rows) => (
          <div className="table-wrap">
            <table className="table" data-testid="sessions-table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Seat</th>
                  <th scope="col">Address</th>
                  <th scope="col">Started</th>
                  <th scope="col">Last active</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((session) => (
                  <SessionRow key={session.id} session={session} own={session.id === ownSessionId} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
