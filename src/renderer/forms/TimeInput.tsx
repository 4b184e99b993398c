import type { InputHTMLAttributes } from 'react';
import { TIME_TEXT_EXAMPLE } from '../format/time';

type TimeInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  value: string;
  onChange(value: string): void;
};

/**
 * A date and time typed as the console writes it ("2026-11-23 21:30", 24-hour, in the console's
 * time zone setting; read with timeTextToEpoch). Not a datetime-local input: Chromium draws that
 * in the browser's locale, with AM/PM on an en-US workstation, unlike every other time on screen.
 */
export function TimeInput({ value, onChange, className = 'input', ...attributes }: TimeInputProps) {
  return (
    <input
      {...attributes}
      className={`${className} input--time mono`}
      type="text"
      inputMode="numeric"
      maxLength={19}
      placeholder={TIME_TEXT_EXAMPLE}
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
