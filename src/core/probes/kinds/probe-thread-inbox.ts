import type { ProbeConfig } from '../../../shared/contract/monitors';
import type { ProbeThreadRequests } from './probe-thread-protocol';
import type { TimedRun } from './timed-runs';
import type { ProbeContext, ProbeOutcome } from './types';

/** What a run whose settings never arrived (or were forgotten first) answers: a fault of ours, so the target is not judged. */
export const UNKNOWN_CONFIG_OUTCOME: ProbeOutcome = {
  ok: false,
  latencyMs: null,
  error: "the probe thread did not have this monitor's settings",
  indeterminate: true,
};

export interface ProbeThreadInboxPorts {
  /** Runs handed ahead, a message's worth at a time, in order (TimedRuns.add). */
  addTimed(runs: TimedRun[]): void;
  /** Withdraws or aborts a run handed ahead (TimedRuns.abort). */
  abortTimed(id: number): void;
  /** Runs a probe the engine times itself (it keeps its caps and timeout): started at once. */
  runProbe(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome>;
  /** Sends an outcome back at once: a run the engine started itself, or one that could not start. */
  replyNow(id: number, outcome: ProbeOutcome): void;
}

/**
 * The probe thread's side of the protocol: keeps the monitors' settings under the numbers the
 * engine gave them, and passes each run on with its settings. A message's runs handed ahead are
 * added together; an abort first adds those before it, so order is kept.
 */
export class ProbeThreadInbox {
  private readonly configs = new Map<number, ProbeConfig>();
  /** Runs the engine started itself (it keeps their caps and timeouts). */
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly ports: ProbeThreadInboxPorts) {}

  receive(requests: ProbeThreadRequests): void {
    let handed: TimedRun[] = [];
    for (const request of requests) {
      switch (request.type) {
        case 'config':
          this.configs.set(request.ref, request.config);
          break;
        case 'forget':
          this.configs.delete(request.ref);
          break;
        case 'timed-run': {
          const config = this.settingsOf(request);
          if (config)
            handed.push({ id: request.id, config, timeoutMs: request.timeoutMs, fresh: request.fresh, startInMs: request.startInMs });
          break;
        }
        case 'abort':
          if (handed.length > 0) this.ports.addTimed(handed);
          handed = [];
          this.running.get(request.id)?.abort();
          this.ports.abortTimed(request.id);
          break;
        case 'run': {
          const config = this.settingsOf(request);
          if (config) this.runNow(request.id, config, request.timeoutMs, request.fresh);
          break;
        }
      }
    }
    if (handed.length > 0) this.ports.addTimed(handed);
  }

  /** The settings a run names; a run naming none held is answered at once as unknown. */
  private settingsOf(run: { id: number; configRef: number }): ProbeConfig | undefined {
    const config = this.configs.get(run.configRef);
    if (config === undefined) this.ports.replyNow(run.id, UNKNOWN_CONFIG_OUTCOME);
    return config;
  }

  private runNow(id: number, config: ProbeConfig, timeoutMs: number, fresh: boolean): void {
    const controller = new AbortController();
    this.running.set(id, controller);
    void this.ports.runProbe(config, { signal: controller.signal, timeoutMs, fresh, now: () => Date.now() }).then((outcome) => {
      this.running.delete(id);
      this.ports.replyNow(id, outcome);
    });
  }
}
