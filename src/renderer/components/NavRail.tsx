import type { MethodName } from '../../shared/contract';
import { useCan } from '../api/use-can';
import { useViewStore, type Page } from '../state/view-store';

type NavPage = Exclude<Page, 'monitor' | 'monitor-form' | 'incident' | 'wall'>;

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

/**
 * The navigation entry a page belongs under: a monitor's page is part of the board, an incident's
 * page of the incidents, and the monitor form of the page it was opened from (Sites or the board).
 */
function navPageOf(page: Page, monitorFormFrom: Page): NavPage {
  if (page === 'monitor-form') return monitorFormFrom === 'monitor-form' ? 'board' : navPageOf(monitorFormFrom, 'board');
  // The wall has no navigation; were it ever asked, its sites are the board's.
  if (page === 'monitor' || page === 'wall') return 'board';
  return page === 'incident' ? 'incidents' : page;
}

/** A page whose reading this person may not do (a wall display's viewer and the audit log) is disabled, saying who may. */
function NavItem({ item, current, onShow }: { item: (typeof NAV_ITEMS)[number]; current: boolean; onShow: () => void }) {
  const can = useCan(item.reads);
  return (
    <li>
      <button
        type="button"
        className="nav-rail__item"
        aria-current={current ? 'page' : undefined}
        onClick={onShow}
        data-testid={`nav-${item.page}`}
        title={`${item.label} (keys: ${item.shortcut})`}
        {...can.control}
      >
        <span className="nav-rail__label">{item.label}</span>
        <kbd className="nav-rail__shortcut" aria-hidden="true">
          {item.shortcut}
        </kbd>
      </button>
      {can.note}
    </li>
  );
}

export function NavRail() {
  const current = navPageOf(
    useViewStore((state) => state.page),
    useViewStore((state) => state.monitorFormFrom),
  );
  const showPage = useViewStore((state) => state.showPage);
  return (
    <nav className="nav-rail" aria-label="Pages">
      <ul className="nav-rail__list">
        {NAV_ITEMS.map((item) => (
          <NavItem key={item.page} item={item} current={item.page === current} onShow={() => showPage(item.page)} />
        ))}
      </ul>
    </nav>
  );
}
