import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { useAlertSnapshot } from '../api/alert-queries';
import { AlertStore } from '../api/alert-store';
import { AlertStoreProvider } from '../api/alert-store-context';
import { useBackupEventsInCache } from '../api/backup-queries';
import {
  useAlertEventsInStore,
  useAuditEventsInCache,
  useCoreEventsInCache,
  useMonitorEventsInStore,
  useRefetchAfterReconnect,
} from '../api/core-events';
import { useIncidentEventsInCache } from '../api/incident-queries';
import { MonitorStore } from '../api/monitor-store';
import { MonitorStoreProvider } from '../api/monitor-store-context';
import { useActivityReports, useSeat, useSeatFollowsCore } from '../api/seat-queries';
import { TransportProvider, useTransport } from '../api/transport-context';
import { AlarmSoundProvider, useAlarm } from '../components/alarm';
import { AlarmSound } from '../components/alarm-sound';
import { AppHeader } from '../components/AppHeader';
import { AttentionBanner } from '../components/AttentionBanner';
import { IncidentAttentionBanner } from '../components/IncidentAttentionBanner';
import { NavRail } from '../components/NavRail';
import { NoticeBanner } from '../components/NoticeBanner';
import { OfflineBanner } from '../components/OfflineBanner';
import { OutboxPanel } from '../components/OutboxPanel';
import { Problem } from '../components/Problem';
import { StatusBar } from '../components/StatusBar';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { BoardPage } from '../pages/board/BoardPage';
import { EnrolScreen } from '../seat/EnrolScreen';
import { LockPanel } from '../seat/LockPanel';
import { SetupScreen } from '../seat/SetupScreen';
import { SignInScreen } from '../seat/SignInScreen';
import { useViewStore } from '../state/view-store';
import { rememberedWallSound } from '../state/wall-sound';
import type { EventName } from '../../shared/contract';
import type { Transport } from '../transport/transport';
import { PageErrorBoundary, RootErrorBoundary } from './ErrorBoundaries';
import {
  lazyPages,
  PAGE_LOADERS,
  relinkFailedStylesheets,
  retryPage,
  type LazyPage,
  type LazyPages,
  type PageLoaders,
} from './page-loaders';
import { useDocumentSettings, usePageInLocation } from './use-document-settings';
import { usePageShortcuts } from './use-page-shortcuts';
import { MAIN_AREA_ID } from '../keyboard/neutral-target';

// The board is what a console opens on, and the alert queue what an alarm opens: both are in the
// first bundle. Every other page is loaded the first time it is shown (page-loaders.ts), so the
// first paint does not wait for code it does not use.
function CurrentPage({ pages }: { pages: LazyPages }) {
  const page = useViewStore((state) => state.page);
  if (page === 'board') return <BoardPage />;
  if (page === 'alerts') return <AlertsPage />;
  const LazyPage = pages[page];
  return <LazyPage />;
}

/** Every page starts at its top: the main area is shared, and would keep the last page's scroll. */
function useScrollToTopOnPageChange(page: string): void {
  useEffect(() => {
    const main = document.getElementById(MAIN_AREA_ID);
    main?.scrollTo?.(0, 0);
    // A page reached from the navigation would leave focus on its button, where Enter or space
    // would press it again instead of working the page: focus moves to the page, unless the page
    // already put it somewhere (the alert queue's search field).
    const active = document.activeElement;
    if (main !== null && (active === null || active === document.body || active.closest('.nav-rail') !== null))
      main.focus({ preventScroll: true });
  }, [page]);
}

/**
 * The alarm, the window title and the text size follow every alert change and the shared clock's
 * tick: here, in a component that renders nothing, so those render neither the header, the
 * navigation nor the page again (in the Shell they did, once a second and at every alert change).
 */
function AlarmAndDocument({ keptSilent = false }: { keptSilent?: boolean }) {
  useAlarm(keptSilent);
  useDocumentSettings();
  return null;
}

/**
 * What keeps a console's data live, on the console and on a wall alike (the alarm: AlarmAndDocument).
 * The audit log, which a wall does not show, is kept live by Shell.
 */
function useLiveConsole(): void {
  useCoreEventsInCache();
  useMonitorEventsInStore();
  useAlertSnapshot();
  useAlertEventsInStore();
  useIncidentEventsInCache();
  useBackupEventsInCache();
  useRefetchAfterReconnect();
  usePageInLocation();
}

/**
 * What a wall display shows nothing of: core is asked not to send it (over socket.io) while nothing on
 * the wall listens to it. The audit log's audit.appended comes with every command: at 50 changes a
 * second, 50 WebSocket messages a second the wall would only decode and drop. alert.attention only
 * sounds the alarm (the wall has no attention banner): a wall that sounds listens to it and gets it,
 * a wall kept silent does not.
 */
const WALL_SHOWS_NONE_OF: readonly EventName[] = ['audit.appended', 'alert.attention'];

/**
 * The wall display (`#wall`): its own screen, without the header, navigation, banners or
 * shortcuts of the console; what it cannot show yet is said in words, never a blank screen.
 */
function WallShell({ pageLoaders }: { pageLoaders: PageLoaders }) {
  useLiveConsole();
  const transport = useTransport();
  useEffect(() => transport.skipUnlistened(WALL_SHOWS_NONE_OF), [transport]);
  const [pages, setPages] = useState(() => lazyPages(pageLoaders));
  const retry = useCallback(() => {
    relinkFailedStylesheets(document);
    setPages((previous) => retryPage(previous, pageLoaders, 'wall'));
  }, [pageLoaders]);
  const Wall = pages.wall;
  // Read once: a wall's choice is made once, on the wall's page, and a silent wall is never asked again.
  const [keptSilent] = useState(() => rememberedWallSound() === 'off');
  return (
    <main className="wall-shell" id={MAIN_AREA_ID}>
      <AlarmAndDocument keptSilent={keptSilent} />
      <PageErrorBoundary onRetry={retry}>
        <Suspense
          fallback={
            <p className="loading" role="status">
              Opening the wall display…
            </p>
          }
        >
          <Wall />
        </Suspense>
      </PageErrorBoundary>
    </main>
  );
}

function Shell({ pageLoaders }: { pageLoaders: PageLoaders }) {
  useLiveConsole();
  useAuditEventsInCache();
  usePageShortcuts();
  const page = useViewStore((state) => state.page);
  useScrollToTopOnPageChange(page);
  const [pages, setPages] = useState(() => lazyPages(pageLoaders));
  const retryCurrentPage = useCallback(() => {
    relinkFailedStylesheets(document);
    const current = useViewStore.getState().page;
    if (current !== 'board' && current !== 'alerts') setPages((previous) => retryPage(previous, pageLoaders, current satisfies LazyPage));
  }, [pageLoaders]);
  return (
    <div className="app-shell">
      <AlarmAndDocument />
      <AppHeader />
      <div className="app-banners">
        <AttentionBanner />
        <IncidentAttentionBanner />
        <OfflineBanner />
        <OutboxPanel />
        <NoticeBanner />
      </div>
      <div className="app-body">
        <NavRail />
        <main className={`app-main app-main--${page}`} id={MAIN_AREA_ID} tabIndex={-1}>
          {/* Keyed by page: a failure stays with the page it happened on. */}
          <PageErrorBoundary key={page} onRetry={retryCurrentPage}>
            <Suspense
              fallback={
                <p className="loading" role="status">
                  Opening the page…
                </p>
              }
            >
              <CurrentPage pages={pages} />
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
      <StatusBar />
    </div>
  );
}

/**
 * What the seat shows: the set-up screen on a console with no users, the sign-in screen to nobody,
 * the two-factor set-up to a supervisor or admin who must enrol first, and the console to a signed-in person. A locked seat keeps the console (the board, the queue, the
 * attention banner and the alarm) under a compact sign-in panel; the shell is the same element
 * locked or not, so locking never restarts the alarm or loses the page.
 */
function Seat({ pageLoaders }: { pageLoaders: PageLoaders }) {
  const seat = useSeat();
  const page = useViewStore((state) => state.page);
  useSeatFollowsCore(seat.data);
  useActivityReports(seat.data?.state === 'signed-in');
  if (seat.isPending) {
    return (
      <p className="loading seat-loading" role="status">
        Connecting to core…
      </p>
    );
  }
  if (seat.isError) {
    return (
      <main className="seat-screen">
        <Problem title={`Could not ask core who is signed in here: ${seat.error.message}`} testId="seat-problem">
          <button type="button" className="button" onClick={() => void seat.refetch()}>
            Ask again
          </button>
        </Problem>
      </main>
    );
  }
  const state = seat.data;
  if (state.state === 'setup') return <SetupScreen />;
  if (state.state === 'signed-out') return <SignInScreen />;
  // Core refuses everything but enrolling to a supervisor or admin who must: the console would be a page of refusals.
  if (state.state === 'signed-in' && state.mustEnrolTwoFactor) return <EnrolScreen user={state.user} />;
  if (page === 'wall') return <WallShell pageLoaders={pageLoaders} />;
  return (
    <>
      <Shell pageLoaders={pageLoaders} />
      {state.state === 'locked' ? <LockPanel user={state.user} /> : null}
    </>
  );
}

/**
 * The whole console, given how to reach core; tests pass a fake transport and a fresh query client.
 * `alertStore` and `monitorStore` are given when their snapshots were asked for before the first
 * render (console-main.tsx); `pageLoaders` when a test makes a page's code fail to load.
 */
export function App({
  transport,
  queryClient,
  alertStore: givenAlertStore,
  pageLoaders = PAGE_LOADERS,
  monitorStore: givenMonitorStore,
  alarmSound: givenAlarmSound,
}: {
  transport: Transport;
  queryClient: QueryClient;
  alertStore?: AlertStore;
  pageLoaders?: PageLoaders;
  monitorStore?: MonitorStore;
  /** The console's sound; a test gives one on fake audio elements. */
  alarmSound?: AlarmSound;
}) {
  // One store of each per console: they live as long as the connection they are fed from.
  const [monitorStore] = useState(() => givenMonitorStore ?? new MonitorStore());
  const [alertStore] = useState(() => givenAlertStore ?? new AlertStore());
  const [alarmSound] = useState(() => givenAlarmSound ?? new AlarmSound());
  return (
    <RootErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <TransportProvider transport={transport}>
          <MonitorStoreProvider store={monitorStore}>
            <AlertStoreProvider store={alertStore}>
              <AlarmSoundProvider sound={alarmSound}>
                <Seat pageLoaders={pageLoaders} />
              </AlarmSoundProvider>
            </AlertStoreProvider>
          </MonitorStoreProvider>
        </TransportProvider>
      </QueryClientProvider>
    </RootErrorBoundary>
  );
}
