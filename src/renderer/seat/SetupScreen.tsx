import { useState, type FormEvent } from 'react';
import { SetupInput } from '../../shared/contract';
import { FormField } from '../components/FormField';
import { NoticeBanner } from '../components/NoticeBanner';
import { Problem } from '../components/Problem';
import { checkWithContract, type FieldErrors } from '../forms/form-model';
import { NewPasswordField, PasswordField } from './NewPasswordField';
import { useSeatCall } from './use-seat-call';

const FIELDS = ['username', 'displayName', 'password', 'repeat'] as const;

/**
 * The first start of a console with no users: the first admin is made here. Every field is checked
 * with a message beside it, the contract's checks at once, core's (a common password) on submit.
 */
export function SetupScreen() {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState<FieldErrors>({});
  const { run, pending, failure } = useSeatCall(FIELDS);
  const errorFor = (field: (typeof FIELDS)[number]) => checked[field] ?? failure?.byField[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (repeat !== password) errors.repeat = 'The two passwords differ';
    const validation = checkWithContract(SetupInput, { username, displayName, password }, errors);
    setChecked(validation.ok ? {} : validation.errors);
    if (!validation.ok) return;
    setPassword('');
    setRepeat('');
    void run('auth.setup', validation.input);
  };

  return (
    <main className="seat-screen" data-testid="setup-screen">
      <NoticeBanner />
      <form className="seat-form" onSubmit={submit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title" className="seat-form__title">
          Set up Watchroom
        </h1>
        <p className="seat-form__lead">
          Nobody can use this console yet. Make the first admin: they add everyone else from the Users page.
        </p>
        <FormField field="username" id="setup-username" label="Username" hint="What they type to sign in." error={errorFor('username')}>
          {(attributes) => (
            <input
              {...attributes}
              className="input"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              autoFocus
              data-testid="setup-username"
            />
          )}
        </FormField>
        <FormField
          field="displayName"
          id="setup-display-name"
          label="Name"
          hint="As the audit log names them."
          error={errorFor('displayName')}
        >
          {(attributes) => (
            <input
              {...attributes}
              className="input"
              autoComplete="name"
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              data-testid="setup-display-name"
            />
          )}
        </FormField>
        <NewPasswordField
          field="password"
          id="setup-password"
          label="Password"
          hint="8 to 128 characters. A long phrase is easier to remember than symbols; common passwords are refused."
          error={errorFor('password')}
          value={password}
          onChange={setPassword}
          testId="setup-password"
          userInputs={[username, displayName]}
        />
        <PasswordField
          field="repeat"
          id="setup-repeat"
          label="Password again"
          error={errorFor('repeat')}
          value={repeat}
          onChange={setRepeat}
          testId="setup-repeat"
        />
        {failure?.message ? <Problem title={failure.message} testId="setup-problem" /> : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={pending} data-testid="setup-submit">
            {pending ? 'Making the admin…' : 'Make the first admin'}
          </button>
        </div>
      </form>
    </main>
  );
}
