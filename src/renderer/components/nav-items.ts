// Plain data, without React or the view store: the early first paint (app/first-paint.ts) draws the same list.
import type { MethodName } from '../../shared/contract';
import type { Page } from '../state/page-address';

export type NavPage = Exclude<Page, 'monitor' | 'monitor-form' | 'incident' | 'wall'>;

/** Only pages that work are listed; a monitor's page and the monitor form are reached from the board, an incident's page from the incident list. */
export const NAV_ITEMS: readonly {
  page: NavPage;
  label: string;
  shortcut: string;
  /** What the page reads first: whoever may not read it finds the entry disabled. */
  reads: MethodName;
}[] = [
  { page: 'board', label: 'Board', shortcut: 'g b', reads: 'board.snapshot' },
  { page: 'alerts', label: 'Alerts', shortcut: 'g q', reads: 'alerts.snapshot' },
  { page: 'incidents', label: 'Incidents', shortcut: 'g i', reads: 'incidents.list' },
  { page: 'handover', label: 'Hand over', shortcut: 'g h', reads: 'handovers.current' },
  { page: 'alert-config', label: 'Rules & silences', shortcut: 'g r', reads: 'rules.list' },
  { page: 'sops', label: 'SOP templates', shortcut: 'g p', reads: 'sops.list' },
  { page: 'backups', label: 'Backups', shortcut: 'g k', reads: 'backups.overview' },
  { page: 'sites', label: 'Sites', shortcut: 'g m', reads: 'sites.list' },
  { page: 'overview', label: 'Overview', shortcut: 'g o', reads: 'app.health' },
  { page: 'audit', label: 'Audit', shortcut: 'g a', reads: 'audit.list' },
  { page: 'security', label: 'Security', shortcut: 'g y', reads: 'security.summary' },
  { page: 'retention', label: 'Retention', shortcut: 'g t', reads: 'retention.overview' },
  { page: 'reports', label: 'Reports', shortcut: 'g e', reads: 'reports.availability' },
  { page: 'settings', label: 'Settings', shortcut: 'g s', reads: 'settings.get' },
  { page: 'users', label: 'Users', shortcut: 'g u', reads: 'users.list' },
  { page: 'sessions', label: 'Sessions', shortcut: 'g n', reads: 'sessions.list' },
];
