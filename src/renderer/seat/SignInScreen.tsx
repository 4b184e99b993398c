import { SignInForm } from './SignInForm';

/** A seat nobody is signed in to: the console shows nothing but this. */
export function SignInScreen() {
  return (
    <main className="seat-screen" data-testid="sign-in-screen">
      <section className="seat-form-frame" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="seat-form__title">
          Sign in to Watchroom
        </h1>
        <SignInForm submitLabel="Sign in" />
      </section>
    </main>
  );
}
