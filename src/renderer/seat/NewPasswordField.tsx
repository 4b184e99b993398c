import { FormField } from '../components/FormField';
import { PasswordStrength } from './PasswordStrength';

interface PasswordFieldProps {
  /** The contract's path of this field: core's refusal of it lands here. */
  field: string;
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange(value: string): void;
  testId?: string;
}

/** A password being chosen (or typed again): the browser's password manager offers to make one here. */
export function PasswordField({ field, id, label, hint, error, value, onChange, testId }: PasswordFieldProps) {
  return (
    <FormField field={field} id={id} label={label} hint={hint} error={error}>
      {(attributes) => (
        <input
          {...attributes}
          className="input"
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </FormField>
  );
}

/** A new password with the estimate of how hard it is to guess, judged against the person's own names. */
export function NewPasswordField({ userInputs, ...field }: PasswordFieldProps & { userInputs: readonly string[] }) {
  return (
    <>
      <PasswordField {...field} />
      <PasswordStrength password={field.value} userInputs={userInputs} />
    </>
  );
}
