/** What core said about this page's access: in, turned away, or nothing (core not reachable). */
export type SessionAnswer = 'granted' | 'refused' | 'unreachable';

/** The envelopes of the first screen's reads by firstScreenKey, or null when core could not answer them. */
export type FirstScreenAnswers = Promise<Map<string, unknown> | null>;

/** The address's token being traded, with the answer it will get. */
export interface EarlyExchange {
  token: string;
  answer: Promise<SessionAnswer>;
}

/**
 * What the early script leaves for the console's code. early.ts is bundled on its own (vite.config.ts),
 * so that it runs as soon as its own few lines arrive rather than after a chunk it would share with
 * the console: the two share no module instance, only the page's global object.
 */
interface EarlyHandoff {
  exchange?: EarlyExchange;
  firstScreen?: FirstScreenAnswers;
  /** The board painted from those answers before React (app/first-paint.ts): settled once it is on screen, or was not painted. */
  firstPaint?: Promise<void>;
  /** The console's code began before the early script (it loads without waiting): the console then does it all itself. */
  consoleStarted?: true;
  /** The early script has run (whether or not it had anything to do). */
  earlyRan?: true;
}

const HANDOFF = Symbol.for('watchroom.early-handoff');

function handoff(): EarlyHandoff {
  const page = globalThis as { [HANDOFF]?: EarlyHandoff };
  page[HANDOFF] ??= {};
  return page[HANDOFF];
}

export function leaveForConsole<K extends keyof EarlyHandoff>(key: K, value: NonNullable<EarlyHandoff[K]>): void {
  handoff()[key] = value;
}

/** Said by the console before it reads the address or looks for the early answers. */
export function markConsoleStarted(): void {
  handoff().consoleStarted = true;
}

export function earlyIsTooLate(): boolean {
  return handoff().consoleStarted === true;
}

/** Taken once: a second console on the same page (none today) would ask for itself. */
export function takeFromEarly<K extends keyof EarlyHandoff>(key: K): NonNullable<EarlyHandoff[K]> | null {
  const left = handoff()[key];
  delete handoff()[key];
  return left ?? null;
}

/** Said by the early script as its last step, always: the page's entry may be waiting for it. */
export function markEarlyScriptRan(): void {
  handoff().earlyRan = true;
}

/**
 * Whether the early script has run. It is inline in the page, after #root (vite.config.ts), so in a
 * built page it has always run before the entry module (module scripts run once the page is
 * parsed); when it has not, there is none (`vite dev`) or the page's CSP refused it, and the entry
 * has nothing to wait for.
 */
export function earlyScriptHasRun(): boolean {
  return handoff().earlyRan === true;
}
