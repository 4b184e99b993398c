import { NoticeBanner } from '../components/NoticeBanner';
import { SignInForm } from './SignInForm';

/** A seat nobody is signed in to: the console shows nothing but this, and core's notices (a database set aside). */
export function SignInScreen() {
  return (
    <main className="seat-screen" data-testid="sign-in-screen">
      <NoticeBanner />
      <section className="seat-form-frame" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="seat-form__title">
          Sign in to Watchroom
        </h1>
        <SignInForm submitLabel="Sign in" />
      </section>
    </main>
  );
}
