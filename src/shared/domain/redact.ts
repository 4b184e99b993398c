/** Keys whose values are never written to the audit log or the log files. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|api[-_]?key|private[-_]?key|^key$|dbkey|authorization|cookie|credential/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of value with every secret-looking key's value replaced by "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? REDACTED : redactSecrets(inner, depth + 1)]),
    );
  }
  return value;
}
