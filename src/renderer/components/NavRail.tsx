import { useCan } from '../api/use-can';
import { useViewStore, type Page } from '../state/view-store';
import { NAV_ITEMS, type NavPage } from './nav-items';

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
