import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useCoreEventsInCache, useMonitorEventsInStore, useRefetchAfterReconnect } from '../api/core-events';
import { MonitorStore } from '../api/monitor-store';
import { MonitorStoreProvider } from '../api/monitor-store-context';
import { TransportProvider } from '../api/transport-context';
import { AppHeader } from '../components/AppHeader';
import { NavRail } from '../components/NavRail';
import { NoticeBanner } from '../components/NoticeBanner';
import { StatusBar } from '../components/StatusBar';
import { AuditPage } from '../pages/audit/AuditPage';
import { BoardPage } from '../pages/board/BoardPage';
import { MonitorDetailPage } from '../pages/monitor/MonitorDetailPage';
import { MonitorFormPage } from '../pages/monitor-form/MonitorFormPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { SitesPage } from '../pages/sites/SitesPage';
import { useViewStore } from '../state/view-store';
import type { Transport } from '../transport/transport';
import { useDocumentSettings, usePageInLocation } from './use-document-settings';
import { usePageShortcuts } from './use-page-shortcuts';

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
          <CurrentPage />
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
