import { useState } from 'react';
import { INCIDENT_STATES, SEVERITIES, type Incident, type IncidentState, type LinkedAlert, type Severity } from '../../../shared/contract';
import { PriorityBadge } from '../../components/PriorityBadge';
import { Problem } from '../../components/Problem';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { incidentName, STATE_LABEL } from '../../format/incident';
import { PriorityDialog } from './PriorityDialog';
import { useCan } from '../../api/use-can';
import { useIncidentAction } from './use-incident-action';

/** The states an operator moves an incident through by hand; resolving has its own dialog. */
const WORKING_STATES = INCIDENT_STATES.filter((state): state is Exclude<IncidentState, 'resolved'> => state !== 'resolved');

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

function LinkedAlerts({ alerts }: { alerts: readonly LinkedAlert[] }) {
  if (alerts.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="incident-alerts" data-testid="incident-alerts">
      {alerts.map((alert) => (
        <li key={alert.alertId}>
          {isSeverity(alert.severity) ? <SeverityBadge severity={alert.severity} /> : <span className="tag">{alert.severity}</span>}{' '}
          {alert.summary}
        </li>
      ))}
    </ul>
  );
}

function StatePicker({ incident }: { incident: Incident }) {
  const setState = useIncidentAction('incidents.setState');
  const can = useCan('incidents.setState', { siteId: incident.siteId });
  return (
    <div className="incident-state">
      <div className="segmented" role="group" aria-label="State">
        {WORKING_STATES.map((state) => (
          <button
            key={state}
            type="button"
            className="segmented__button"
            aria-pressed={incident.state === state}
            disabled={setState.pending}
            onClick={() => {
              if (incident.state !== state) void setState.run({ id: incident.id, state });
            }}
            data-testid={`incident-state-${state}`}
            {...can.control}
          >
            {STATE_LABEL[state]}
          </button>
        ))}
      </div>
      {can.note}
      {setState.error !== null ? (
        <Problem title="Core refused this" testId="incident-state-error">
          {setState.error}
        </Problem>
      ) : null}
    </div>
  );
}

function PriorityChange({ incident }: { incident: Incident }) {
  const setPriority = useIncidentAction('incidents.setPriority');
  const can = useCan('incidents.setPriority', { siteId: incident.siteId });
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={() => {
          setPriority.clearError();
          setOpen(true);
        }}
        data-testid="incident-priority-change"
        {...can.control}
      >
        Change priority…
      </button>
      {can.note}
      {open ? (
        <PriorityDialog
          incident={incident}
          pending={setPriority.pending}
          error={setPriority.error}
          onSubmit={(priority, reason) =>
            void setPriority.run({ id: incident.id, priority, reason }).then((changed) => {
              if (changed !== null) setOpen(false);
            })
          }
          onCancel={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

/** What the incident is, how urgent, where it stands, which SOP version it follows, what set it off. */
export function IncidentHeader({ incident, timeZone }: { incident: Incident; timeZone: TimeZoneSetting }) {
  const resolved = incident.state === 'resolved';
  return (
    <header className="incident-header">
      <h2 className="incident-header__title" id="incident-title">
        <span className="incident-header__number">{incidentName(incident.number)}</span> {incident.title}
      </h2>
      <div className="incident-header__line">
        <PriorityBadge priority={incident.priority} testId="incident-priority" />
        {resolved ? null : <PriorityChange incident={incident} />}
        {resolved ? (
          <span className="incident-state--resolved" data-testid="incident-state">
            <span aria-hidden="true">✓ </span>Resolved
          </span>
        ) : (
          <StatePicker incident={incident} />
        )}
      </div>
      <dl className="facts incident-header__facts">
        <dt>SOP</dt>
        <dd data-testid="incident-sop">
          {incident.sop === null ? <span className="muted">none</span> : `${incident.sop.name} · v${incident.sop.version}`}
        </dd>
        <dt>Site</dt>
        <dd>{incident.siteName ?? '—'}</dd>
        <dt>Started</dt>
        <dd>
          {formatTimestamp(incident.startedAt, timeZone)} <span className="muted">by {incident.createdBy}</span>
        </dd>
        <dt>Alerts</dt>
        <dd>
          <LinkedAlerts alerts={incident.alerts} />
        </dd>
      </dl>
    </header>
  );
}
