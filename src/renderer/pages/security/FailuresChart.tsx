import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatDayHour, type TimeZoneSetting } from '../../format/time';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: '0.8rem' };

/** Failed sign-ins per hour of the period: a burst (someone guessing) is quicker to see than to count. */
export function FailuresChart({ perHour, timeZone }: { perHour: readonly { key: number; count: number }[]; timeZone: TimeZoneSetting }) {
  const label = (at: number) => (perHour.length > 24 ? formatDayHour(at, timeZone) : formatClock(at, timeZone));
  return (
    <figure className="chart" data-testid="security-failures-chart" data-points={perHour.length}>
      <figcaption className="chart__title">
        Failed sign-ins <span className="chart__unit">(per hour)</span>
      </figcaption>
      <div className="chart__plot">
        <BarChart
          responsive
          data={perHour.map(({ key, count }) => ({ at: key, count }))}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          style={{ width: '100%', height: '100%' }}
        >
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={label} tick={AXIS_TICK} stroke="var(--border-strong)" minTickGap={40} />
          <YAxis tick={AXIS_TICK} stroke="var(--border-strong)" width={40} allowDecimals={false} domain={[0, 'auto']} />
          <Tooltip
            labelFormatter={(at) => (typeof at === 'number' ? label(at) : '')}
            formatter={(value) => `${String(value)} failed`}
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border-strong)', color: 'var(--text)' }}
          />
          <Bar dataKey="count" name="Failed sign-ins" fill="var(--sev-high)" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}
