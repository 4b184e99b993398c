import { useEffect } from 'react';
import { isTyping } from '../../keyboard/is-typing';
import { isNeutralTarget } from '../../keyboard/neutral-target';
import { useViewStore } from '../../state/view-store';
import { BOARD_SEARCH_ID } from './BoardFilterBar';

/**
 * The board's keyboard, as in the alert queue: j/k move the cursor through the rows shown, Enter
 * opens the monitor under it, / jumps to the search. Never while the operator types in a field.
 */
export function useBoardKeys(visibleIds: readonly string[], scrollToIndex: (index: number) => void): void {
  const setBoardCursor = useViewStore((state) => state.setBoardCursor);
  const openMonitor = useViewStore((state) => state.openMonitor);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const cursor = useViewStore.getState().boardCursor;
      const index = cursor === null ? -1 : visibleIds.indexOf(cursor);
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById(BOARD_SEARCH_ID)?.focus();
      } else if (event.key === 'j' || event.key === 'k') {
        if (visibleIds.length === 0) return;
        event.preventDefault();
        const next = index === -1 ? 0 : Math.min(visibleIds.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)));
        const id = visibleIds[next];
        if (id === undefined) return;
        setBoardCursor(id);
        scrollToIndex(next);
      } else if (event.key === 'Enter' && index !== -1 && cursor !== null && isNeutralTarget(event.target)) {
        event.preventDefault();
        openMonitor(cursor);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [visibleIds, scrollToIndex, setBoardCursor, openMonitor]);
}
