import { useEffect, useLayoutEffect, useRef } from 'react';
import type { AlertQueue } from '../../../shared/domain/alert-queue';
import type { AlertCommand } from '../../api/alert-queries';
import type { AlertStore } from '../../api/alert-store';
import { isTyping } from '../../keyboard/is-typing';
import { isNeutralTarget } from '../../keyboard/neutral-target';
import { useViewStore, type AlertDialog } from '../../state/view-store';
import { ALERT_SEARCH_ID } from './alert-format';
import type { AlertActions } from './use-alert-actions';

const DIALOG_KEYS: Record<string, AlertDialog['kind']> = { a: 'acknowledge', s: 'snooze', r: 'resolve' };

/** The command each action key leads to (through a dialog or at once). */
const KEY_METHODS: Record<string, AlertCommand['method'] | 'incidents.create'> = {
  a: 'alerts.acknowledge',
  s: 'alerts.snooze',
  r: 'alerts.resolve',
  e: 'alerts.escalate',
  c: 'alerts.claim',
  i: 'incidents.create',
};

/**
 * The queue's keyboard: j/k (or the arrows) move the cursor through the alerts shown, Enter opens
 * the one under it, Escape closes it; a acknowledge, s snooze, r resolve (each in a dialog), e
 * escalate, c claim; i opens an incident from it; / jumps to the search. Never while the operator
 * types in a field or a dialog is open (the dialog has its own keys). Reads the queue through a
 * ref, so the listener is set once.
 */
export function useQueueKeys(queue: AlertQueue, store: AlertStore, actions: AlertActions): void {
  const latest = useRef({ queue, actions });
  // Before the browser paints: a key pressed on what is shown acts on that, even when passive effects run late.
  useLayoutEffect(() => {
    latest.current = { queue, actions };
  }, [queue, actions]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const view = useViewStore.getState();
      if (view.alertDialog !== null) return;
      const { queue: shown, actions: act } = latest.current;
      const cursor = view.alertCursor;
      const index = cursor === null ? undefined : shown.indexOf.get(cursor);
      const key = event.key;
      if (key === '/') {
        event.preventDefault();
        document.getElementById(ALERT_SEARCH_ID)?.focus();
      } else if (key === 'j' || key === 'k' || key === 'ArrowDown' || key === 'ArrowUp') {
        if (shown.ids.length === 0) return;
        event.preventDefault();
        const step = key === 'j' || key === 'ArrowDown' ? 1 : -1;
        const next = index === undefined ? 0 : Math.min(shown.ids.length - 1, Math.max(0, index + step));
        view.setAlertCursor(shown.ids[next] ?? null);
      } else if (key === 'Escape' && view.alertDetailId !== null) {
        event.preventDefault();
        view.showAlertDetail(null);
      } else if (cursor === null || index === undefined) {
        return;
      } else if (key === 'Enter' && isNeutralTarget(event.target)) {
        event.preventDefault();
        view.showAlertDetail(cursor);
      } else if (KEY_METHODS[key] !== undefined) {
        event.preventDefault();
        const alert = store.getAlert(cursor);
        // A resolved alert may still call for an incident (an alarm that cleared but needs following up).
        if (key !== 'i' && alert?.state === 'resolved') return;
        // A key this person may not use says who can, as the disabled button does.
        const refusal = act.refusal(KEY_METHODS[key], alert?.siteId ?? null);
        if (refusal !== null) return act.refuse(refusal);
        if (key === 'i') return view.openAlertDialog({ kind: 'incident', alertId: cursor });
        const dialog = DIALOG_KEYS[key];
        if (dialog !== undefined) view.openAlertDialog({ kind: dialog, alertId: cursor });
        else
          void act.run(
            key === 'e' ? { method: 'alerts.escalate', input: { id: cursor } } : { method: 'alerts.claim', input: { id: cursor } },
          );
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
