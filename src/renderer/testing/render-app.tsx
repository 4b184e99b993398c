import { QueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { AuthState } from '../../shared/contract';
import { RowRenderObserverContext } from '../api/monitor-store-context';
import { seatKeys } from '../api/seat-queries';
import { App } from '../app/App';
import type { AlarmSound } from '../components/alarm-sound';
import type { PageLoaders } from '../app/page-loaders';
import { INITIAL_VIEW, useViewStore, type Page } from '../state/view-store';
import { FakeTransport, SIGNED_IN } from './fake-transport';

afterEach(() => {
  cleanup();
  useViewStore.setState(INITIAL_VIEW);
});

interface RenderAppOptions {
  transport?: FakeTransport;
  page?: Page;
  /** The monitor a 'monitor' page shows. */
  monitorId?: string;
  /** Called on every board row render, to count them. */
  onRowRender?: (monitorId: string) => void;
  /** How pages' code is loaded, for a test where it fails to arrive. */
  pageLoaders?: PageLoaders;
  /** Who the seat is when the console opens: an admin signed in unless a test says otherwise (null: asked of the transport). */
  seat?: AuthState | null;
  /** The console's sound, on fake audio elements. */
  alarmSound?: AlarmSound;
}

/** Renders the whole console on a fake transport, on the given page, with no retries to wait for. */
export function renderApp(options: RenderAppOptions = {}) {
  const transport = options.transport ?? new FakeTransport();
  useViewStore.setState({ ...INITIAL_VIEW, page: options.page ?? 'overview', monitorId: options.monitorId ?? null });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  // Known before the first render, as for a console reloaded at a signed-in seat: the shell shows at once.
  const seat = options.seat === undefined ? SIGNED_IN : options.seat;
  if (seat !== null) queryClient.setQueryData(seatKeys.state, seat);
  const view = render(
    <RowRenderObserverContext value={options.onRowRender ?? null}>
      <App
        transport={transport}
        queryClient={queryClient}
        {...(options.pageLoaders ? { pageLoaders: options.pageLoaders } : {})}
        {...(options.alarmSound ? { alarmSound: options.alarmSound } : {})}
      />
    </RowRenderObserverContext>,
  );
  return { ...view, transport, queryClient };
}
