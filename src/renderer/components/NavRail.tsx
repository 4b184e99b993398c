import { useViewStore, type Page } from '../state/view-store';

type NavPage = Exclude<Page, 'monitor' | 'monitor-form' | 'incident'>;

/** Only pages that work are listed; a monitor's page and the monitor form are reached from the board, an incident's page from the incident list. */
export const NAV_ITEMS: readonly { page: NavPage; label: string; shortcut: string }[] = [
  { page: 'board', label: 'Board', shortcut: 'g b' },
  { page: 'alerts', label: 'Alerts', shortcut: 'g q' },
  { page: 'incidents', label: 'Incidents', shortcut: 'g i' },
  { page: 'alert-config', label: 'Rules & silences', shortcut: 'g r' },
  { page: 'sops', label: 'SOP templates', shortcut: 'g p' },
  { page: 'backups', label: 'Backups', shortcut: 'g k' },
  { page: 'sites', label: 'Sites', shortcut: 'g m' },
  { page: 'overview', label: 'Overview', shortcut: 'g o' },
  { page: 'audit', label: 'Audit', shortcut: 'g a' },
  { page: 'settings', label: 'Settings', shortcut: 'g s' },
  { page: 'users', label: 'Users', shortcut: 'g u' },
  { page: 'sessions', label: 'Sessions', shortcut: 'g n' },
];

/**
 * The navigation entry a page belongs under: a monitor's page is part of the board, an incident's
 * page of the incidents, and the monitor form of the page it was opened from (Sites or the board).
 */
function navPageOf(page: Page, monitorFormFrom: Page): NavPage {
  if (page === 'monitor-form') return monitorFormFrom === 'monitor-form' ? 'board' : navPageOf(monitorFormFrom, 'board');
  if (page === 'monitor') return 'board';
  return page === 'incident' ? 'incidents' : page;
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
        {NAV_ITEMS.map(({ page, label, shortcut }) => (
          <li key={page}>
            <button
              type="button"
              className="nav-rail__item"
              aria-current={page === current ? 'page' : undefined}
              onClick={() => showPage(page)}
              data-testid={`nav-${page}`}
              title={`${label} (keys: ${shortcut})`}
            >
              <span className="nav-rail__label">{label}</span>
              <kbd className="nav-rail__shortcut" aria-hidden="true">
                {shortcut}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
