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
 * The wall shows every site's state, so it waits for the board's first answer too.
 * Settles once who is at the seat and (opening on the board or the wall) the board are known, answered or not:
 * React's first render waits for that, so that its first commit is already the screen.
 */
export function askForFirstScreen(
  page: Page,
  transport: Transport,
  queryClient: QueryClient,
  stores: { alerts: AlertStore; monitors: MonitorStore },
): Promise<void> {
  const seat = queryClient.prefetchQuery(seatQuery(transport));
  const board = page === 'board' || page === 'wall' ? queryClient.prefetchQuery(boardSnapshotQuery(transport, stores.monitors)) : null;
  void queryClient.prefetchQuery(alertSnapshotQuery(transport, stores.alerts));
  return Promise.all([seat, board]).then(() => undefined);
}
