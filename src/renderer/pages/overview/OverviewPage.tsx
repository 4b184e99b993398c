import { lazy, Suspense } from 'react';
import type { AppHealth } from '../../../shared/contract';
import { useConnection } from '../../api/connection';
import { useAppInfo, useEffectiveSettings, useHealthHistory } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { formatBytes, formatMegabytes, formatMilliseconds, formatUptime, toMegabytes } from '../../format/quantities';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import type { ChartSeries } from './HealthChart';
import { HealthChecks } from './HealthChecks';
import { MetricTile } from './MetricTile';
import { WatcherCard } from './WatcherCard';
import './overview.css';

// The charting library is most of the bundle; the board, which a console opens on, does not need it.
const HealthChart = lazy(() => import('./HealthChart').then((module) => ({ default: module.HealthChart })));

const LATENCY_SERIES: readonly ChartSeries<AppHealth>[] = [
  { key: 'db', label: 'Database round trip', colour: 'var(--chart-1)', value: (h) => Math.round(h.dbLatencyMs * 100) / 100 },
];
const MEMORY_SERIES: readonly ChartSeries<AppHealth>[] = [
  { key: 'rss', label: 'Resident (RSS)', colour: 'var(--chart-1)', value: (h) => toMegabytes(h.memory.rssBytes) },
  { key: 'heap', label: 'Heap used', colour: 'var(--chart-2)', value: (h) => toMegabytes(h.memory.heapUsedBytes) },
];

function HealthMetrics({ health }: { health: AppHealth }) {
  return (
    <dl className="metrics">
      <MetricTile
        label="Database latency"
        value={formatMilliseconds(health.dbLatencyMs)}
        detail="round trip of one read"
        testId="health-db-latency"
      />
      <MetricTile label="Core uptime" value={formatUptime(health.uptimeMs)} testId="health-uptime" />
      <MetricTile
        label="Memory (RSS)"
        value={formatMegabytes(health.memory.rssBytes)}
        detail={`heap ${formatMegabytes(health.memory.heapUsedBytes)} of ${formatMegabytes(health.memory.heapTotalBytes)}`}
        testId="health-memory"
      />
      <MetricTile
        label="Event-loop delay p99, last 10 s"
        value={formatMilliseconds(health.eventLoopDelayP99Ms)}
        testId="health-event-loop"
      />
      <MetricTile label="Database size" value={formatBytes(health.dbSizeBytes)} detail="file and write-ahead log" testId="health-db-size" />
    </dl>
  );
}

function HealthCharts({ samples, timeZone }: { samples: readonly AppHealth[]; timeZone: TimeZoneSetting }) {
  return (
    <div className="charts">
      <HealthChart
        title="Database latency"
        unit="ms"
        points={samples}
        series={LATENCY_SERIES}
        timeZone={timeZone}
        testId="chart-db-latency"
      />
      <HealthChart title="Memory" unit="MB" points={samples} series={MEMORY_SERIES} timeZone={timeZone} testId="chart-memory" />
    </div>
  );
}

/** Says why there is no fresh reading: a lost connection is the usual reason and needs no action but waiting. */
function HealthProblem({ error, lastAt, timeZone }: { error: Error; lastAt: number | null; timeZone: TimeZoneSetting }) {
  const { state, detail } = useConnection();
  const title =
    state === 'connected'
      ? `Core could not read its health: ${error.message}`
      : state === 'disconnected'
        ? `Not connected to core. ${detail ?? ''}`.trim()
        : 'Core is not answering — reconnecting…';
  return (
    <Problem title={title} testId="health-error">
      {lastAt !== null ? `Showing the last reading, from ${formatTimestamp(lastAt, timeZone)}.` : null}
    </Problem>
  );
}

export function OverviewPage() {
  const { timeZone, healthRefreshSeconds } = useEffectiveSettings();
  const health = useHealthHistory();
  const info = useAppInfo().data;
  const samples = health.data?.samples ?? [];
  const latest = samples.at(-1) ?? null;

  return (
    <section aria-labelledby="overview-title" data-testid="page-overview">
      <PageHeading id="overview-title" title="Overview">
        <span className="muted">
          Console health, refreshed every {healthRefreshSeconds} s
          {info ? ` · core started ${formatTimestamp(info.startedAt, timeZone)}` : ''}
        </span>
      </PageHeading>
      <WatcherCard timeZone={timeZone} />
      {health.isError ? <HealthProblem error={health.error} lastAt={latest?.at ?? null} timeZone={timeZone} /> : null}
      {latest === null ? (
        health.isPending ? (
          <p className="loading" role="status">
            Reading the console&apos;s health…
          </p>
        ) : null
      ) : (
        <>
          <HealthMetrics health={latest} />
          <HealthChecks samples={samples} timeZone={timeZone} />
          <Suspense
            fallback={
              <p className="loading" role="status">
                Loading the charts…
              </p>
            }
          >
            <HealthCharts samples={samples} timeZone={timeZone} />
          </Suspense>
        </>
      )}
    </section>
  );
}
