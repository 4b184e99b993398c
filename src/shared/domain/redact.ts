/** Keys whose values are never written to the audit log or the log files. */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|private[-_]?key|routing[-_]?key|^key$|dbkey|authorization|cookie|credential/i;
/** Query parameters that carry credentials under short names. */
const SECRET_PARAMETER = /^(sig|signature|auth|code|sid|session(id)?|access[-_]?key)$/i;

export const REDACTED = '[redacted]';

/**
 * What stands for the hidden part of a value a console is shown (`https://hooks.example/services/••••`).
 * A value that contains it was masked by core: sent back exactly as shown, it means "keep the
 * stored secret"; anything else containing it is refused, so a mask is never stored as a secret.
 */
export const MASKED_PART = '\u2022'.repeat(4);

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function isMasked(value: string): boolean {
  return value.includes(MASKED_PART);
}

/** Long strings mixing digits and letters, or both cases: tokens, keys, signatures, not words. */
function looksLikeToken(value: string): boolean {
  if (value.length < 16 || !/^[A-Za-z0-9._~+=%-]+$/.test(value)) return false;
  return (/\d/.test(value) && /[A-Za-z]/.test(value)) || (/[a-z]/.test(value) && /[A-Z]/.test(value));
}

function maskParameters(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return looksLikeToken(pair) ? MASKED_PART : pair;
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      return isSecretKey(name) || SECRET_PARAMETER.test(name) || looksLikeToken(value) ? `${name}=${MASKED_PART}` : pair;
    })
    .join('&');
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;

/**
 * A URL with its secret parts masked: user and password, query values that carry credentials,
 * path segments that look like tokens. `wholePath` also hides everything after the first path
 * segment, for addresses that are credentials in themselves (a webhook's). A URL with nothing
 * to hide comes back exactly as given.
 */
export function maskUrl(url: string, options: { wholePath?: boolean } = {}): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) return url;
  const [, scheme = '', authority = '', path = '', query, fragment] = parts;
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : `${MASKED_PART}@${authority.slice(at + 1)}`;
  if (options.wholePath) {
    const named = path.split('/').filter((segment) => segment !== '');
    const first = named[0];
    const hidesMore = named.length > 1 || query !== undefined || fragment !== undefined;
    if (!hidesMore && (first === undefined || !looksLikeToken(first))) return `${scheme}${host}${path}`;
    return `${scheme}${host}/${first === undefined || looksLikeToken(first) ? '' : `${first}/`}${MASKED_PART}`;
  }
  const segments = path.split('/').map((segment) => (looksLikeToken(segment) ? MASKED_PART : segment));
  const maskedQuery = query === undefined ? '' : `?${maskParameters(query.slice(1))}`;
  const maskedFragment =
    fragment === undefined
      ? ''
      : fragment.includes('=') || looksLikeToken(fragment.slice(1))
        ? `#${maskParameters(fragment.slice(1))}`
        : fragment;
  return `${scheme}${host}${segments.join('/')}${maskedQuery}${maskedFragment}`;
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Every URL inside a text (an error message, a note) with its secret parts masked. */
export function maskUrlsIn(text: string): string {
  return text.includes('://') ? text.replace(URL_IN_TEXT, (url) => maskUrl(url)) : text;
}

/** A string holding a JSON document (an imported file) is redacted as the document it holds. */
function redactText(text: string, depth: number): string {
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.stringify(redactSecrets(JSON.parse(text), depth + 1));
    } catch {
      // Not JSON after all: masked as plain text below.
    }
  }
  return maskUrlsIn(text);
}

/**
 * A deep copy of value with secrets replaced: a secret-looking key's value by "[redacted]", every
 * header value, a webhook's address after its first path segment, and the secret parts of any
 * URL inside a string (user:password, credential query values, token-like path segments).
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[too deep]';
  if (typeof value === 'string') return redactText(value, depth);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    // A webhook's address (and a chat webhook's) is itself the credential past its first segment.
    const isWebhook = ['webhook', 'slack', 'teams', 'mattermost'].includes(String((value as { kind?: unknown }).kind));
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (isSecretKey(key)) return [key, REDACTED];
        if (/^headers$/i.test(key) && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
          return [key, Object.fromEntries(Object.keys(inner).map((name) => [name, REDACTED]))];
        }
        if (isWebhook && key === 'url' && typeof inner === 'string') return [key, maskUrl(inner, { wholePath: true })];
        return [key, redactSecrets(inner, depth + 1)];
      }),
    );
  }
  return value;
}
