import { useBackendState } from '../api/queries';
import { NoticeBanner } from '../components/NoticeBanner';
import { SignInForm } from './SignInForm';

/** A seat nobody is signed in to: the console shows nothing but this, and core's notices (a database set aside). */
export function SignInScreen() {
  const offline = useBackendState().data?.link.state === 'offline';
  return (
    <main className="seat-screen" data-testid="sign-in-screen">
      <NoticeBanner />
      <section className="seat-form-frame" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="seat-form__title">
          Sign in to Watchroom
        </h1>
        {offline ? (
          <p className="seat-form__offline" role="status" data-testid="sign-in-offline">
            The hub cannot be reached. If you signed in at this seat while it could, within the last 7 days, you can sign in offline: your
            changes then wait until the hub is back.
          </p>
        ) : null}
        <SignInForm submitLabel="Sign in" />
      </section>
    </main>
  );
}
