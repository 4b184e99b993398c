import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { SECURITY_PERIODS_HOURS, type SecurityEvent, type SecuritySummary } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { useTransport } from '../../api/transport-context';
import { PageHeading } from '../../components/PageHeading';
import { QueryView } from '../../components/QueryView';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { epochToTimeText, formatTimestamp, timeZoneLabel, type TimeZoneSetting } from '../../format/time';
import { useViewStore } from '../../state/view-store';
import { periodLabel, SECURITY_EVENT_LABELS } from './security-words';
import './security.css';

// The charting library comes with the chart, not with the page's first paint.
const FailuresChart = lazy(() => import('./FailuresChart').then((module) => ({ default: module.FailuresChart })));

const securityKey = (hours: number) => ['security.summary', hours] as const;

function Counts<K extends string>({
  title,
  rows,
  label,
  testId,
}: {
  title: string;
  rows: readonly { key: K; count: number }[];
  label: (key: K) => string;
  testId: string;
}) {
  return (
    <section className="security-counts" data-testid={testId}>
      <h3 className="security-counts__title">{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <dl className="security-counts__list">
          {rows.map(({ key, count }) => (
            <div key={key} className="security-counts__row" data-key={key}>
              <dt>{label(key)}</dt>
              <dd>{count}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Summary({ summary, timeZone }: { summary: SecuritySummary; timeZone: TimeZoneSetting }) {
  const anyFailure = summary.failuresPerHour.some((hour) => hour.count > 0);
  return (
    <div className="security-summary" data-testid="security-summary">
      <Counts title="By type" rows={summary.byType} label={(key) => SECURITY_EVENT_LABELS[key]} testId="security-by-type" />
      <Counts
        title="By severity"
        rows={summary.bySeverity}
        label={(key) => SEVERITY_PRESENTATION[key].label}
        testId="security-by-severity"
      />
      <Counts title="Failures by source" rows={summary.topFailureSources} label={(key) => key} testId="security-top-sources" />
      <Counts
        title="Failures by username (as typed)"
        rows={summary.topFailureUsernames}
        label={(key) => key}
        testId="security-top-usernames"
      />
      {anyFailure ? (
        <Suspense fallback={<p className="loading">Drawing the chart…</p>}>
          <FailuresChart perHour={summary.failuresPerHour} timeZone={timeZone} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** Opens the Audit page filtered to the entry an event was read from (its action, at its minute). */
function AuditLink({ event, timeZone }: { event: SecurityEvent; timeZone: TimeZoneSetting }) {
  const applyAuditFilters = useViewStore((state) => state.applyAuditFilters);
  const showPage = useViewStore((state) => state.showPage);
  const minute = epochToTimeText(event.at, timeZone);
  return (
    <button
      type="button"
      className="button button--small button--quiet"
      onClick={() => {
        applyAuditFilters({ actor: '', action: event.action, target: '', from: minute, to: minute });
        showPage('audit');
      }}
      data-testid="security-audit-link"
    >
      Audit entry #{event.seq}
    </button>
  );
}

function EventsTable({ events, timeZone }: { events: readonly SecurityEvent[]; timeZone: TimeZoneSetting }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="security-events">
        <thead>
          <tr>
            <th scope="col">Time ({timeZoneLabel(timeZone)})</th>
            <th scope="col">Severity</th>
            <th scope="col">Type</th>
            <th scope="col">What happened</th>
            <th scope="col">Person</th>
            <th scope="col">Seat or source</th>
            <th scope="col">
              <span className="visually-hidden">Audit entry</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={`${event.seq}-${event.type}`} data-testid="security-event" data-type={event.type}>
              <td>{formatTimestamp(event.at, timeZone)}</td>
              <td>
                <SeverityBadge severity={event.severity} />
              </td>
              <td>{SECURITY_EVENT_LABELS[event.type]}</td>
              <td data-testid="security-event-sentence">{event.sentence}</td>
              <td>{event.person ?? <span className="muted">—</span>}</td>
              <td>{event.source ?? event.seat ?? <span className="muted">—</span>}</td>
              <td>
                <AuditLink event={event} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The console watching its own security (supervisor and admin): failed sign-ins, lockouts, refused
 * commands, role and site changes, new seats, night sign-ins, audit reads, 2FA changes and ended
 * sessions of a period, read from the audit log; each links to its entry.
 */
export function SecurityPage() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const { timeZone } = useEffectiveSettings();
  const [hours, setHours] = useState<number>(SECURITY_PERIODS_HOURS[0]);
  const summary = useQuery({ queryKey: securityKey(hours), queryFn: () => transport.call('security.summary', { hours }) });
  // Every security event is an audit entry: a new entry may be one.
  useEffect(
    () => transport.on('audit.appended', () => void queryClient.invalidateQueries({ queryKey: ['security.summary'] })),
    [transport, queryClient],
  );
  const events = { ...summary, data: summary.data?.events };
  return (
    <section aria-labelledby="security-title" data-testid="page-security">
      <PageHeading id="security-title" title="Security">
        <div className="security-periods" role="group" aria-label="Period">
          {SECURITY_PERIODS_HOURS.map((period) => (
            <button
              key={period}
              type="button"
              className="button button--small"
              aria-pressed={period === hours}
              onClick={() => setHours(period)}
              data-testid={`security-period-${period}`}
            >
              {periodLabel(period)}
            </button>
          ))}
        </div>
      </PageHeading>
      {summary.data ? (
        <>
          <p className="muted" data-testid="security-period">
            {periodLabel(hours)}: {formatTimestamp(summary.data.from, timeZone)} to {formatTimestamp(summary.data.to, timeZone)} ·{' '}
            {summary.data.total} {summary.data.total === 1 ? 'event' : 'events'}
            {summary.data.total > summary.data.events.length ? ` (the newest ${summary.data.events.length} are listed)` : ''}
          </p>
          <Summary summary={summary.data} timeZone={timeZone} />
        </>
      ) : null}
      <QueryView
        query={events}
        failure="Could not read the security events"
        loading="Reading the audit log…"
        empty="No security events in this period."
        emptyTestId="security-empty"
      >
        {(rows) => <EventsTable events={rows} timeZone={timeZone} />}
      </QueryView>
    </section>
  );
}
