/** Which links the console hands to the operating system's browser. Pure, so it is tested under Node. */

/** Long enough for any real link; longer ones are more likely smuggling something. */
const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * Only https links with a host and without embedded credentials leave the console. http, file:,
 * javascript:, custom schemes (which can start local programs) and user:password@ links do not.
 */
export function isExternalUrlAllowed(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
