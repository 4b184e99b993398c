import { SESSION_PATH } from './serve-access';

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

/**
 * Given to the token exchange (`POST /session?first-screen`, with `&board` as above), it asks for
 * the first screen's reads in the same answer, saving the page a second round trip before it can
 * paint: the answer then carries the access cookie and the reads, made as the person the page's
 * person cookie names. Without it, or when the token is refused, the exchange is what it always was.
 */
export const FIRST_SCREEN_WITH_SESSION_PARAM = 'first-screen';

/** The exchange's path when it asks for the first screen's reads too. */
export function sessionPathWithFirstScreen(opensOnBoard: boolean): string {
  return `${SESSION_PATH}?${FIRST_SCREEN_WITH_SESSION_PARAM}${opensOnBoard ? `&${FIRST_SCREEN_BOARD_PARAM}` : ''}`;
}

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
