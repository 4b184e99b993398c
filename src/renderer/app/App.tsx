import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useAlertSnapshot } from '../api/alert-queries';
import { AlertStore } from '../api/alert-store';
import { AlertStoreProvider } from '../api/alert-store-context';
import { useBackupEventsInCache } from '../api/backup-queries';
import { useAlertEventsInStore, useCoreEventsInCache, useMonitorEventsInStore, useRefetchAfterReconnect } from '../api/core-events';
import { useIncidentEventsInCache } from '../api/incident-queries';
import { MonitorStore } from '../api/monitor-store';
import { MonitorStoreProvider } from '../api/monitor-store-context';
import { TransportProvider } from '../api/transport-context';
import { AlarmSoundProvider, useAlarm } from '../components/alarm';
import { AlarmSound } from '../components/alarm-sound';
import { AppHeader } from '../components/AppHeader';
import { AttentionBanner } from '../components/AttentionBanner';
import { IncidentAttentionBanner } from '../components/IncidentAttentionBanner';
import { NavRail } from '../components/NavRail';
import { NoticeBanner } from '../components/NoticeBanner';
import { StatusBar } from '../components/StatusBar';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { BoardPage } from '../pages/board/BoardPage';
import { useViewStore } from '../state/view-store';
import type { Transport } from '../transport/transport';
import { useDocumentSettings, usePageInLocation } from './use-document-settings';
import { usePageShortcuts } from './use-page-shortcuts';

// The board is what a console opens on, and the alert queue what an alarm opens: both are in the
// first bundle. Every other page is loaded the first time it is shown, so the first paint does not
// wait for code it does not use.
const IncidentsPage = lazy(() => import('../pages/incidents/IncidentsPage').then((m) => ({ default: m.IncidentsPage })));
const IncidentPage = lazy(() => import('../pages/incident/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const SopsPage = lazy(() => import('../pages/sops/SopsPage').then((m) => ({ default: m.SopsPage })));
const BackupsPage = lazy(() => import('../pages/backups/BackupsPage').then((m) => ({ default: m.BackupsPage })));
const AlertConfigPage = lazy(() => import('../pages/alert-config/AlertConfigPage').then((m) => ({ default: m.AlertConfigPage })));
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
    case 'alerts':
      return <AlertsPage />;
    case 'incidents':
      return <IncidentsPage />;
    case 'incident':
      return <IncidentPage />;
    case 'alert-config':
      return <AlertConfigPage />;
    case 'sops':
      return <SopsPage />;
    case 'backups':
      return <BackupsPage />;
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
    const main = document.getElementById('main');
    main?.scrollTo?.(0, 0);
    // A page reached from the navigation would leave focus on its button, where Enter or space
    // would press it again instead of working the page: focus moves to the page, unless the page
    // already put it somewhere (the alert queue's search field).
    const active = document.activeElement;
    if (main !== null && (active === null || active === document.body || active.closest('.nav-rail') !== null)) main.focus({ preventScroll: true });
  }, [page]);
}

function Shell() {
  useCoreEventsInCache();
  useMonitorEventsInStore();
  useAlertSnapshot();
  useAlertEventsInStore();
  useIncidentEventsInCache();
  useBackupEventsInCache();
  useAlarm();
  useRefetchAfterReconnect();
  useDocumentSettings();
  usePageInLocation();
  usePageShortcuts();
  const page = useViewStore((state) => state.page);
  useScrollToTopOnPageChange(page);
  return (
    <div className="app-shell">
      <AppHeader />
      <AttentionBanner />
      <IncidentAttentionBanner />
      <NoticeBanner />
      <div className="app-body">
        <NavRail />
        <main className={`app-main app-main--${page}`} id="main" tabIndex={-1}>
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

/**
 * The whole console, given how to reach core; tests pass a fake transport and a fresh query client.
 * `alertStore` and `monitorStore` are given when their snapshots were asked for before the first
 * render (main.tsx).
 */
export function App({
  transport,
  queryClient,
  alertStore: givenAlertStore,
  monitorStore: givenMonitorStore,
}: {
  transport: Transport;
  queryClient: QueryClient;
  alertStore?: AlertStore;
  monitorStore?: MonitorStore;
}) {
  // One store of each per console: they live as long as the connection they are fed from.
  const [monitorStore] = useState(() => givenMonitorStore ?? new MonitorStore());
  const [alertStore] = useState(() => givenAlertStore ?? new AlertStore());
  const [alarmSound] = useState(() => new AlarmSound());
  return (
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <MonitorStoreProvider store={monitorStore}>
          <AlertStoreProvider store={alertStore}>
            <AlarmSoundProvider sound={alarmSound}>
              <Shell />
            </AlarmSoundProvider>
          </AlertStoreProvider>
        </MonitorStoreProvider>
      </TransportProvider>
    </QueryClientProvider>
  );
}
