/**
 * Serve mode's session exchange, shared by core's access gate and the renderer: the page posts
 * the printed access token here once (Authorization: Bearer) and gets a session cookie; a GET
 * says whether the page's cookie is still good.
 */
export const SESSION_PATH = '/session';

/** The fragment parameter of the printed address that carries the access token. */
export const TOKEN_HASH_PARAM = 'token';

/**
 * Sign-in, set-up and sign-out go over plain HTTP (POST AUTH_PATH + 'signIn' and so on, the
 * method's input as JSON) so the answer can set and clear the HttpOnly cookie holding the
 * person's session token; the page then reconnects its socket, whose handshake carries it.
 */
export const AUTH_PATH = '/auth/';
export const HTTP_AUTH_METHODS = ['auth.setup', 'auth.signIn', 'auth.signOut'] as const;
export type HttpAuthMethod = (typeof HTTP_AUTH_METHODS)[number];

/** The path a browser posts `method` to. */
export function authPathOf(method: HttpAuthMethod): string {
  return `${AUTH_PATH}${method.slice('auth.'.length)}`;
}

/**
 * A paired wall display trades its one-time pairing code (the address the admin was shown:
 * #pair=CODE) for a long-lived session cookie here, once it holds the access cookie.
 */
export const PAIR_PATH = '/auth/pair';

/** The fragment parameter of a pairing address. */
export const PAIR_HASH_PARAM = 'pair';
