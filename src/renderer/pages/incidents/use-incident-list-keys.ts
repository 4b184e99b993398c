import { useEffect } from 'react';
import { isTyping } from '../../keyboard/is-typing';
import { useViewStore } from '../../state/view-store';

/** Where Enter may open the incident under the cursor: not on a button, link or checkbox, which Enter already works. */
function isNeutralTarget(target: EventTarget | null): boolean {
  return (
    !(target instanceof HTMLElement) ||
    target.closest('button, a[href], input, select, textarea, summary, [role="radio"], [role="checkbox"]') === null
  );
}

export function incidentRowElementId(id: string): string {
  return `incident-row-${id}`;
}

/**
 * The incident list's keyboard, as on the board and in the alert queue: j/k (or the arrows) move
 * the cursor through the rows shown, Enter opens the incident under it. Never while the operator
 * types in a field, nor while a dialog (`paused`) is open.
 */
export function useIncidentListKeys(visibleIds: readonly string[], paused: boolean): void {
  const setIncidentCursor = useViewStore((state) => state.setIncidentCursor);
  const showIncident = useViewStore((state) => state.showIncident);
  useEffect(() => {
    if (paused) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const cursor = useViewStore.getState().incidentCursor;
      const index = cursor === null ? -1 : visibleIds.indexOf(cursor);
      const key = event.key;
      if (key === 'j' || key === 'k' || key === 'ArrowDown' || key === 'ArrowUp') {
        if (visibleIds.length === 0) return;
        event.preventDefault();
        const step = key === 'j' || key === 'ArrowDown' ? 1 : -1;
        const next = visibleIds[index === -1 ? 0 : Math.min(visibleIds.length - 1, Math.max(0, index + step))];
        if (next === undefined) return;
        setIncidentCursor(next);
        document.getElementById(incidentRowElementId(next))?.scrollIntoView?.({ block: 'nearest' });
      } else if (key === 'Enter' && cursor !== null && index !== -1 && isNeutralTarget(event.target)) {
        event.preventDefault();
        showIncident(cursor);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [visibleIds, paused, setIncidentCursor, showIncident]);
}
