import { useState, type FormEvent } from 'react';
import { FormField } from '../components/FormField';
import { Problem } from '../components/Problem';
import { useSeatCall } from './use-seat-call';

const FIELDS = ['username', 'password', 'code'] as const;

interface SignInFormProps {
  /** The username to start with: the person whose seat is locked. Anyone may still type another (a switch of user). */
  username?: string;
  submitLabel: string;
  /** A smaller form over part of the screen (the lock panel). */
  compact?: boolean;
}

/**
 * Username and password, then the code when core asks for one. Core's answer to a wrong password,
 * an unknown user and a locked account reads alike, so nothing here tells whether a username exists;
 * a locked account says until when. The password is cleared as soon as it is sent.
 */
export function SignInForm({ username: initialUsername = '', submitLabel, compact = false }: SignInFormProps) {
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const { run, pending, failure } = useSeatCall(FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sent = password;
    setPassword('');
    const sentCode = code.trim();
    setCode('');
    void run('auth.signIn', { username, password: sent, ...(askCode && sentCode !== '' ? { code: sentCode } : {}) }).then((outcome) => {
      // Core asks for the second factor with an error on the code field; the field then stays.
      if (!outcome.ok && outcome.failure.byField.code !== undefined) setAskCode(true);
    });
  };

  const idPrefix = compact ? 'lock' : 'sign-in';
  return (
    <form className={`seat-form${compact ? ' seat-form--compact' : ''}`} onSubmit={submit} data-testid={`${idPrefix}-form`} noValidate>
      <FormField field="username" id={`${idPrefix}-username`} label="Username" error={failure?.byField.username}>
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoFocus={initialUsername === ''}
            data-testid={`${idPrefix}-username`}
          />
        )}
      </FormField>
      <FormField field="password" id={`${idPrefix}-password`} label="Password" error={failure?.byField.password}>
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoFocus={initialUsername !== ''}
            data-testid={`${idPrefix}-password`}
          />
        )}
      </FormField>
      {askCode ? (
        <FormField
          field="code"
          id={`${idPrefix}-code`}
          label="Code"
          hint="Six digits from your authenticator app, or one of your recovery codes."
          error={failure?.byField.code}
        >
          {(attributes) => (
            <input
              {...attributes}
              className="input input--short"
              name="code"
              autoComplete="one-time-code"
              inputMode="text"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoFocus
              data-testid={`${idPrefix}-code`}
            />
          )}
        </FormField>
      ) : null}
      {failure?.message ? <Problem title={failure.message} testId={`${idPrefix}-problem`} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid={`${idPrefix}-submit`}>
          {pending ? 'Signing in…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
