import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimeZoneSetting } from '../../format/time';
import { formatClock } from '../../format/time';

export interface ChartSeries<T> {
  key: string;
  label: string;
  /** A CSS colour; the legend below the chart names every line, so colour is never the only cue. */
  colour: string;
  value(point: T): number;
}

interface HealthChartProps<T extends { at: number }> {
  title: string;
  unit: string;
  points: readonly T[];
  series: readonly ChartSeries<T>[];
  timeZone: TimeZoneSetting;
  testId: string;
}

/** Drops float noise (0.30000000000000004) from axis labels. */
function formatTick(value: number): string {
  return String(Number(value.toFixed(3)));
}

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: '0.8rem' };

/** A small line chart of the last readings: a trend is quicker to see than to read. */
export function HealthChart<T extends { at: number }>({ title, unit, points, series, timeZone, testId }: HealthChartProps<T>) {
  const rows = points.map((point) => ({ at: point.at, ...Object.fromEntries(series.map((s) => [s.key, s.value(point)])) }));
  return (
    <figure className="chart" data-testid={testId} data-points={points.length}>
      <figcaption className="chart__title">
        {title} <span className="chart__unit">({unit})</span>
        {points[0] === undefined ? null : <span className="chart__unit"> · since {formatClock(points[0].at, timeZone)}</span>}
      </figcaption>
      <div className="chart__plot">
        <LineChart responsive data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} style={{ width: '100%', height: '100%' }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            tickFormatter={(at: number) => formatClock(at, timeZone)}
            tick={AXIS_TICK}
            stroke="var(--border-strong)"
            minTickGap={40}
          />
          <YAxis tick={AXIS_TICK} stroke="var(--border-strong)" width={56} domain={[0, 'auto']} tickCount={4} tickFormatter={formatTick} />
          <Tooltip
            labelFormatter={(at) => (typeof at === 'number' ? formatClock(at, timeZone) : '')}
            formatter={(value) => `${String(value)} ${unit}`}
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border-strong)', color: 'var(--text)' }}
          />
          {series.map((s) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={s.key}
              name={s.label}
              stroke={s.colour}
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
      <ul className="chart__legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className="chart__swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
