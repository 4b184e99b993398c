import type { User } from '../../shared/contract';
import { Problem } from '../components/Problem';
import { ROLE_NAMES } from '../format/roles';
import { TwoFactorDialog } from './TwoFactorDialog';
import { useSeatCall } from './use-seat-call';

/**
 * A supervisor or admin without an authenticator app, on a console that requires one: core refuses
 * everything but setting it up (and signing out), so the seat shows nothing else. Cancel signs out.
 */
export function EnrolScreen({ user }: { user: User }) {
  const { run, pending, failure } = useSeatCall([]);
  const signOut = () => void run('auth.signOut', undefined);
  return (
    <main className="seat-screen" data-testid="enrol-screen">
      <section className="seat-form-frame" aria-labelledby="enrol-title">
        <h1 id="enrol-title" className="seat-form__title">
          Set up two-factor sign-in
        </h1>
        <p>
          {user.displayName}, this console requires an authenticator app for the role {ROLE_NAMES[user.role]}. Nothing else can be done at
          this seat until it is set up.
        </p>
        <button type="button" className="button" disabled={pending} onClick={signOut} data-testid="enrol-sign-out">
          Sign out
        </button>
        {failure?.message ? <Problem title={failure.message} testId="enrol-problem" /> : null}
      </section>
      {/* Done: the seat's state is asked again, and the console replaces this screen. */}
      <TwoFactorDialog required onClose={signOut} onDone={() => undefined} />
    </main>
  );
}
