import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useCoreEventsInCache, useMonitorEventsInStore, useRefetchAfterReconnect } from '../api/core-events';
import { MonitorStore } from '../api/monitor-store';
import { MonitorStoreProvider } from '../api/monitor-store-context';
import { TransportProvider } from '../api/transport-context';
import { AppHeader } from '../components/AppHeader';
import { NavRail } from '../components/NavRail';
import { NoticeBanner } from '../components/NoticeBanner';
import { StatusBar } from '../components/StatusBar';
import { BoardPage } from '../pages/board/BoardPage';
import { useViewStore } from '../state/view-store';
import type { Transport } from '../transport/transport';
import { useDocumentSettings, usePageInLocation } from './use-document-settings';
import { usePageShortcuts } from './use-page-shortcuts';

// The board is what a console opens on; every other page is loaded the first time it is shown, so
// the first paint of the board does not wait for code it does not use.
const MonitorDetailPage = lazy(() => import('../pages/monitor/MonitorDetailPage').then((m) => ({ default: m.MonitorDetailPage })));
const MonitorFormPage = lazy(() => import('../pages/monitor-form/MonitorFormPage').then((m) => ({ default: m.MonitorFormPage })));
const SitesPage = lazy(() => import('../pages/sites/SitesPage').then((m) => ({ default: m.SitesPage })));
const OverviewPage = lazy(() => import('../pages/overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const AuditPage = lazy(() => import('../pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const SettingsPage = lazy(() => import('../pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));

function CurrentPage() {
  const page = useViewStore((state) => state.page);
  switch (page) {
    case 'board':
      return <BoardPage />;
    case 'monitor':
      return <MonitorDetailPage />;
    case 'monitor-form':
      return <MonitorFormPage />;
    case 'sites':
      return <SitesPage />;
    case 'overview':
      return <OverviewPage />;
    case 'audit':
      return <AuditPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

/** Every page starts at its top: the main area is shared, and would keep the last page's scroll. */
function useScrollToTopOnPageChange(page: string): void {
  useEffect(() => {
    document.getElementById('main')?.scrollTo?.(0, 0);
  }, [page]);
}

function Shell() {
  useCoreEventsInCache();
  useMonitorEventsInStore();
  useRefetchAfterReconnect();
  useDocumentSettings();
  usePageInLocation();
  usePageShortcuts();
  const page = useViewStore((state) => state.page);
  useScrollToTopOnPageChange(page);
  return (
    <div className="app-shell">
      <AppHeader />
      <NoticeBanner />
      <div className="app-body">
        <NavRail />
        <main className={`app-main app-main--${page}`} id="main">
          <Suspense
            fallback={
              <p className="loading" role="status">
                Opening the page…
              </p>
            }
          >
            <CurrentPage />
          </Suspense>
        </main>
      </div>
      <StatusBar />
    </div>
  );
}

/** The whole console, given how to reach core; tests pass a fake transport and a fresh query client. */
export function App({ transport, queryClient }: { transport: Transport; queryClient: QueryClient }) {
  // One store per console: it lives as long as the connection it is fed from.
  const [monitorStore] = useState(() => new MonitorStore());
  return (
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <MonitorStoreProvider store={monitorStore}>
          <Shell />
        </MonitorStoreProvider>
      </TransportProvider>
    </QueryClientProvider>
  );
}
