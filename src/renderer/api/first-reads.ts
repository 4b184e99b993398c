import type { QueryClient } from '@tanstack/react-query';
import type { Page } from '../state/view-store';
import type { Transport } from '../transport/transport';
import { alertSnapshotQuery } from './alert-queries';
import type { AlertStore } from './alert-store';
import type { MonitorStore } from './monitor-store';
import { boardSnapshotQuery } from './monitoring-queries';
import { seatQuery } from './seat-queries';

/**
 * Asks core for what the first screen shows before React has rendered anything, in the order it
 * is needed (core answers in order). Opening on the board, its snapshot is the first screenful:
 * asked for first, rather than once the board has mounted behind the alert queue's snapshot. The
 * alert queue comes next on every page (the alarm and the status in the title need it). Who is
 * at the seat is asked for before both: the console shows nothing else until it knows.
 * The wall shows every site's state, so it waits for the board's first answer too; the alert queue
 * waits for its own first screenful.
 * Settles once who is at the seat and (opening on the board or the wall) the board's first
 * screenful are known, answered or not: React's first render waits for that, so that its first
 * commit is already the screen. It also waits for the socket's first connection (milliseconds after
 * the console's code ran), so the header's first commit tells the live alert status, not "Status
 * unknown · was …", which the painted header does not show and which would move it. Not for the whole
 * board, which comes over the socket after that: the painted board stayed inert until then, and React's
 * first commit came with the whole snapshot's parsing in the same moment, one long freeze just after
 * the board appeared.
 */
export function askForFirstScreen(
  page: Page,
  transport: Transport,
  queryClient: QueryClient,
  stores: { alerts: AlertStore; monitors: MonitorStore },
): Promise<void> {
  const seat = queryClient.prefetchQuery(seatQuery(transport));
  const board =
    page === 'board' || page === 'wall'
      ? firstScreenfulShown(stores.monitors, queryClient.prefetchQuery(boardSnapshotQuery(transport, stores.monitors)))
      : null;
  const alertRead = queryClient.prefetchQuery(alertSnapshotQuery(transport, stores.alerts));
  // Opening on the queue, its first commit is the queue (the painted one, app/first-paint-alerts.ts, taken over in place), not "Reading the alert queue…".
  const alerts = page === 'alerts' ? firstScreenfulShown(stores.alerts, alertRead) : null;
  return Promise.all([seat, board, alerts, firstConnection(transport)]).then(() => undefined);
}

/** Settles once the socket is no longer making its first connection: connected, or failed (the console says so). */
function firstConnection(transport: Transport): Promise<void> {
  return new Promise((resolve) => {
    const settled = () => transport.getConnection().state !== 'connecting';
    if (settled()) {
      resolve();
      return;
    }
    const unsubscribe = transport.onConnectionChange(() => {
      if (!settled()) return;
      unsubscribe();
      resolve();
    });
  });
}

/** Settles once the store holds its snapshot's first answer (its first screenful is enough to show the page), or the read ended without one. */
function firstScreenfulShown(store: Pick<MonitorStore | AlertStore, 'subscribe' | 'snapshotAt'>, read: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe(() => {
      if (store.snapshotAt() === null) return;
      unsubscribe();
      resolve();
    });
    void read.then(() => {
      unsubscribe();
      resolve();
    });
  });
}
