import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { performance } from 'node:perf_hooks';
import { SEVERITIES, type Severity } from '../../shared/contract';
import type { OpenedDatabase } from '../db';

/**
 * What the company's own monitoring scrapes from `/metrics` (Prometheus text format). Labels carry
 * outcomes, severities and signal names only, never a site, monitor, person or job name: the page
 * needs no sign-in, so it must reveal nothing about who is watched.
 */
export interface ConsoleMetrics {
  noteProbe(ok: boolean, latencyMs: number | null): void;
  noteProbeLateness(lateByMs: number): void;
  /** The Prometheus text of every metric as of now. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface ConsoleMetricsOptions {
  store: OpenedDatabase;
  /** The severities of the open alerts, read at scrape time. */
  openAlertSeverities(): Iterable<Severity>;
  /** The checks' latest levels, one per signal at its worst (disk keys carry job ids, so only the signal goes out). */
  checkLevels(): Iterable<{ signal: string; level: 'ok' | 'warning' | 'critical' }>;
}

const LEVEL_VALUE = { ok: 0, warning: 1, critical: 2 } as const;

export function createConsoleMetrics(options: ConsoleMetricsOptions): ConsoleMetrics {
  // A registry of its own: prom-client's global one would mix two cores in one process (tests, a hub beside a console).
  const registry = new Registry();
  // The process metrics (an event-loop histogram, a GC observer) start with the first scrape: a
  // core nobody scrapes (the desktop, every test) pays nothing for them.
  let processMetricsOn = false;
  const probes = new Counter({
    name: 'watchroom_probe_results_total',
    help: 'Probe results by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'watchroom_probe_latency_seconds',
    help: 'Latency of successful probes',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'watchroom_probe_start_lateness_seconds',
    help: 'How late probes started against their schedule',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'watchroom_alerts_open',
    help: 'Open alerts by severity',
    labelNames: ['severity'] as const,
    registers: [registry],
    collect() {
      const counts = new Map<Severity, number>(SEVERITIES.map((severity) => [severity, 0]));
      for (const severity of options.openAlertSeverities()) counts.set(severity, (counts.get(severity) ?? 0) + 1);
      for (const [severity, count] of counts) this.set({ severity }, count);
    },
  });
  new Gauge({
    name: 'watchroom_db_latency_seconds',
    help: 'Round trip of a trivial read on the database, measured at scrape time',
    registers: [registry],
    collect() {
      const t0 = performance.now();
      options.store.ping();
      this.set((performance.now() - t0) / 1000);
    },
  });
  new Gauge({
    name: 'watchroom_health_check_level',
    help: "The console's own health checks at their worst per signal: 0 ok, 1 warning, 2 critical",
    labelNames: ['signal'] as const,
    registers: [registry],
    collect() {
      const worst = new Map<string, number>();
      for (const { signal, level } of options.checkLevels()) worst.set(signal, Math.max(worst.get(signal) ?? 0, LEVEL_VALUE[level]));
      for (const [signal, value] of worst) this.set({ signal }, value);
    },
  });
  return {
    noteProbe(ok, latencyMs) {
      probes.inc({ outcome: ok ? 'ok' : 'failed' });
      if (ok && latencyMs !== null) latency.observe(latencyMs / 1000);
    },
    noteProbeLateness: (lateByMs) => lateness.observe(Math.max(0, lateByMs) / 1000),
    render: async () => {
      if (!processMetricsOn) {
        processMetricsOn = true;
        collectDefaultMetrics({ register: registry, prefix: 'watchroom_', eventLoopMonitoringPrecision: 10 });
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
