import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { loadPatternEngine } from '../../shared/contract/patterns';
import type { Page } from '../state/view-store';

/** The pages loaded the first time they are shown (the board and the alert queue are in the first bundle). */
export type LazyPage = Exclude<Page, 'board' | 'alerts'>;

export type PageLoaders = Record<LazyPage, () => Promise<{ default: ComponentType }>>;

/**
 * A page that judges SOP patterns (input steps, the SOP editor and import) shows once the
 * linear-time engine is loaded with it, so it never validates before it can check a pattern.
 */
async function withPatternEngine<T>(page: Promise<T>): Promise<T> {
  const [loaded] = await Promise.all([page, loadPatternEngine()]);
  return loaded;
}

export const PAGE_LOADERS: PageLoaders = {
  incidents: () => import('../pages/incidents/IncidentsPage').then((m) => ({ default: m.IncidentsPage })),
  incident: () => withPatternEngine(import('../pages/incident/IncidentPage').then((m) => ({ default: m.IncidentPage }))),
  sops: () => withPatternEngine(import('../pages/sops/SopsPage').then((m) => ({ default: m.SopsPage }))),
  backups: () => import('../pages/backups/BackupsPage').then((m) => ({ default: m.BackupsPage })),
  'alert-config': () => import('../pages/alert-config/AlertConfigPage').then((m) => ({ default: m.AlertConfigPage })),
  monitor: () => import('../pages/monitor/MonitorDetailPage').then((m) => ({ default: m.MonitorDetailPage })),
  'monitor-form': () => import('../pages/monitor-form/MonitorFormPage').then((m) => ({ default: m.MonitorFormPage })),
  sites: () => import('../pages/sites/SitesPage').then((m) => ({ default: m.SitesPage })),
  overview: () => import('../pages/overview/OverviewPage').then((m) => ({ default: m.OverviewPage })),
  audit: () => import('../pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })),
  security: () => import('../pages/security/SecurityPage').then((m) => ({ default: m.SecurityPage })),
  retention: () => import('../pages/retention/RetentionPage').then((m) => ({ default: m.RetentionPage })),
  reports: () => import('../pages/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })),
  settings: () => import('../pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
  users: () => import('../pages/users/UsersPage').then((m) => ({ default: m.UsersPage })),
  sessions: () => import('../pages/users/SessionsPage').then((m) => ({ default: m.SessionsPage })),
  wall: () => import('../pages/wall/WallPage').then((m) => ({ default: m.WallPage })),
  handover: () => import('../pages/handover/HandoverPage').then((m) => ({ default: m.HandoverPage })),
};

export type LazyPages = Record<LazyPage, LazyExoticComponent<ComponentType> | ComponentType>;

/**
 * One lazy component per page, the same ones for as long as the loaders are the same: a page
 * loaded once then shows at once, without suspending again, when the console is mounted again.
 */
const lazyPagesOf = new WeakMap<PageLoaders, LazyPages>();
/** Pages whose code was loaded before the console's first render (loadBeforeFirstRender). */
const loadedFirstOf = new WeakMap<PageLoaders, Partial<Record<LazyPage, ComponentType>>>();

export function lazyPages(loaders: PageLoaders): LazyPages {
  const known = lazyPagesOf.get(loaders);
  if (known !== undefined) return known;
  const loadedFirst = loadedFirstOf.get(loaders) ?? {};
  const pages = Object.fromEntries(
    Object.entries(loaders).map(([page, load]) => [page, loadedFirst[page as LazyPage] ?? lazy(load)]),
  ) as LazyPages;
  lazyPagesOf.set(loaders, pages);
  return pages;
}

/**
 * Loads the page the console opens on before its first render, so that the first commit is the
 * page itself: a lazy page suspends at least once even when its code is there, and its fallback
 * would be committed in place of an early paint (app/first-paint-wall.ts) before the page replaced
 * it. A failure here leaves the page lazy, to be loaded (and retried) as any other.
 */
export async function loadBeforeFirstRender(loaders: PageLoaders, page: LazyPage): Promise<void> {
  try {
    const loaded = await loaders[page]();
    loadedFirstOf.set(loaders, { ...loadedFirstOf.get(loaders), [page]: loaded.default });
  } catch {
    // Shown by the page's error boundary when the lazy page fails the same way.
  }
}

/**
 * A new lazy component for one page whose code failed to load: React keeps a lazy component's
 * failure for good, and the browser fetches a module again once asked again.
 */
export function retryPage(pages: LazyPages, loaders: PageLoaders, page: LazyPage): LazyPages {
  const retried = { ...pages, [page]: lazy(loaders[page]) };
  lazyPagesOf.set(loaders, retried);
  return retried;
}

/**
 * Stylesheets a page's chunk brings are linked once: one whose fetch failed while core was away is
 * linked again, or the page would come back unstyled.
 */
export function relinkFailedStylesheets(doc: Document): void {
  for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
    if (link.sheet !== null) continue;
    const again = link.cloneNode() as HTMLLinkElement;
    link.replaceWith(again);
  }
}

/** Whether an error is a page's code failing to arrive (core or the network away), rather than a fault in the page. */
export function isCodeLoadFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Chromium: "Failed to fetch dynamically imported module", Firefox: "error loading dynamically imported module",
  // Safari: "Importing a module script failed"; Vite's CSS preload: "Unable to preload CSS".
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(error.message);
}
