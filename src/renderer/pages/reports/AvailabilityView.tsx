import { lazy, Suspense } from 'react';
import type { AvailabilityReport, MonitorAvailability } from '../../../shared/contract';

// The charting library comes with the chart, not with the page's first paint.
const SiteUptimeChart = lazy(() => import('./ReportCharts').then((module) => ({ default: module.SiteUptimeChart })));

const percent = (value: number | null) => (value === null ? '\u2013' : `${value} %`);
const minutes = (value: number | null) => (value === null ? '\u2013' : `${value}`);

function TargetCell({ monitor }: { monitor: MonitorAvailability }) {
  if (monitor.meetsTarget === null) return <span className="muted">no data</span>;
  return monitor.meetsTarget ? (
    <span className="reports-target reports-target--met">met</span>
  ) : (
    <span className="reports-target reports-target--missed">missed</span>
  );
}

/** The availability report: the fleet in one sentence, the chart, each site, then each monitor (those under target first). */
export function AvailabilityView({ report }: { report: AvailabilityReport }) {
  const totals = report.totals;
  const monitors = [...report.monitors].sort(
    (a, b) => Number(a.meetsTarget !== false) - Number(b.meetsTarget !== false) || (a.uptimePercent ?? 101) - (b.uptimePercent ?? 101),
  );
  return (
    <div className="reports-report" data-testid="availability-report">
      <h3 className="reports-report__title">Availability {report.label}</h3>
      <p data-testid="availability-summary">
        {totals.monitors} monitors, uptime {percent(totals.uptimePercent)} against a target of {report.targetPercent} % (at most{' '}
        {report.allowedDowntimeMinutes} minutes down per monitor); {totals.belowTarget} below target, {totals.outages} outages,{' '}
        {totals.downtimeMinutes} monitor-minutes down. {totals.incidents} incidents, mean time to respond {minutes(totals.mttaMinutes)} min,
        to resolve {minutes(totals.mttrMinutes)} min.
      </p>
      {report.sites.some((site) => site.uptimePercent !== null) ? (
        <Suspense fallback={<p className="loading">Drawing the chart…</p>}>
          <SiteUptimeChart sites={report.sites} targetPercent={report.targetPercent} />
        </Suspense>
      ) : null}
      <h4>Sites</h4>
      <div className="table-wrap">
        <table className="table" data-testid="availability-sites">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Monitors</th>
              <th scope="col">Uptime</th>
              <th scope="col">Downtime (min)</th>
              <th scope="col">Outages</th>
              <th scope="col">Longest (min)</th>
              <th scope="col">Below target</th>
              <th scope="col">Incidents</th>
              <th scope="col">MTTA (min)</th>
              <th scope="col">MTTR (min)</th>
            </tr>
          </thead>
          <tbody>
            {report.sites.map((site) => (
              <tr key={site.siteId} data-testid="availability-site" data-site={site.siteName}>
                <th scope="row">{site.siteName}</th>
                <td>{site.monitors}</td>
                <td>{percent(site.uptimePercent)}</td>
                <td>{site.downtimeMinutes}</td>
                <td>{site.outages}</td>
                <td>{site.longestOutageMinutes}</td>
                <td>{site.belowTarget}</td>
                <td>{site.incidents}</td>
                <td>{minutes(site.mttaMinutes)}</td>
                <td>{minutes(site.mttrMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Monitors</h4>
      <div className="table-wrap">
        <table className="table" data-testid="availability-monitors">
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Site</th>
              <th scope="col">Uptime</th>
              <th scope="col">Downtime (min)</th>
              <th scope="col">Outages</th>
              <th scope="col">Longest (min)</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {monitors.map((monitor) => (
              <tr key={monitor.monitorId} data-testid="availability-monitor" data-monitor={monitor.name}>
                <th scope="row">{monitor.name}</th>
                <td>{monitor.siteName}</td>
                <td>{percent(monitor.uptimePercent)}</td>
                <td>{monitor.downtimeMinutes}</td>
                <td>{monitor.outages}</td>
                <td>{monitor.longestOutageMinutes}</td>
                <td>
                  <TargetCell monitor={monitor} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
