import { lazy, Suspense, useState } from 'react';
import { SeriesRange } from '../../../shared/contract';
import { useMonitorSeries } from '../../api/monitoring-queries';
import { useEffectiveSettings } from '../../api/queries';
import { Problem } from '../../components/Problem';

// The charting library is most of the bundle; the board, which a console opens on, does not need it.
const LatencyChart = lazy(() => import('./LatencyChart').then((module) => ({ default: module.LatencyChart })));

const RANGE_LABEL: Record<SeriesRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' };

export function LatencyPanel({ monitorId }: { monitorId: string }) {
  // The last hour first: an operator opening a monitor asks what it is doing now.
  const [range, setRange] = useState<SeriesRange>('1h');
  const series = useMonitorSeries(monitorId, range);
  const { timeZone } = useEffectiveSettings();
  const hasData = series.data !== undefined && series.data.mean.some((mean) => mean !== null);
  return (
    <section className="panel" aria-labelledby="latency-title" data-testid="latency-chart" data-range={range}>
      <div className="panel__head">
        <h3 id="latency-title" className="panel__title">
          Latency <span className="chart__unit">(ms)</span>
        </h3>
        <div className="segmented" role="group" aria-label="Range">
          {SeriesRange.options.map((option) => (
            <button
              key={option}
              type="button"
              className="segmented__button"
              aria-pressed={option === range}
              onClick={() => setRange(option)}
              data-testid={`latency-range-${option}`}
            >
              {RANGE_LABEL[option]}
            </button>
          ))}
        </div>
      </div>
      {series.isError ? <Problem title={`Could not read the latency: ${series.error.message}`} /> : null}
      {series.isPending ? (
        <p className="loading" role="status">
          Reading the latency…
        </p>
      ) : null}
      {series.data && hasData ? (
        <Suspense
          fallback={
            <p className="loading" role="status">
              Loading the chart…
            </p>
          }
        >
          <LatencyChart series={series.data} timeZone={timeZone} />
        </Suspense>
      ) : null}
      {series.data && !hasData ? (
        <p className="empty" data-testid="latency-empty">
          No latency measured in the last {RANGE_LABEL[range]}.
        </p>
      ) : null}
    </section>
  );
}
