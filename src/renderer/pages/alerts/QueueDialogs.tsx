import { lazy, Suspense, useEffect, useState } from 'react';
import type { AlertCommand } from '../../api/alert-queries';
import { useAlert } from '../../api/alert-store-context';
import { useViewStore, type AlertDialog } from '../../state/view-store';
import { AckDialog } from './AckDialog';
import { ResolveDialog } from './ResolveDialog';
import { SnoozeDialog } from './SnoozeDialog';
import type { AlertActions } from './use-alert-actions';

// Loaded when first asked for: the queue is in the first bundle, and an alarm must paint it fast.
const CreateIncidentDialog = lazy(() => import('../../components/CreateIncidentDialog').then((m) => ({ default: m.CreateIncidentDialog })));

/** Back to the queue after a dialog, so j/k and Enter carry on where they were. */
function focusQueue(): void {
  document.querySelector<HTMLElement>('[data-testid="alert-queue"]')?.focus();
}

function OpenDialog({ dialog, actions }: { dialog: AlertDialog; actions: AlertActions }) {
  const alert = useAlert(dialog.alertId);
  const openAlertDialog = useViewStore((state) => state.openAlertDialog);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    openAlertDialog(null);
    focusQueue();
  };
  // The alert left the queue (removed by core): a dialog about it has nothing left to do.
  const gone = alert === undefined;
  useEffect(() => {
    if (gone) openAlertDialog(null);
  }, [gone, openAlertDialog]);
  if (alert === undefined) return null;
  const submit = async (command: AlertCommand) => {
    const outcome = await actions.run(command);
    if (outcome.ok) close();
    else setError(outcome.text);
  };
  const common = { alert, pending: actions.pending, error, onCancel: close };
  switch (dialog.kind) {
    case 'acknowledge':
      return (
        <AckDialog
          {...common}
          onSubmit={(reason, note) => void submit({ method: 'alerts.acknowledge', input: { id: alert.id, reason, note } })}
        />
      );
    case 'snooze':
      return (
        <SnoozeDialog
          {...common}
          onSubmit={(minutes, note) => void submit({ method: 'alerts.snooze', input: { id: alert.id, minutes, note } })}
        />
      );
    case 'resolve':
      return (
        <ResolveDialog {...common} onSubmit={(reason) => void submit({ method: 'alerts.resolve', input: { id: alert.id, reason } })} />
      );
    case 'incident':
      return (
        <Suspense fallback={null}>
          <CreateIncidentDialog alerts={[alert]} onClose={close} />
        </Suspense>
      );
  }
}

/** The dialog the queue's keys (or the detail panel's buttons) opened, if any. */
export function QueueDialogs({ actions }: { actions: AlertActions }) {
  const dialog = useViewStore((state) => state.alertDialog);
  // Keyed by alert and kind: another dialog starts with empty fields.
  return dialog === null ? null : <OpenDialog key={`${dialog.kind}:${dialog.alertId}`} dialog={dialog} actions={actions} />;
}
