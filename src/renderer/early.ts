// Its own bundle, written into the page at the end of the body (vite.config.ts): it runs as soon as
// the parser reaches it, before any of the page's files is fetched and while React, the contract and
// the pages (about 200 ms of evaluation) are still to load, so the token exchange and the first
// screen's reads are under way or done by then.
import { paintBoardEarly } from './app/first-paint';
import { paintAlertsEarly } from './app/first-paint-alerts';
import { paintWallEarly } from './app/first-paint-wall';
import { paintIntoRoot, preloadConsoleCode } from './app/early-dom';
import { compareNames } from '../shared/domain/board-order';
import { pageFromHash } from './state/page-address';
import { earlyIsTooLate, leaveForConsole, markEarlyScriptRan } from './transport/early-handoff';
import { askFirstScreenEarly } from './transport/first-screen';
import { exchangeTokenEarly, pairingCodeFromHash } from './transport/serve-session';

// Electron's window has its preload bridge and no token: serve mode only. Should the console's code
// have started first, it has traded the token and asked for everything itself: nothing is left to do.
// A pairing address is left to the console too: read now, the first screen would be that of whoever this
// browser's cookie signs in, painted on the display until its own pairing is redeemed.
if (!('watchroom' in window) && !earlyIsTooLate() && pairingCodeFromHash(window.location.hash) === null) {
  const fetch = (url: string, init: RequestInit) => window.fetch(url, init);
  const page = pageFromHash(window.location.hash);
  // The wall shows every site's state: it reads the board's first answer too (its sites are all there).
  const readsBoard = page === 'board' || page === 'wall';
  // With a token in the address, its exchange brings the first screen's reads in the same answer.
  const exchange = exchangeTokenEarly(window.location, window.history, fetch, readsBoard);
  const answers = askFirstScreenEarly(fetch, readsBoard, exchange?.answer ?? Promise.resolve('granted'), exchange?.reads);
  // The board's first screen, painted before the console's code is evaluated; main.tsx waits for it (briefly).
  // The wall's and the alert queue's likewise (app/first-paint-wall.ts, app/first-paint-alerts.ts).
  const painting =
    page === 'board'
      ? paintIntoRoot(document, (root) => paintBoardEarly(root, answers))
      : page === 'wall'
        ? paintIntoRoot(document, (root) => paintWallEarly(root, answers))
        : page === 'alerts'
          ? paintIntoRoot(document, (root) => paintAlertsEarly(root, answers))
          : null;
  if (painting === null) {
    // React draws this page's first screen: its code is fetched at once, while core answers.
    setTimeout(() => preloadConsoleCode(document), 0);
  } else {
    // Fetched and compiled while core answered, the console's ~20 files took the CPU from the paint
    // and its first layout (a 2-core machine runs core, the browser and the page). main.tsx imports
    // the console once this settles, painted or not, and that import fetches every file at once at
    // normal priority: low-priority preloads from here would only slow the fetch it then reuses.
    leaveForConsole(
      'firstPaint',
      painting.catch(() => undefined),
    );
  }
  // The first local time read loads the time zone's rules (about 10 ms of the console's first render,
  // for its clock), the first collator the collation data (tens of ms; the painters sort names):
  // done here, with the answers asked for, while the page waits for the network anyway.
  new Date().getHours();
  compareNames('', '');
}
// Last, and always (Electron too): the page's entry waits for this (or its cap) before it evaluates the console.
markEarlyScriptRan();
