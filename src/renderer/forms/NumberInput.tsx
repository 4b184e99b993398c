import type { FieldAttributes } from '../components/FormField';

interface NumberInputProps {
  attributes: FieldAttributes;
  value: string;
  onChange(value: string): void;
  testId: string;
  disabled?: boolean;
  /** For an input without a visible label of its own (a table cell under its column header). */
  ariaLabel?: string;
  /** The form it belongs to when it is not inside it (a table row's cells). */
  form?: string;
}

/** A whole-number input kept as text, so a half-typed value is the operator's to finish, not reset. */
export function NumberInput({ attributes, value, onChange, testId, disabled = false, ariaLabel, form }: NumberInputProps) {
  return (
    <input
      {...attributes}
      className="input input--short"
      type="number"
      inputMode="numeric"
      step={1}
      value={value}
      disabled={disabled}
      aria-label={ariaLabel}
      form={form}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
    />
  );
}
