import { exchangeTokenEarly } from './transport/serve-session';

// Serve mode: the printed token is traded for the session cookie while the console's code is still
// on its way, so the socket can connect as soon as that code runs. Electron's window has no token.
exchangeTokenEarly(window.location, window.history, (url, init) => window.fetch(url, init));
