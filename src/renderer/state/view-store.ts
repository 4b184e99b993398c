import { create } from 'zustand';
import type { MonitorStatus } from '../../shared/contract';
import { EMPTY_ALERT_FILTERS, type AlertQueueFilters } from '../../shared/domain/alert-queue';
import { BARE_INCIDENT, bareIncidentId, hashParams, HOME_PAGE, isPage, pageFromHash, PAGES, type Page } from './page-address';

export { HOME_PAGE, isPage, pageFromHash, PAGES, type Page };

/**
 * View state only: where the operator is and what they filter by. Everything from core lives in
 * TanStack Query, except the board's per-monitor states (api/monitor-store), which change too
 * often for a query cache.
 */

/** The audit filter inputs as typed (strings); turned into an audit.list query when applied. */
export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  /** datetime-local values, read in the console's time zone setting. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { actor: '', action: '', target: '', from: '', to: '' };

export type BoardOrder = 'problems-first' | 'site-name';

/** What the status board shows; applied as typed, since filtering happens in memory. */
export interface BoardFilters {
  /** Matched against monitor names and targets, case-insensitively. */
  text: string;
  /** Empty means every status. */
  statuses: readonly MonitorStatus[];
  siteId: string | null;
  tag: string | null;
  order: BoardOrder;
}

export const EMPTY_BOARD_FILTERS: BoardFilters = { text: '', statuses: [], siteId: null, tag: null, order: 'problems-first' };

/** The alert queue's dialogs: each works on one alert, kept by id so an update does not close it. */
export interface AlertDialog {
  /** `incident`: open an incident from this alert. */
  kind: 'acknowledge' | 'snooze' | 'resolve' | 'incident';
  alertId: string;
}

/** Where the monitor form was opened from, so Save and Cancel go back there. */
export interface MonitorFormTarget {
  /** null: a new monitor. */
  monitorId: string | null;
  /** For a new monitor: the site to preselect. */
  siteId: string | null;
}

interface ViewState {
  page: Page;
  /** The page shown before this one: the board keeps the row in view only when coming back from that monitor's page. */
  previousPage: Page;
  /** The monitor the detail page shows. */
  monitorId: string | null;
  monitorForm: MonitorFormTarget;
  /** The page the monitor form was opened from: the navigation shows it, and Cancel on a new monitor goes back there. */
  monitorFormFrom: Page;
  auditFilters: AuditFilters;
  boardFilters: BoardFilters;
  /** The board row j/k moves: kept by id so it survives re-sorting and refetches. */
  boardCursor: string | null;
  dismissedNoticeIds: readonly string[];
  alertFilters: AlertQueueFilters;
  /** The alert row j/k moves: kept by id so it survives re-sorting and live changes. */
  alertCursor: string | null;
  alertDialog: AlertDialog | null;
  /** The alert the side panel shows; null when it is closed. */
  alertDetailId: string | null;
  /** Mutes this console's alarm sound; the sound indicator still says when it would sound. */
  soundMuted: boolean;
  /** The incident the incident page shows. */
  incidentId: string | null;
  /** The incident row j/k moves: kept by id so it survives re-sorting and refetches. */
  incidentCursor: string | null;
  showPage(page: Page): void;
  openMonitor(id: string): void;
  openMonitorForm(target: MonitorFormTarget): void;
  applyAuditFilters(filters: AuditFilters): void;
  setBoardFilters(filters: Partial<BoardFilters>): void;
  setBoardCursor(id: string | null): void;
  dismissNotice(id: string): void;
  setAlertFilters(filters: Partial<AlertQueueFilters>): void;
  setAlertCursor(id: string | null): void;
  openAlertDialog(dialog: AlertDialog | null): void;
  showAlertDetail(id: string | null): void;
  /** The queue with this alert under the cursor (from the attention banner). */
  openAlertInQueue(id: string): void;
  setSoundMuted(muted: boolean): void;
  showIncident(id: string): void;
  setIncidentCursor(id: string | null): void;
}

export const INITIAL_VIEW = {
  page: HOME_PAGE,
  previousPage: HOME_PAGE,
  monitorId: null,
  monitorForm: { monitorId: null, siteId: null },
  monitorFormFrom: HOME_PAGE,
  auditFilters: EMPTY_AUDIT_FILTERS,
  boardFilters: EMPTY_BOARD_FILTERS,
  boardCursor: null,
  dismissedNoticeIds: [],
  alertFilters: EMPTY_ALERT_FILTERS,
  alertCursor: null,
  alertDialog: null,
  alertDetailId: null,
  soundMuted: false,
  incidentId: null,
  incidentCursor: null,
} as const satisfies Partial<ViewState>;

/** A move to another page, remembering where from (staying on the same page keeps what was before it). */
function pageChange(state: ViewState, page: Page): Pick<ViewState, 'page' | 'previousPage'> {
  return { page, previousPage: page === state.page ? state.previousPage : state.page };
}

export const useViewStore = create<ViewState>()((set) => ({
  ...INITIAL_VIEW,
  showPage: (page) => set((state) => ({ ...pageChange(state, page) })),
  openMonitor: (id) => set((state) => ({ ...pageChange(state, 'monitor'), monitorId: id, boardCursor: id })),
  openMonitorForm: (monitorForm) =>
    set((state) => ({
      ...pageChange(state, 'monitor-form'),
      monitorForm,
      monitorFormFrom: state.page === 'monitor-form' ? state.monitorFormFrom : state.page,
    })),
  applyAuditFilters: (auditFilters) => set({ auditFilters }),
  setBoardFilters: (filters) => set((state) => ({ boardFilters: { ...state.boardFilters, ...filters } })),
  setBoardCursor: (boardCursor) => set({ boardCursor }),
  dismissNotice: (id) => set((state) => ({ dismissedNoticeIds: [...state.dismissedNoticeIds, id] })),
  setAlertFilters: (filters) => set((state) => ({ alertFilters: { ...state.alertFilters, ...filters } })),
  setAlertCursor: (alertCursor) => set({ alertCursor }),
  openAlertDialog: (alertDialog) => set({ alertDialog }),
  showAlertDetail: (alertDetailId) => set({ alertDetailId }),
  // Filters that would hide the alert are cleared: the operator asked to see this one.
  openAlertInQueue: (id) => set((state) => ({ ...pageChange(state, 'alerts'), alertCursor: id, alertFilters: EMPTY_ALERT_FILTERS })),
  setSoundMuted: (soundMuted) => set({ soundMuted }),
  // The list's cursor follows, so going back to the list lands on the incident just seen.
  showIncident: (id) => set((state) => ({ ...pageChange(state, 'incident'), incidentId: id, incidentCursor: id })),
  setIncidentCursor: (incidentCursor) => set({ incidentCursor }),
}));

/** What the fragment names: the page, and the monitor or incident that page shows. */
export type ViewInHash = Pick<ViewState, 'page' | 'monitorId'> & Partial<Pick<ViewState, 'incidentId' | 'incidentCursor'>>;

/**
 * The view a reloaded window comes back to: the page and, on a monitor's or an incident's page,
 * which one. A monitor page without a monitor falls back to the board, an incident page without an
 * incident to the incident list; the form always comes back empty (a half-typed form is not worth
 * restoring into a different state of the data).
 */
export function viewFromHash(hash: string): ViewInHash {
  const page = pageFromHash(hash);
  const params = hashParams(hash);
  const monitorId = params.get('monitor');
  if (page === 'monitor') return monitorId ? { page, monitorId } : { page: HOME_PAGE, monitorId: null };
  if (page === 'monitor-form') return { page: HOME_PAGE, monitorId: null };
  if (page === 'incident') {
    const incidentId = params.get('incident') || bareIncidentId(params);
    return incidentId ? { page, monitorId: null, incidentId, incidentCursor: incidentId } : { page: 'incidents', monitorId: null };
  }
  return { page, monitorId: null };
}

/** The fragment with page (and monitor or incident) set and every other parameter (the access token) kept. */
export function hashWithPage(hash: string, page: Page, monitorId: string | null = null, incidentId: string | null = null): string {
  const params = hashParams(hash);
  for (const [key, value] of [...params]) if (value === '' && (isPage(key) || BARE_INCIDENT.test(key))) params.delete(key);
  params.set('page', page);
  if (page === 'monitor' && monitorId !== null) params.set('monitor', monitorId);
  else params.delete('monitor');
  if (page === 'incident' && incidentId !== null) params.set('incident', incidentId);
  else params.delete('incident');
  return `#${params.toString()}`;
}
