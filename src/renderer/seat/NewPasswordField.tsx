import { TextField } from '../components/FormField';
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
export function PasswordField({ testId, ...field }: PasswordFieldProps) {
  return <TextField {...field} type="password" autoComplete="new-password" {...(testId === undefined ? {} : { testId })} />;
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
