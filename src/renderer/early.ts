// Its own entry, ahead of the console's code in index.html: it runs as soon as these few lines
// have arrived, while React, the contract and the pages (about 200 ms of evaluation) are still
// loading, so the token exchange and the first screen's reads are under way or done by then.
import { pageFromHash } from './state/page-address';
import { askFirstScreenEarly } from './transport/first-screen';
import { exchangeTokenEarly } from './transport/serve-session';

// Electron's window has its preload bridge and no token: serve mode only.
if (!('watchroom' in window)) {
  const fetch = (url: string, init: RequestInit) => window.fetch(url, init);
  const opensOnBoard = pageFromHash(window.location.hash) === 'board';
  const exchange = exchangeTokenEarly(window.location, window.history, fetch);
  askFirstScreenEarly(fetch, opensOnBoard, exchange ?? Promise.resolve('granted'));
}
