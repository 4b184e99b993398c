import { useEffect, useLayoutEffect, useRef } from 'react';
import { useWhoAmI } from '../api/queries';
import { refusalOf } from '../api/use-can';
import { NAV_ITEMS } from '../components/nav-items';
import { isTyping } from '../keyboard/is-typing';
import { useViewStore, type Page } from '../state/view-store';

const PAGE_KEYS: Record<string, Page> = {
  b: 'board',
  q: 'alerts',
  i: 'incidents',
  h: 'handover',
  r: 'alert-config',
  p: 'sops',
  k: 'backups',
  m: 'sites',
  o: 'overview',
  a: 'audit',
  y: 'security',
  t: 'retention',
  e: 'reports',
  s: 'settings',
  u: 'users',
  n: 'sessions',
};
/** How long "g" waits for its second key. */
const SEQUENCE_TIMEOUT_MS = 1_500;

/** A dialog takes its own keys (digits, letters) while it is open. */
function isInDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="dialog"]') !== null;
}

/** "g" then a page's letter (b, q, i, r, p, k, m, o, a, y, e, s, u, n) switches page, as in other keyboard-first consoles; never while typing in a field. */
export function usePageShortcuts(): void {
  const showPage = useViewStore((state) => state.showPage);
  const who = useWhoAmI();
  const whoRef = useRef(who);
  // Before the browser paints, as the navigation it mirrors.
  useLayoutEffect(() => {
    whoRef.current = who;
  }, [who]);
  useEffect(() => {
    // A page this person may not read is not reached by its keys either (its navigation entry is disabled).
    const mayRead = (page: Page) => {
      const item = NAV_ITEMS.find((candidate) => candidate.page === page);
      return item === undefined || refusalOf(whoRef.current, item.reads) === null;
    };
    let awaitingPage = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || isInDialog(event.target))
        return;
      const key = event.key.toLowerCase();
      if (awaitingPage) {
        awaitingPage = false;
        clearTimeout(timer);
        const page = PAGE_KEYS[key];
        if (page) {
          event.preventDefault();
          if (mayRead(page)) showPage(page);
        }
        return;
      }
      if (key === 'g') {
        awaitingPage = true;
        timer = setTimeout(() => (awaitingPage = false), SEQUENCE_TIMEOUT_MS);
      }
    };
    // Capture: the second key of "g q" or "g r" must reach no page's own single-key shortcut.
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      clearTimeout(timer);
    };
  }, [showPage]);
}
