import { bridgeOf, createBridgeTransport } from './bridge-transport';
import { markConsoleStarted } from './early-handoff';
import { addressAwaitsTrade } from './serve-session';
import { connectToOwnOrigin } from './socket-transport';
import type { Transport } from './transport';

/**
 * Electron's preload when it is there, else socket.io to the page's own origin (serve mode, wall
 * displays); onAccessRefused is serve mode's: this page has no valid session.
 */
export function selectTransport(host: Window, onAccessRefused: () => void): Transport {
  const bridge = bridgeOf(host);
  if (bridge !== null) return createBridgeTransport(bridge);
  // A newly printed address (or a pairing address) pasted into an open tab differs only after the
  // #, which the browser treats as a move within the page: load the page again, so it trades it.
  host.addEventListener('hashchange', () => {
    if (addressAwaitsTrade(host.location.hash)) host.location.reload();
  });
  markConsoleStarted();
  return connectToOwnOrigin({
    location: host.location,
    history: host.history,
    fetch: (url, init) => host.fetch(url, init),
    onAccessRefused,
  });
}
