import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Series, SeriesRange } from '../../../shared/contract';
import { formatDayHour, formatHourMinute, formatTimestamp, type TimeZoneSetting } from '../../format/time';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: '0.8rem' };

interface ChartRow {
  t: number;
  /** Fastest and slowest answer in the bucket, drawn as a band; null where nothing answered. */
  band: [number, number] | null;
  mean: number | null;
  p95: number | null;
}

function rowsOf(series: Series): ChartRow[] {
  return series.t.map((t, i) => {
    const min = series.min[i] ?? null;
    const max = series.max[i] ?? null;
    return {
      t,
      band: min !== null && max !== null ? [round(min), round(max)] : null,
      mean: roundOrNull(series.mean[i]),
      p95: roundOrNull(series.p95[i]),
    };
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
function roundOrNull(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : round(ms);
}

const RANGE_MS: Record<SeriesRange, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

const TICK_COUNT = 6;

/**
 * The whole range, ending with the newest bucket, with evenly spaced ticks: a monitor added an
 * hour ago shows one hour of a day, not an hour stretched to look like a day.
 */
function timeAxis(series: Series): { domain: [number, number]; ticks: number[] } {
  const end = (series.t.at(-1) ?? 0) + series.bucketMs;
  const start = end - RANGE_MS[series.range];
  const step = (end - start) / TICK_COUNT;
  return { domain: [start, end], ticks: Array.from({ length: TICK_COUNT + 1 }, (_, i) => Math.round(start + i * step)) };
}

/** With a handful of buckets, lines are too short to see: mark each point. */
const SPARSE_POINTS = 4;

const LEGEND = [
  { key: 'mean', label: 'Mean', className: 'chart__swatch--mean' },
  { key: 'p95', label: '95th percentile (dashed)', className: 'chart__swatch--p95' },
  { key: 'band', label: 'Fastest to slowest', className: 'chart__swatch--band' },
] as const;

/** Latency over the chosen range: mean line, p95 dashed, and the min–max band behind them. */
export function LatencyChart({ series, timeZone }: { series: Series; timeZone: TimeZoneSetting }) {
  const rows = rowsOf(series);
  const overDays = series.range === '7d' || series.range === '30d';
  const dot = rows.length <= SPARSE_POINTS;
  const axis = timeAxis(series);
  const tickFormatter = (t: number) => (overDays ? formatDayHour(t, timeZone) : formatHourMinute(t, timeZone));
  return (
    <figure className="chart latency-chart">
      <div className="chart__plot">
        <ComposedChart responsive data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} style={{ width: '100%', height: '100%' }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={tickFormatter}
            tick={AXIS_TICK}
            stroke="var(--border-strong)"
            minTickGap={24}
          />
          <YAxis tick={AXIS_TICK} stroke="var(--border-strong)" width={56} domain={[0, 'auto']} tickCount={5} />
          <Tooltip
            labelFormatter={(t) => (typeof t === 'number' ? formatTimestamp(t, timeZone) : '')}
            formatter={(value) => (Array.isArray(value) ? `${value.join(' – ')} ms` : `${String(value)} ms`)}
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border-strong)', color: 'var(--text)' }}
          />
          <Area
            dataKey="band"
            name="Fastest – slowest"
            stroke="none"
            fill="var(--chart-band)"
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            dataKey="p95"
            name="p95"
            stroke="var(--chart-2)"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={dot}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            dataKey="mean"
            name="Mean"
            stroke="var(--chart-1)"
            strokeWidth={2.5}
            dot={dot}
            isAnimationActive={false}
            connectNulls={false}
          />
        </ComposedChart>
      </div>
      <ul className="chart__legend">
        {LEGEND.map((item) => (
          <li key={item.key}>
            <span className={`chart__swatch ${item.className}`} aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
