import { useState } from 'react';
import type { Site } from '../../../shared/contract';
import { useSiteSummary } from '../../api/monitor-store-context';
import { useMonitoringCommand } from '../../api/monitoring-queries';
import { Problem } from '../../components/Problem';
import { StatusBadge } from '../../components/StatusBadge';
import { EMPTY_BOARD_FILTERS, useViewStore } from '../../state/view-store';
import { CommandButton } from '../../components/CommandButton';

function MonitorCount({ siteId }: { siteId: string }) {
  const summary = useSiteSummary(siteId);
  if (summary === undefined) return <span className="muted">…</span>;
  const total = Object.values(summary.counts).reduce((sum, count) => sum + count, 0);
  return (
    <span className="nowrap">
      {total} {summary.worst ? <StatusBadge status={summary.worst} /> : null}
    </span>
  );
}

function SiteRow({ site, onEdit }: { site: Site; onEdit: (site: Site) => void }) {
  const maintenance = useMonitoringCommand('sites.setMaintenance');
  const remove = useMonitoringCommand('sites.delete');
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  const showPage = useViewStore((state) => state.showPage);
  const openMonitorForm = useViewStore((state) => state.openMonitorForm);
  const [confirming, setConfirming] = useState(false);
  const problem = maintenance.error ?? remove.error;
  return (
    <>
      <tr data-testid="site-row" data-site-id={site.id} data-maintenance={site.maintenance}>
        <th scope="row" className="site-row__name">
          {site.name}
        </th>
        <td>{site.address ?? <span className="muted">—</span>}</td>
        <td>
          {site.tags.length > 0 ? (
            site.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          <MonitorCount siteId={site.id} />
        </td>
        <td className="site-row__maintenance">
          {site.maintenance ? (
            <span className="status-text--maintenance">
              <span aria-hidden="true">⚒ </span>In maintenance{' '}
            </span>
          ) : null}
          <CommandButton
            method="sites.setMaintenance"
            type="button"
            className="button button--small"
            aria-pressed={site.maintenance}
            disabled={maintenance.isPending}
            onClick={() => maintenance.mutate({ id: site.id, maintenance: !site.maintenance })}
            data-testid="site-maintenance"
          >
            {site.maintenance ? 'End maintenance' : 'Start maintenance'}
          </CommandButton>
        </td>
        <td className="site-row__actions">
          <div className="site-row__buttons">
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setBoardFilters({ ...EMPTY_BOARD_FILTERS, siteId: site.id });
                showPage('board');
              }}
            >
              Show on board
            </button>
            <CommandButton
              method="monitors.create"
              type="button"
              className="button button--small"
              onClick={() => openMonitorForm({ monitorId: null, siteId: site.id })}
              data-testid="site-add-monitor"
            >
              Add monitor
            </CommandButton>
            <CommandButton
              method="sites.update"
              type="button"
              className="button button--small"
              onClick={() => onEdit(site)}
              data-testid="site-edit"
            >
              Edit
            </CommandButton>
            <CommandButton
              method="sites.delete"
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setConfirming(true)}
              data-testid="site-delete"
            >
              Delete
            </CommandButton>
          </div>
        </td>
      </tr>
      {confirming || problem ? (
        <tr className="site-row__extra">
          <td colSpan={6}>
            {confirming ? (
              <div className="confirm" role="alertdialog" aria-label={`Delete ${site.name}?`}>
                <p className="confirm__question">Delete the site “{site.name}”? Only a site without monitors can be deleted.</p>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ id: site.id }, { onSettled: () => setConfirming(false) })}
                    data-testid="site-delete-confirm"
                  >
                    Delete “{site.name}”
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
                    Keep it
                  </button>
                </div>
              </div>
            ) : null}
            {problem ? <Problem title={`Not done: ${problem.message}`} testId="site-error" /> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function SitesTable({ sites, onEdit }: { sites: readonly Site[]; onEdit: (site: Site) => void }) {
  return (
    <div className="table-wrap">
      <table className="table sites-table" data-testid="sites-table">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Address</th>
            <th scope="col">Tags</th>
            <th scope="col">Monitors</th>
            <th scope="col">Maintenance</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <SiteRow key={site.id} site={site} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
