/**
 * Serve mode's session exchange, shared by core's access gate and the renderer: the page posts
 * the printed access token here once (Authorization: Bearer) and gets a session cookie; a GET
 * says whether the page's cookie is still good.
 */
export const SESSION_PATH = '/session';

/** The fragment parameter of the printed address that carries the access token. */
export const TOKEN_HASH_PARAM = 'token';
