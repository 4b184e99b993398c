import { useState } from 'react';
import type { Monitor, Site } from '../../../shared/contract';
import { useDeleteMonitor, useMonitoringCommand } from '../../api/monitoring-queries';
import { Problem } from '../../components/Problem';
import { useViewStore } from '../../state/view-store';
import { ManualStateForm } from './ManualStateForm';
import { CommandButton } from '../../components/CommandButton';

function DeleteConfirmation({ monitor, onCancel }: { monitor: Monitor; onCancel: () => void }) {
  const remove = useDeleteMonitor();
  const showPage = useViewStore((state) => state.showPage);
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="delete-title" data-testid="monitor-delete-confirm">
      <p id="delete-title" className="confirm__question">
        Delete “{monitor.name}”? It leaves the board and is no longer probed or alerted on. Its history is kept, and it is listed under
        Retired on the Sites page, where a supervisor can restore it.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(monitor.id, { onSuccess: () => showPage('board') })}
          data-testid="monitor-delete-confirm-button"
        >
          {remove.isPending ? 'Deleting…' : `Delete “${monitor.name}”`}
        </button>
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Keep it
        </button>
      </div>
      {remove.isError ? <Problem title={`Not deleted: ${remove.error.message}`} /> : null}
    </div>
  );
}

type OpenPanel = 'none' | 'delete' | 'manual';

/** Everything an operator can do to one monitor; each says plainly when core refused it. */
export function MonitorActions({ monitor, site }: { monitor: Monitor; site: Site }) {
  const openMonitorForm = useViewStore((state) => state.openMonitorForm);
  const pause = useMonitoringCommand('monitors.pause');
  const resume = useMonitoringCommand('monitors.resume');
  const maintenance = useMonitoringCommand('monitors.setMaintenance');
  const [open, setOpen] = useState<OpenPanel>('none');
  const failed = [pause, resume, maintenance].find((command) => command.isError);
  const busy = pause.isPending || resume.isPending || maintenance.isPending;

  return (
    <div className="monitor-actions">
      <div className="monitor-actions__buttons">
        <CommandButton
          method="monitors.update"
          type="button"
          className="button"
          onClick={() => openMonitorForm({ monitorId: monitor.id, siteId: monitor.siteId })}
          data-testid="monitor-edit"
        >
          Edit
        </CommandButton>
        {monitor.paused ? (
          <CommandButton
            method="monitors.resume"
            type="button"
            className="button"
            disabled={busy}
            onClick={() => resume.mutate({ id: monitor.id })}
            data-testid="monitor-resume"
          >
            <span aria-hidden="true">▶ </span>Resume
          </CommandButton>
        ) : (
          <CommandButton
            method="monitors.pause"
            type="button"
            className="button"
            disabled={busy}
            onClick={() => pause.mutate({ id: monitor.id })}
            data-testid="monitor-pause"
          >
            <span aria-hidden="true">‖ </span>Pause
          </CommandButton>
        )}
        <CommandButton
          method="monitors.setMaintenance"
          type="button"
          className="button"
          disabled={busy}
          aria-pressed={monitor.maintenance}
          onClick={() => maintenance.mutate({ id: monitor.id, maintenance: !monitor.maintenance })}
          title={site.maintenance ? `The whole site ${site.name} is in maintenance too` : undefined}
          data-testid="monitor-maintenance"
        >
          <span aria-hidden="true">⚒ </span>
          {monitor.maintenance ? 'End maintenance' : 'Start maintenance'}
        </CommandButton>
        {monitor.probe.kind === 'manual' ? (
          <CommandButton
            method="monitors.setManualState"
            siteId={monitor.siteId}
            type="button"
            className="button"
            onClick={() => setOpen(open === 'manual' ? 'none' : 'manual')}
            aria-expanded={open === 'manual'}
            data-testid="monitor-set-state"
          >
            Set state
          </CommandButton>
        ) : null}
        <CommandButton
          method="monitors.delete"
          type="button"
          className="button button--danger-quiet"
          onClick={() => setOpen('delete')}
          data-testid="monitor-delete"
        >
          Delete
        </CommandButton>
      </div>
      {failed?.error ? <Problem title={`Not done: ${failed.error.message}`} testId="monitor-action-error" /> : null}
      {open === 'delete' ? <DeleteConfirmation monitor={monitor} onCancel={() => setOpen('none')} /> : null}
      {open === 'manual' ? <ManualStateForm monitor={monitor} onDone={() => setOpen('none')} /> : null}
    </div>
  );
}
