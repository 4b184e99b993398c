import { useEffect } from 'react';
import { useConsoleName, useEffectiveSettings } from '../api/queries';
import { consoleStatusTitlePrefix, useShownConsoleStatus } from '../components/ConsoleStatusBadge';
import { hashWithPage, useViewStore } from '../state/view-store';
import { addressAwaitsTrade } from '../transport/serve-session';

/**
 * Applies settings that live outside React's tree: the root font size (uiScale, through a data
 * attribute the stylesheet reads, since the CSP allows no injected styles) and the window title,
 * which leads with the console's alert status (the Electron window title follows it).
 */
export function useDocumentSettings(): void {
  const { uiScale } = useEffectiveSettings();
  const consoleName = useConsoleName();
  const shown = useShownConsoleStatus();
  const titlePrefix = consoleStatusTitlePrefix(shown);
  useEffect(() => {
    document.documentElement.dataset.scale = uiScale;
  }, [uiScale]);
  useEffect(() => {
    document.title = `${titlePrefix}${consoleName === null ? 'Watchroom' : `${consoleName} — Watchroom`}`;
  }, [consoleName, titlePrefix]);
}

/**
 * Mirrors the page in the URL fragment, so a reloaded wall display comes back to the same page. An
 * address still to be traded is left as it is: a pairing address (`#pair=…&page=wall`) pasted into an
 * open console tab reloads to pair, and rewriting its page first turned the display into a board.
 */
export function usePageInLocation(): void {
  const page = useViewStore((state) => state.page);
  const monitorId = useViewStore((state) => state.monitorId);
  const incidentId = useViewStore((state) => state.incidentId);
  useEffect(() => {
    if (addressAwaitsTrade(window.location.hash)) return;
    const hash = hashWithPage(window.location.hash, page, monitorId, incidentId);
    if (hash !== window.location.hash) window.history.replaceState(window.history.state, '', hash);
  }, [page, monitorId, incidentId]);
}
