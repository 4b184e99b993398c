/** A wall's rotation faster than this could not be read before it turns. */
export const MIN_ROTATE_SECONDS = 5;
