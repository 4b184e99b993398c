import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ResetPasswordInput, type User } from '../../../shared/contract';
import { useSites } from '../../api/monitoring-queries';
import { useEffectiveSettings } from '../../api/queries';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { useNow } from '../../components/use-now';
import { formatTimestamp } from '../../format/time';
import { checkWithContract } from '../../forms/form-model';
import { ROLE_NAMES } from '../../format/roles';

const STALE = { stale: [seatKeys.users, seatKeys.people, seatKeys.sessions] };

/** An admin sets a new password for someone who forgot theirs; core ends their sessions. */
function ResetPassword({ user, onDone }: { user: User; onDone(): void }) {
  const transport = useTransport();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = () => {
    const validation = checkWithContract(ResetPasswordInput, { id: user.id, password }, {});
    if (!validation.ok) {
      setError(validation.errors.password ?? 'Check the password');
      return;
    }
    setPassword('');
    setPending(true);
    // Not a mutation: the password must not be kept once sent.
    transport
      .call('users.resetPassword', validation.input)
      .then(onDone)
      .catch((refusal: unknown) => setError(refusal instanceof Error ? refusal.message : String(refusal)))
      .finally(() => setPending(false));
  };
  return (
    <form
      className="input-group"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="reset-password-form"
    >
      <label htmlFor={`reset-${user.id}`}>New password for {user.displayName}</label>
      <input
        id={`reset-${user.id}`}
        className="input"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        data-testid="reset-password"
        aria-invalid={error !== null ? true : undefined}
      />
      <button type="submit" className="button button--primary" disabled={pending}>
        Set password
      </button>
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      {error !== null ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function UserRow({ user, onEdit }: { user: User; onEdit(user: User): void }) {
  const { timeZone } = useEffectiveSettings();
  const siteNames = new Map((useSites().data ?? []).map((site) => [site.id, site.name]));
  const now = useNow();
  const queryClient = useQueryClient();
  const deactivate = useCommand('users.deactivate', STALE);
  const reactivate = useCommand('users.reactivate', STALE);
  const unlock = useCommand('users.unlock', STALE);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  const problem = deactivate.error ?? reactivate.error ?? unlock.error;
  return (
    <>
      <tr
        data-testid="user-row"
        data-username={user.username}
        data-active={user.active}
        className={user.active ? undefined : 'user-row--inactive'}
      >
        <th scope="row">{user.displayName}</th>
        <td>{user.username}</td>
        <td data-testid="user-role-cell">{ROLE_NAMES[user.role]}</td>
        <td>
          {user.sites === null ? <span className="muted">Every site</span> : user.sites.map((id) => siteNames.get(id) ?? id).join(', ')}
        </td>
        <td>{user.totpEnabled ? 'On' : <span className="muted">Off</span>}</td>
        <td>{user.lastSignInAt === null ? <span className="muted">Never</span> : formatTimestamp(user.lastSignInAt, timeZone)}</td>
        <td data-testid="user-state">
          {!user.active
            ? 'Deactivated'
            : locked && user.lockedUntil !== null
              ? `Locked until ${formatTimestamp(user.lockedUntil, timeZone)}`
              : 'Active'}
        </td>
        <td className="user-row__actions">
          <button type="button" className="button button--small" onClick={() => onEdit(user)} data-testid="user-edit">
            Edit
          </button>
          <button type="button" className="button button--small" onClick={() => setResetting(true)} data-testid="user-reset-password">
            Reset password
          </button>
          {locked ? (
            <button
              type="button"
              className="button button--small"
              disabled={unlock.isPending}
              onClick={() => unlock.mutate({ id: user.id })}
              data-testid="user-unlock"
            >
              Unlock
            </button>
          ) : null}
          {user.active ? (
            <button
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setConfirming(true)}
              data-testid="user-deactivate"
            >
              Deactivate
            </button>
          ) : (
            <button
              type="button"
              className="button button--small"
              disabled={reactivate.isPending}
              onClick={() => reactivate.mutate({ id: user.id })}
              data-testid="user-reactivate"
            >
              Reactivate
            </button>
          )}
        </td>
      </tr>
      <RowFollowUp
        colSpan={8}
        className="user-row__follow-up"
        confirm={
          confirming
            ? {
                question: `Deactivate ${user.displayName}? Their sessions end at once; the audit log keeps their name.`,
                confirmLabel: 'Deactivate',
                pending: deactivate.isPending,
                onConfirm: () => deactivate.mutate({ id: user.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'user-deactivate-confirm',
              }
            : null
        }
        problem={problem}
        problemTestId="user-problem"
      >
        {resetting ? (
          <ResetPassword
            user={user}
            onDone={() => {
              setResetting(false);
              void queryClient.invalidateQueries({ queryKey: seatKeys.sessions });
            }}
          />
        ) : null}
      </RowFollowUp>
    </>
  );
}

export function UsersTable({ users, onEdit }: { users: readonly User[]; onEdit(user: User): void }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Sites</th>
            <th scope="col">Two-factor</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
