// The "unchanged" convention for secrets a console is only shown masked (SECRET_MASK for a whole
// value, MASKED_PART for the hidden part of an address): a value sent back exactly as it was
// shown keeps the stored one; a value without the mask is new and taken as typed; anything else
// holding the mask (a masked value edited by hand) is refused, so a mask is never stored.
import { SECRET_MASK } from '../contract/alerts';
import { isMasked } from './redact';

export interface SecretProblem {
  path: string;
  message: string;
}

/** Every header value hidden: any of them may carry a credential (Authorization, X-Api-Key, ...). */
export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, SECRET_MASK]));
}

/** The value to store for `sent`; `shown` is what consoles were shown of `stored`. */
export function restoreMasked(
  sent: string,
  stored: string | undefined,
  shown: string | undefined,
  path: string,
  problems: SecretProblem[],
): string {
  if (!isMasked(sent)) return sent;
  if (stored !== undefined && sent === shown) return stored;
  problems.push({
    path,
    message:
      stored === undefined
        ? 'Nothing is stored here to keep: type the whole value'
        : 'Part of this value is hidden (••••): leave it exactly as shown to keep it, or type the whole value again',
  });
  return sent;
}

/** Headers sent back: a masked value keeps the stored value of the header of the same name. */
export function restoreMaskedHeaders(
  sent: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>> | undefined,
  path: string,
  problems: SecretProblem[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [
      name,
      restoreMasked(value, stored && Object.hasOwn(stored, name) ? stored[name] : undefined, SECRET_MASK, `${path}.${name}`, problems),
    ]),
  );
}
