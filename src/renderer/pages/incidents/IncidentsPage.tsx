import { Fragment, useMemo, useState } from 'react';
import type { Incident } from '../../../shared/contract';
import { describeClock, slaClocks, type SlaClock } from '../../../shared/domain/incident-sla';
import { OTHER_SITES_LABEL, ownFirst } from '../../../shared/domain/own-sites';
import { useIncidents } from '../../api/incident-queries';
import { useOwnSites } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { useNow } from '../../components/use-now';
import { useViewStore } from '../../state/view-store';
import { incidentName, STATE_LABEL } from '../../format/incident';
import { PriorityBadge } from '../../components/PriorityBadge';
import { CreateIncidentDialog } from '../../components/CreateIncidentDialog';
import { byUrgency } from '../../../shared/domain/incident-order';
import './incidents.css';
import { incidentRowElementId, useIncidentListKeys } from './use-incident-list-keys';
import { CommandButton } from '../../components/CommandButton';

/** A respond or resolve clock in words ("12:04 left", "3 min overdue"); the colour only repeats them. */
function ClockText({ clock }: { clock: SlaClock }) {
  return (
    <span className={`incident-clock incident-clock--${clock.phase}`} data-testid={`incident-${clock.kind}-clock`} data-phase={clock.phase}>
      {describeClock(clock)}
    </span>
  );
}

function IncidentRow({ incident, now, atCursor }: { incident: Incident; now: number; atCursor: boolean }) {
  const showIncident = useViewStore((state) => state.showIncident);
  const clocks = slaClocks(incident, now);
  return (
    <tr
      id={incidentRowElementId(incident.id)}
      className={`incident-row${atCursor ? ' incident-row--cursor' : ''}${incident.state === 'resolved' ? ' incident-row--resolved' : ''}`}
      aria-selected={atCursor}
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-cursor={atCursor}
    >
      <th scope="row" className="incident-row__what">
        <button type="button" className="incident-row__open" onClick={() => showIncident(incident.id)} data-testid="incident-open">
          <span className="incident-row__number">{incidentName(incident.number)}</span> {incident.title}
        </button>
        {incident.siteName !== null ? <span className="incident-row__site muted">{incident.siteName}</span> : null}
      </th>
      <td>
        <PriorityBadge priority={incident.priority} testId="incident-row-priority" compact />
      </td>
      <td>{STATE_LABEL[incident.state]}</td>
      <td>{incident.owner ?? <span className="muted">nobody</span>}</td>
      <td>{incident.sop === null ? <span className="muted">No SOP</span> : `${incident.sop.name} v${incident.sop.version}`}</td>
      <td className="nowrap">
        <ClockText clock={clocks.respond} />
      </td>
      <td className="nowrap">
        <ClockText clock={clocks.resolve} />
      </td>
    </tr>
  );
}

/** The rows, with the line before the first incident of another site than the person's own (`firstOther`). */
function IncidentTable({ incidents, firstOther }: { incidents: readonly Incident[]; firstOther: number | null }) {
  const cursor = useViewStore((state) => state.incidentCursor);
  // Every second: the clocks count down in minutes and seconds.
  const now = useNow(1_000);
  return (
    <div className="table-wrap">
      <table className="table incident-table" aria-label="Incidents, most urgent first" data-testid="incident-list" tabIndex={-1}>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Priority</th>
            <th scope="col">State</th>
            <th scope="col">Owner</th>
            <th scope="col">SOP</th>
            <th scope="col">Respond</th>
            <th scope="col">Resolve</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident, index) => (
            <Fragment key={incident.id}>
              {index === firstOther ? (
                <tr className="incident-table__divider" data-testid="other-sites-divider">
                  <td colSpan={7}>
                    <span className="other-sites-divider">{OTHER_SITES_LABEL}</span>
                  </td>
                </tr>
              ) : null}
              <IncidentRow incident={incident} now={now} atCursor={incident.id === cursor} />
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IncidentCount({ incidents }: { incidents: readonly Incident[] }) {
  const resolved = incidents.filter((incident) => incident.state === 'resolved').length;
  const open = incidents.length - resolved;
  return (
    <p className="board-grid__count muted" role="status" data-testid="incident-count">
      {open} open{resolved > 0 ? ` · ${resolved} resolved` : ''}
      <span className="board-grid__keys"> · j/k move · Enter open</span>
    </p>
  );
}

/**
 * Every open incident, most urgent first, with its clocks; resolved ones on request. A person limited
 * to some sites gets theirs first, then the others', each part most urgent first.
 */
export function IncidentsPage() {
  const [showResolved, setShowResolved] = useState(false);
  const [creating, setCreating] = useState(false);
  const incidents = useIncidents(showResolved);
  const own = useOwnSites();
  const { items: sorted, firstOther } = useMemo(
    () => ownFirst([...(incidents.data ?? [])].sort(byUrgency), (incident) => incident.siteId, own),
    [incidents.data, own],
  );
  const ids = useMemo(() => sorted.map((incident) => incident.id), [sorted]);
  useIncidentListKeys(ids, creating);
  return (
    <section className="incidents-page" aria-labelledby="incidents-title" data-testid="incidents-page">
      <PageHeading id="incidents-title" title="Incidents">
        <label className="check">
          <input
            type="checkbox"
            checked={showResolved}
            onChange={(event) => setShowResolved(event.target.checked)}
            data-testid="incidents-show-resolved"
          />
          Show resolved
        </label>
        <CommandButton
          method="incidents.create"
          type="button"
          className="button button--primary"
          onClick={() => setCreating(true)}
          data-testid="incident-new"
        >
          New incident
        </CommandButton>
      </PageHeading>
      {incidents.isError ? (
        <Problem title="Could not read the incidents" testId="incidents-error">
          {incidents.error.message} The list is read again when core is reachable.
        </Problem>
      ) : null}
      {incidents.isPending ? (
        <p className="loading" role="status">
          Reading the incidents…
        </p>
      ) : null}
      {incidents.data !== undefined && sorted.length === 0 ? (
        <p className="empty" data-testid="incidents-empty">
          {showResolved ? 'No incidents yet.' : 'No open incidents.'}
        </p>
      ) : null}
      {sorted.length > 0 ? (
        <>
          <IncidentCount incidents={sorted} />
          <IncidentTable incidents={sorted} firstOther={firstOther} />
        </>
      ) : null}
      {creating ? <CreateIncidentDialog alerts={[]} onClose={() => setCreating(false)} /> : null}
    </section>
  );
}
