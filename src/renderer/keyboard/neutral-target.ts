/** The console's main area (App), where focus goes when a page opens, so a key pressed before any click lands there. */
export const MAIN_AREA_ID = 'main';

/**
 * True where Enter means "open the row under the cursor": nothing focused, the page's main area, or
 * the list itself; never a button, link or field, where Enter does their own thing.
 */
export function isNeutralTarget(target: EventTarget | null): boolean {
  return (
    !(target instanceof HTMLElement) || target === document.body || target.id === MAIN_AREA_ID || target.getAttribute('role') === 'grid'
  );
}
