/** Sites, monitors, the probe engine, history and the status board's queries. */
import type { Capability, CapabilityContext } from '../service';
import { ResultCoalescer } from './coalescer';
import { DEFAULT_LIMITS, ProbeEngine, type EngineHooks, type EngineLimits, type ProbeRunner } from './engine';
import { createHeartbeatRoute, type HeartbeatRoute } from './heartbeat-route';
import { ProbeThread } from './kinds/probe-thread';
import { targetHostOf } from './kinds/registry';
import { createConfigTransferHandlers, type ConfigTransferMethods } from './config-transfer';
import { createMonitoringHandlers, type MonitoringMethods } from './handlers';
import { scheduleRetention } from './retention';
import { DEFAULT_WRITER_OPTIONS, ResultWriter, type CommitStats, type WriterOptions } from './writer';

export { ProbeEngine, type ProbeRunner, type EngineLimits, type EngineHooks } from './engine';
export { MAX_UNWRITTEN_RESULTS, ResultWriter, RollupCountingBehindError, type CommitStats, type WriterOptions } from './writer';
export { FIRST_PRUNING_AFTER_MS, pruneHistory, retentionFromSettings } from './retention';
export { HEARTBEAT_PATH } from './heartbeat-route';
export { targetHostOf } from './kinds/registry';
export { heartbeatProbe } from './kinds/heartbeat';
export type { ProbeOutcome, ProbeContext } from './kinds/types';

export interface MonitoringContext extends CapabilityContext {
  /** The real probe kinds (the network ones in a thread of their own) unless a test or benchmark supplies its own. */
  runProbe?: ProbeRunner;
  limits?: EngineLimits;
  writerOptions?: WriterOptions;
  onCommit?: (stats: CommitStats) => void;
  /** The writer could not store results (a full disk) or count them into roll-ups; it keeps a bounded backlog and tries again. */
  onWriteError?: (error: unknown) => void;
  hooks?: EngineHooks;
}

export function createMonitoring(
  options: MonitoringContext,
): Capability<MonitoringMethods | ConfigTransferMethods> & { engine: ProbeEngine; writer: ResultWriter; heartbeatRoute: HeartbeatRoute } {
  const { repos, clock, timers, logger, emit } = options;
  const writer = new ResultWriter(
    repos,
    clock,
    timers,
    options.writerOptions ?? DEFAULT_WRITER_OPTIONS,
    options.onCommit,
    options.onWriteError,
  );
  const coalescer = new ResultCoalescer(timers, emit);
  // Its worker starts with the first network probe, so a supplied runner never starts it.
  const probeThread = new ProbeThread(options.limits ?? DEFAULT_LIMITS);
  const engine = new ProbeEngine(
    writer,
    options.runProbe ?? probeThread.run,
    clock,
    timers,
    targetHostOf,
    options.limits ?? DEFAULT_LIMITS,
    {
      ...options.hooks,
      onResult: (monitorId, outcome, at) => {
        coalescer.add(monitorId, at, outcome.ok, outcome.latencyMs);
        options.hooks?.onResult?.(monitorId, outcome, at);
      },
      onStateChange: (state) => {
        emit({ event: 'monitor.state', payload: state });
        options.hooks?.onStateChange?.(state);
      },
    },
  );
  engine.load(repos.monitoring.listSites(), repos.monitoring.listMonitors(), repos.monitoring.listStates());
  let stopRetention: (() => void) | null = null;
  return {
    engine,
    writer,
    handlers: {
      ...createMonitoringHandlers({ repos, clock, identity: options.identity, engine }),
      ...createConfigTransferHandlers({ repos, clock, engine }),
    },
    heartbeatRoute: createHeartbeatRoute((token) => engine.recordHeartbeat(token)),
    start() {
      engine.start();
      stopRetention = scheduleRetention(repos, options.settings, clock, timers, logger);
    },
    stop() {
      engine.stop();
      probeThread.close();
      stopRetention?.();
      coalescer.flush();
      coalescer.stop();
      writer.close();
    },
  };
}
export type Monitoring = ReturnType<typeof createMonitoring>;
