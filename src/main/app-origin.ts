/**
 * The renderer's one origin. It is served by main's own protocol handler (never file://), so a
 * URL that is not under it is, by definition, not ours.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'watchroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when url is on app://watchroom exactly: scheme and host match, and there are no
 * credentials or port that could make a look-alike ("app://watchroom@evil", "app://watchroom:1").
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
