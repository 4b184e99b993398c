import { useEffect, useLayoutEffect, useRef } from 'react';
import { isTyping } from '../../keyboard/is-typing';

export interface IncidentKeyActions {
  /** The checklist's step ids in order; empty when the incident has no SOP. */
  stepIds: readonly string[];
  focusedId: string | null;
  focus(stepId: string): void;
  /** Space on the focused step. */
  doFocused(): void;
  /** x on the focused step. */
  skipFocused(): void;
  addNote(): void;
  postUpdate(): void;
  resolve(): void;
}

/** Space and Enter belong to a focused button or link: the checklist must not take them too. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], summary, [role="radio"]') !== null;
}

/**
 * The incident's keyboard: j/k (or the arrows) move through the steps, space does the focused one,
 * x skips it, n adds a note, u posts a status update, r resolves. Never while the operator types
 * or a dialog is open (a dialog has its own keys). Reads the actions through a ref, so the
 * listener is set once.
 */
export function useIncidentKeys(actions: IncidentKeyActions): void {
  const latest = useRef(actions);
  // Before the browser paints: a key pressed on what is shown acts on that, even when passive effects run late.
  useLayoutEffect(() => {
    latest.current = actions;
  }, [actions]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const act = latest.current;
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      // A modal dialog is open even when a click on its backdrop moved the focus out of it.
      if (document.querySelector('[aria-modal="true"]') !== null) return;
      const { key } = event;
      if (key === 'j' || key === 'k' || key === 'ArrowDown' || key === 'ArrowUp') {
        if (act.stepIds.length === 0) return;
        event.preventDefault();
        const index = act.focusedId === null ? -1 : act.stepIds.indexOf(act.focusedId);
        const move = key === 'j' || key === 'ArrowDown' ? 1 : -1;
        const next = index === -1 ? 0 : Math.min(act.stepIds.length - 1, Math.max(0, index + move));
        const nextId = act.stepIds[next];
        if (nextId !== undefined) act.focus(nextId);
      } else if (key === ' ') {
        if (isControl(event.target) || act.focusedId === null) return;
        event.preventDefault();
        act.doFocused();
      } else if (key === 'x' && act.focusedId !== null) {
        event.preventDefault();
        act.skipFocused();
      } else if (key === 'n') {
        event.preventDefault();
        act.addNote();
      } else if (key === 'u') {
        event.preventDefault();
        act.postUpdate();
      } else if (key === 'r') {
        event.preventDefault();
        act.resolve();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
