import type { User } from '../../shared/contract';
import { SignInForm } from './SignInForm';

/**
 * The locked seat's sign-in: a compact panel over one corner. The board, the queue and the
 * attention banner stay in view and the alarm keeps sounding; core refuses every command until
 * someone signs in. The same person unlocks; anyone else signing in here is a switch of user.
 */
export function LockPanel({ user }: { user: User }) {
  return (
    <aside className="lock-panel" role="dialog" aria-modal="false" aria-labelledby="lock-title" data-testid="lock-panel">
      <h2 id="lock-title" className="lock-panel__title">
        <span aria-hidden="true">🔒 </span>Locked
      </h2>
      <p className="lock-panel__lead">
        {user.displayName}’s session is locked: alarms still show and sound, and nothing can be changed until someone signs in. Another
        person signing in here takes over the seat.
      </p>
      <SignInForm username={user.username} submitLabel="Unlock" compact />
    </aside>
  );
}
