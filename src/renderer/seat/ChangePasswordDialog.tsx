import { useState } from 'react';
import { ChangePasswordInput, type User } from '../../shared/contract';
import { useTransport } from '../api/transport-context';
import { FormField } from '../components/FormField';
import { KeyboardDialog } from '../components/KeyboardDialog';
import { checkWithContract, placeErrors, type FieldErrors } from '../forms/form-model';
import { isTransportError } from '../transport/transport';
import { NewPasswordField, PasswordField } from './NewPasswordField';

/** The signed-in person changes their own password: the current one first, the new one twice. */
export function ChangePasswordDialog({ user, onClose }: { user: User; onClose(): void }) {
  const transport = useTransport();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  const submit = () => {
    const found: FieldErrors = {};
    if (repeat !== next) found.repeat = 'The two passwords differ';
    const validation = checkWithContract(ChangePasswordInput, { current, next }, found);
    setErrors(validation.ok ? {} : validation.errors);
    if (!validation.ok) return;
    // Not kept once sent, whatever core answers.
    setCurrent('');
    setNext('');
    setRepeat('');
    setPending(true);
    setProblem(null);
    transport
      .call('auth.changePassword', validation.input)
      .then(() => setDone(true))
      .catch((error: unknown) => {
        const placed = placeErrors(isTransportError(error) ? error.fields : [], ['current', 'next'], '');
        setErrors(placed.byField);
        if (Object.keys(placed.byField).length === 0) setProblem(error instanceof Error ? error.message : String(error));
      })
      .finally(() => setPending(false));
  };

  if (done) {
    return (
      <KeyboardDialog
        title="Password changed"
        testIdPrefix="change-password"
        submitLabel="Close"
        canSubmit
        pending={false}
        error={null}
        onSubmit={onClose}
        onCancel={onClose}
      >
        <p data-testid="change-password-done">Your new password works from the next sign-in on.</p>
      </KeyboardDialog>
    );
  }
  return (
    <KeyboardDialog
      title="Change your password"
      testIdPrefix="change-password"
      submitLabel={pending ? 'Changing…' : 'Change password'}
      canSubmit={!pending}
      pending={pending}
      error={problem}
      onSubmit={submit}
      onCancel={onClose}
    >
      <FormField field="current" id="change-password-current" label="Current password" error={errors.current}>
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
          />
        )}
      </FormField>
      <NewPasswordField
        field="next"
        id="change-password-next"
        label="New password"
        hint="8 to 128 characters; common passwords are refused."
        error={errors.next}
        value={next}
        onChange={setNext}
        userInputs={[user.username, user.displayName]}
      />
      <PasswordField
        field="repeat"
        id="change-password-repeat"
        label="New password again"
        error={errors.repeat}
        value={repeat}
        onChange={setRepeat}
      />
    </KeyboardDialog>
  );
}
