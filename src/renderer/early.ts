// Its own bundle (vite.config.ts), loaded without waiting for the page's stylesheet or the console's
// code: it runs as soon as these few lines have arrived, while React, the contract and the pages
// (about 200 ms of evaluation) are still loading, so the token exchange and the first screen's
// reads are under way or done by then.
import { paintBoardEarly } from './app/first-paint';
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
  const opensOnBoard = page === 'board';
  // The wall shows every site's state: it reads the board's first answer too (its sites are all there).
  const readsBoard = opensOnBoard || page === 'wall';
  // With a token in the address, its exchange brings the first screen's reads in the same answer.
  const exchange = exchangeTokenEarly(window.location, window.history, fetch, readsBoard);
  const answers = askFirstScreenEarly(fetch, readsBoard, exchange?.answer ?? Promise.resolve('granted'), exchange?.reads);
  // Once core's requests are out (the first screen's is asked a few microtasks on when no token is
  // traded), the console's code is fetched while the page waits for their answers.
  setTimeout(() => preloadConsoleCode(document), 0);
  // The board's first screen, painted before the console's code is evaluated; main.tsx waits for it (briefly).
  if (opensOnBoard)
    leaveForConsole(
      'firstPaint',
      paintIntoRoot(document, (root) => paintBoardEarly(root, answers)).catch(() => undefined),
    );
  // The wall's, likewise (app/first-paint-wall.ts).
  if (page === 'wall')
    leaveForConsole(
      'firstPaint',
      paintIntoRoot(document, (root) => paintWallEarly(root, answers)).catch(() => undefined),
    );
  // The first local time read loads the time zone's rules (about 10 ms of the console's first render,
  // for its clock), the first collator the collation data (tens of ms; the painters sort names):
  // done here, with the answers asked for, while the page waits for the network anyway.
  new Date().getHours();
  compareNames('', '');
}
// Last, and always (Electron too): the page's entry waits for this (or its cap) before it evaluates the console.
markEarlyScriptRan();
