/**
 * The reads a console's first screen waits for, asked for over plain HTTP by a tiny early script
 * while the console's code is still being fetched and evaluated, so their answers are there when
 * it starts (serve mode). Core answers exactly these reads and no others on that path: it is not
 * a second way into the contract. Each answer is a first screenful that the socket's own reads
 * replace once it is connected, so nothing shown stays older than the socket's events.
 */
export const FIRST_SCREEN_PATH = '/first-screen';

/** Monitors in the board's first answer: a tall screen's worth of rows, with room to spare. */
export const FIRST_BOARD_SCREENFUL = 100;

/** Alerts in the queue's first answer: a tall screen's worth of rows, with room to spare. */
export const FIRST_ALERTS_SCREENFUL = 200;

export type FirstScreenRead =
  | { method: 'auth.state'; input: undefined }
  | { method: 'board.snapshot'; input: { first: number } }
  | { method: 'alerts.snapshot'; input: { first: number } };

/** Who is at the seat (nothing shows before that), the board's first screenful when it opens on the board, the alert queue's (every page has the alarm). */
export function firstScreenReads(opensOnBoard: boolean): FirstScreenRead[] {
  return [
    { method: 'auth.state', input: undefined },
    ...(opensOnBoard ? [{ method: 'board.snapshot' as const, input: { first: FIRST_BOARD_SCREENFUL } }] : []),
    { method: 'alerts.snapshot', input: { first: FIRST_ALERTS_SCREENFUL } },
  ];
}

/** The query string that asks for the board too. */
export const FIRST_SCREEN_BOARD_PARAM = 'board';

/** One read's identity: a call made with the same method and input can take its early answer. */
export function firstScreenKey(method: string, input: unknown): string {
  return `${method} ${JSON.stringify(input ?? null)}`;
}

/** What core answers: the envelope of each read, in the order asked. */
export interface FirstScreenAnswer {
  method: string;
  input: unknown;
  envelope: unknown;
}

/**
 * Where serve mode writes the first screen's answers into the page itself, for a person its cookie
 * already signs in: the early script then reads them from the page instead of asking
 * FIRST_SCREEN_PATH once it has run (a round trip after the page, its script and core's reads).
 */
export const FIRST_SCREEN_ELEMENT_ID = 'watchroom-first-screen';

/** What JSON may hold that HTML would read as markup (or a script as a line end): written as JSON escapes instead. */
const UNSAFE_IN_HTML = /[<>&\u2028\u2029]/g;

/**
 * The answers as a JSON data block for the top of the page's head. A data block is never run
 * (it is no script for the CSP), and no text in an answer can close it or open a comment or a
 * tag (a monitor named `</script><script>…`): `<`, `>` and `&` are JSON escapes, which JSON.parse
 * of the element's text turns back into the same characters.
 */
export function firstScreenDataBlock(answers: readonly FirstScreenAnswer[]): string {
  const json = JSON.stringify({ answers }).replace(UNSAFE_IN_HTML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${json}</script>`;
}
