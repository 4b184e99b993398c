import { lazy, Suspense, type ReactNode } from 'react';
import type { Compared, OperationsReview, ReviewRow, SecurityEventType, Severity } from '../../../shared/contract';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { SECURITY_EVENT_LABELS } from '../../format/security-events';
import type { Better } from '../../../shared/domain/report-export';
import { Trend } from './Trend';

const MonthBarsChart = lazy(() => import('./ReportCharts').then((module) => ({ default: module.MonthBarsChart })));

function Figure({ label, figure, better, unit, testId }: { label: string; figure: Compared; better: Better; unit?: string; testId: string }) {
  return (
    <div className="reports-figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <Trend figure={figure} better={better} {...(unit === undefined ? {} : { unit })} />
      </dd>
    </div>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="reports-section" data-testid={testId}>
      <h4 className="reports-section__title">{title}</h4>
      {children}
    </section>
  );
}

function Rows<Row extends ReviewRow>({
  rows,
  better,
  testId,
  empty,
  labelOf = (row) => row.label,
}: {
  rows: readonly Row[];
  better: Better;
  testId: string;
  empty: string;
  labelOf?: (row: Row) => string;
}) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="reports-figures" data-testid={testId}>
      {rows.map((row) => (
        <Figure
          key={row.key}
          label={row.detail ? `${labelOf(row)} (${row.detail})` : labelOf(row)}
          figure={{ value: row.count, previous: row.previous }}
          better={better}
          testId={`${testId}-${row.key}`}
        />
      ))}
    </dl>
  );
}

const severityLabel = (row: { key: Severity }) => SEVERITY_PRESENTATION[row.key].label;
const securityLabel = (row: { key: SecurityEventType }) => SECURITY_EVENT_LABELS[row.key];

/** The monthly operations review: each figure of the month with its arrow against the month before (in brackets). */
export function ReviewView({ review }: { review: OperationsReview }) {
  const chain = review.auditChain;
  const chart = (title: string, rows: readonly ReviewRow[], testId: string) =>
    rows.some((row) => row.count > 0 || row.previous > 0) ? (
      <Suspense fallback={<p className="loading">Drawing the chart…</p>}>
        <MonthBarsChart title={title} rows={rows} label={review.label} previousLabel={review.previousLabel} testId={testId} />
      </Suspense>
    ) : null;
  return (
    <div className="reports-report" data-testid="operations-review">
      <h3 className="reports-report__title">Operations review {review.label}</h3>
      <p className="muted">Each figure: this month, the arrow, and {review.previousLabel} in brackets.</p>
      <p className={chain.ok ? 'reports-chain reports-chain--ok' : 'reports-chain reports-chain--broken'} data-testid="review-chain">
        {chain.ok
          ? `Audit chain intact: ${chain.checked} entries verified.`
          : `Audit chain broken: ${chain.problemCount} problems in ${chain.checked} entries. First: ${chain.firstProblem ?? 'unknown'}`}
      </p>
      <div className="reports-sections">
        <Section title="Incidents" testId="review-incidents">
          <dl className="reports-figures">
            <Figure label="Incidents" figure={review.incidents.total} better="lower" testId="review-incidents-total" />
            <Figure label="Respond target met" figure={review.respond.met} better="higher" testId="review-respond-met" />
            <Figure label="Respond target missed" figure={review.respond.missed} better="lower" testId="review-respond-missed" />
            <Figure label="Resolve target met" figure={review.resolve.met} better="higher" testId="review-resolve-met" />
            <Figure label="Resolve target missed" figure={review.resolve.missed} better="lower" testId="review-resolve-missed" />
          </dl>
          <p className="muted">
            Still within their targets: {review.respond.open} to respond, {review.resolve.open} to resolve.
          </p>
          <Rows rows={review.incidents.byPriority} better="lower" testId="review-priority" empty="No incidents." />
          {chart('Incidents by priority', review.incidents.byPriority, 'review-priority-chart')}
        </Section>
        <Section title="Alerts" testId="review-alerts">
          <dl className="reports-figures">
            <Figure label="Alerts" figure={review.alerts.total} better="lower" testId="review-alerts-total" />
          </dl>
          <Rows rows={review.alerts.bySeverity} better="lower" testId="review-severity" empty="No alerts." labelOf={severityLabel} />
          {chart('Alerts by severity', review.alerts.bySeverity, 'review-severity-chart')}
          <h5>By rule</h5>
          <Rows rows={review.alerts.byRule} better="lower" testId="review-rule" empty="No alerts." />
        </Section>
        <Section title="The ten noisiest monitors" testId="review-noisiest">
          <Rows rows={review.noisiestMonitors} better="lower" testId="review-monitor" empty="No monitor raised an alert." />
        </Section>
        <Section title="Acknowledgement" testId="review-ack">
          <dl className="reports-figures">
            <Figure label="Acknowledged" figure={review.acknowledgement.acknowledged} better="neither" testId="review-ack-count" />
            <Figure label="Median" figure={review.acknowledgement.medianSeconds} better="lower" unit=" s" testId="review-ack-median" />
            <Figure label="90th percentile" figure={review.acknowledgement.p90Seconds} better="lower" unit=" s" testId="review-ack-p90" />
          </dl>
        </Section>
        <Section title="Backups" testId="review-backups">
          <dl className="reports-figures">
            <Figure label="Run" figure={review.backups.run} better="higher" testId="review-backups-run" />
            <Figure label="Verified good" figure={review.backups.verified} better="higher" testId="review-backups-verified" />
            <Figure label="Failed verification" figure={review.backups.verifyFailed} better="lower" testId="review-backups-failed" />
            <Figure label="Jobs test-restored" figure={review.backups.testRestored} better="higher" testId="review-backups-restored" />
          </dl>
        </Section>
        <Section title="Security events" testId="review-security">
          <dl className="reports-figures">
            <Figure label="Security events" figure={review.security.total} better="lower" testId="review-security-total" />
          </dl>
          <Rows rows={review.security.byType} better="lower" testId="review-security-type" empty="No security events." labelOf={securityLabel} />
        </Section>
      </div>
    </div>
  );
}
