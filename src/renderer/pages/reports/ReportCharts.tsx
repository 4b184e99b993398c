import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReviewRow, SiteAvailability } from '../../../shared/contract';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: '0.8rem' };
const TOOLTIP_STYLE = { background: 'var(--surface-raised)', border: '1px solid var(--border-strong)', color: 'var(--text)' };

/** Uptime per site against the target line: a site under the line is the one to talk about. */
export function SiteUptimeChart({ sites, targetPercent }: { sites: readonly SiteAvailability[]; targetPercent: number }) {
  const measured = sites.filter((site) => site.uptimePercent !== null);
  const lowest = Math.min(targetPercent, ...measured.map((site) => site.uptimePercent ?? 100));
  // The axis starts just below the lowest bar: 99.5 % and 99.9 % would look the same on a 0-100 axis.
  const floor = Math.max(0, Math.floor(lowest - (100 - lowest) * 0.5 - 0.01));
  return (
    <figure className="chart reports-chart" data-testid="reports-uptime-chart" data-points={measured.length}>
      <figcaption className="chart__title">
        Uptime per site <span className="chart__unit">(%; the line is the {targetPercent} % target)</span>
      </figcaption>
      <div className="chart__plot">
        <BarChart
          responsive
          data={measured.map((site) => ({ name: site.siteName, uptime: site.uptimePercent }))}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          style={{ width: '100%', height: '100%' }}
        >
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={AXIS_TICK} stroke="var(--border-strong)" interval="preserveStartEnd" />
          <YAxis tick={AXIS_TICK} stroke="var(--border-strong)" width={56} domain={[floor, 100]} allowDataOverflow />
          <Tooltip formatter={(value) => `${String(value)} %`} contentStyle={TOOLTIP_STYLE} />
          <ReferenceLine y={targetPercent} stroke="var(--sev-high)" strokeDasharray="4 2" />
          <Bar dataKey="uptime" name="Uptime" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}

/** A breakdown of the review, this month beside the month before. */
export function MonthBarsChart({
  title,
  rows,
  label,
  previousLabel,
  testId,
}: {
  title: string;
  rows: readonly ReviewRow[];
  label: string;
  previousLabel: string;
  testId: string;
}) {
  return (
    <figure className="chart reports-chart" data-testid={testId} data-points={rows.length}>
      <figcaption className="chart__title">{title}</figcaption>
      <div className="chart__plot">
        <BarChart
          responsive
          data={rows.map((row) => ({ name: row.label, now: row.count, before: row.previous }))}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          style={{ width: '100%', height: '100%' }}
        >
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={AXIS_TICK} stroke="var(--border-strong)" />
          <YAxis tick={AXIS_TICK} stroke="var(--border-strong)" width={48} allowDecimals={false} domain={[0, 'auto']} />
          <Tooltip contentStyle={TOOLTIP_STYLE} />
          <Legend />
          <Bar dataKey="before" name={previousLabel} fill="var(--border-strong)" isAnimationActive={false} />
          <Bar dataKey="now" name={label} fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}
