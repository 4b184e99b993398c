import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { RetiredMonitor } from '../../../shared/contract';
import { invalidateMonitoring, useMonitoringCommand, useRetiredMonitors } from '../../api/monitoring-queries';
import { useEffectiveSettings } from '../../api/queries';
import { useCan } from '../../api/use-can';
import { CommandButton } from '../../components/CommandButton';
import { Problem } from '../../components/Problem';
import { AskSupervisorButton, StepUpDialog } from '../../components/StepUpDialog';
import { formatTimestamp } from '../../format/time';

type Open = 'none' | 'purge' | 'restore-step-up';

function RetiredRow({ monitor }: { monitor: RetiredMonitor }) {
  const { timeZone } = useEffectiveSettings();
  const queryClient = useQueryClient();
  const restore = useMonitoringCommand('monitors.restore');
  const purge = useMonitoringCommand('monitors.purge');
  const canRestore = useCan('monitors.restore', { siteId: monitor.siteId });
  const [open, setOpen] = useState<Open>('none');
  const problem = restore.error ?? purge.error;
  return (
    <>
      <tr data-testid="retired-row" data-monitor-id={monitor.id}>
        <th scope="row">{monitor.name}</th>
        <td>{monitor.siteName}</td>
        <td>{monitor.kind}</td>
        <td data-testid="retired-when">
          {formatTimestamp(monitor.retiredAt, timeZone)} by {monitor.retiredBy}
        </td>
        <td className="site-row__actions">
          <div className="site-row__buttons">
            <button
              type="button"
              className="button button--small"
              disabled={restore.isPending || !canRestore.allowed}
              onClick={() => restore.mutate({ id: monitor.id })}
              data-testid="retired-restore"
              {...canRestore.control}
            >
              Restore
            </button>
            {canRestore.note}
            <AskSupervisorButton
              can={canRestore}
              label="Ask a supervisor to restore…"
              onClick={() => setOpen('restore-step-up')}
              testId="retired-restore-ask-supervisor"
            />
            <CommandButton
              method="monitors.purge"
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setOpen('purge')}
              data-testid="retired-purge"
            >
              Purge…
            </CommandButton>
          </div>
        </td>
      </tr>
      {open !== 'none' || problem ? (
        <tr className="site-row__extra">
          <td colSpan={5}>
            {open === 'purge' ? (
              <div className="confirm" role="alertdialog" aria-label={`Purge ${monitor.name}?`} data-testid="retired-purge-confirm">
                <p className="confirm__question">
                  Purge “{monitor.name}” and all its history? Its probe results, roll-ups, status changes and alerts are removed at once;
                  the audit log keeps who did it. This cannot be undone.
                </p>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={purge.isPending}
                    onClick={() => purge.mutate({ id: monitor.id }, { onSettled: () => setOpen('none') })}
                    data-testid="retired-purge-confirm-button"
                  >
                    Purge “{monitor.name}”
                  </button>
                  <button type="button" className="button" onClick={() => setOpen('none')} autoFocus>
                    Keep it
                  </button>
                </div>
              </div>
            ) : null}
            {problem ? <Problem title={`Not done: ${problem.message}`} testId="retired-error" /> : null}
          </td>
        </tr>
      ) : null}
      {open === 'restore-step-up' ? (
        <StepUpDialog
          call={{ method: 'monitors.restore', input: { id: monitor.id } }}
          what={`Restore the monitor ${monitor.name} (${monitor.siteName}) with its history`}
          onAuthorized={() => {
            invalidateMonitoring(queryClient);
            setOpen('none');
          }}
          onCancel={() => setOpen('none')}
        />
      ) : null}
    </>
  );
}

/**
 * Retired monitors (issue 15): deleting a monitor retires it, off the board and never probed, its
 * history kept until retention removes it. A supervisor restores one; an admin purges its history.
 */
export function RetiredMonitors() {
  const retired = useRetiredMonitors();
  return (
    <section className="panel" aria-labelledby="retired-title" data-testid="retired-monitors">
      <h3 id="retired-title" className="panel__title">
        Retired monitors
      </h3>
      {retired.isError ? <Problem title={`Could not read the retired monitors: ${retired.error.message}`} /> : null}
      {retired.data && retired.data.length === 0 ? (
        <p className="muted" data-testid="retired-empty">
          None. A deleted monitor is listed here with its history until retention removes it.
        </p>
      ) : null}
      {retired.data && retired.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table sites-table" aria-label="Retired monitors" data-testid="retired-table">
            <thead>
              <tr>
                <th scope="col">Monitor</th>
                <th scope="col">Site</th>
                <th scope="col">Kind</th>
                <th scope="col">Retired</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {retired.data.map((monitor) => (
                <RetiredRow key={monitor.id} monitor={monitor} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
