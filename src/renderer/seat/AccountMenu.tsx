import { useState } from 'react';
import type { User } from '../../shared/contract';
import { ROLE_NAMES } from '../format/roles';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { TwoFactorDialog } from './TwoFactorDialog';
import { useSeatCall } from './use-seat-call';

type AccountDialog = 'password' | 'two-factor' | null;

/**
 * Who is signed in at this seat, and the seat's own actions: Lock (walking away), Switch user
 * (the seat locks and the next person signs in over it, both audited), Sign out; the account menu
 * has the person's password and two-factor set-up.
 */
export function AccountMenu({ user }: { user: User }) {
  const { run, pending, failure } = useSeatCall([]);
  const [dialog, setDialog] = useState<AccountDialog>(null);
  return (
    <div className="account" data-testid="account">
      <details className="account__menu">
        <summary className="account__who" data-testid="account-who">
          <span className="account__name" data-testid="account-name">
            {user.displayName}
          </span>{' '}
          <span className="account__role" data-testid="account-role">
            {ROLE_NAMES[user.role]}
          </span>
        </summary>
        <div className="account__items" role="menu">
          <button
            type="button"
            role="menuitem"
            className="button button--quiet"
            onClick={() => setDialog('password')}
            data-testid="account-password"
          >
            Change password
          </button>
          <button
            type="button"
            role="menuitem"
            className="button button--quiet"
            onClick={() => setDialog('two-factor')}
            data-testid="account-two-factor"
          >
            {user.totpEnabled ? 'Two-factor: set up again' : 'Two-factor set-up'}
          </button>
        </div>
      </details>
      <button
        type="button"
        className="button button--small"
        disabled={pending}
        onClick={() => void run('auth.lock', undefined)}
        data-testid="account-lock"
        title="Lock this seat: alarms still show and sound"
      >
        Lock
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={pending}
        onClick={() => void run('auth.lock', undefined)}
        data-testid="account-switch"
        title="Lock this seat so the next person signs in over it"
      >
        Switch user
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={pending}
        onClick={() => void run('auth.signOut', undefined)}
        data-testid="account-sign-out"
      >
        Sign out
      </button>
      {failure?.message ? (
        <span className="account__problem" role="alert" data-testid="account-problem">
          {failure.message}
        </span>
      ) : null}
      {dialog === 'password' ? <ChangePasswordDialog user={user} onClose={() => setDialog(null)} /> : null}
      {dialog === 'two-factor' ? <TwoFactorDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
