import { heartbeatProbe, targetHostOf, type ProbeContext, type ProbeOutcome, type ProbeRunner } from '../../src/core/probes';
import { DEFAULT_LIMITS } from '../../src/core/probes/engine';
import { GatheredReplies } from '../../src/core/probes/kinds/gathered-replies';
import { TimedRuns, WITHDRAWN_OUTCOME, type ProbeLimits } from '../../src/core/probes/kinds/timed-runs';
import type { HandAhead, HandAheadRunner } from '../../src/core/probes/kinds/types';
import type { ProbeConfig } from '../../src/shared/contract';
import type { FakeClock } from './fake-clock';

/** "host:port" for TCP, the kind's name for the rest. */
function targetOf(config: ProbeConfig): string {
  return config.kind === 'tcp' ? `${config.host}:${config.port}` : config.kind;
}

type Behaviour = { kind: 'answer'; latencyMs: number; certExpiresAt?: number } | { kind: 'refuse' } | { kind: 'hang' };

/**
 * Targets for the engine on a fake clock: a TCP "host:port" answers after a latency, refuses, or
 * never answers (until the engine's timeout aborts the probe). Unknown targets refuse. Heartbeat
 * monitors are judged by the real heartbeat kind: it reads only the engine's records and clock.
 */
export class FakeTargets {
  private readonly behaviours = new Map<string, Behaviour>();
  /** `fresh`: the run was the first of a new or changed monitor (ProbeContext.fresh). */
  readonly started: { target: string; at: number; fresh: boolean }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  /** Runs handed over so far, with the time each was handed over and its planned start. */
  readonly handed: { target: string; at: number; startAt: number }[] = [];
  /** Runs withdrawn before they started. */
  withdrawn = 0;

  /**
   * With `handAhead`, the runner takes runs of those kinds ahead of their time and runs them as the
   * probe thread does, through the probe thread's own TimedRuns (its caps, its timeouts) and
   * GatheredReplies (outcomes wait up to handAhead.gatherMs), on the fake clock.
   */
  readonly runner: ProbeRunner;
  private readonly timedRuns: TimedRuns;
  private readonly replies: GatheredReplies;
  private readonly settles = new Map<number, (outcome: ProbeOutcome) => void>();
  private nextId = 1;

  constructor(
    private readonly clock: FakeClock,
    handAhead?: HandAhead,
    limits: ProbeLimits = DEFAULT_LIMITS,
  ) {
    this.runner = Object.assign(
      (config: ProbeConfig, context: ProbeContext) => this.run(config, context),
      handAhead
        ? {
            handAhead: {
              ...handAhead,
              hand: (...run: Parameters<HandAheadRunner['hand']>) => this.hand(...run),
              withdraw: (runId: number) => this.timedRuns.abort(runId),
            },
          }
        : {},
    );
    this.replies = new GatheredReplies({
      timers: clock,
      soon: queueMicrotask,
      send: (replies) => {
        for (const { id, outcome } of replies) {
          const settle = this.settles.get(id);
          this.settles.delete(id);
          settle?.(outcome);
        }
      },
      gatherMs: handAhead?.gatherMs ?? 0,
    });
    this.timedRuns = new TimedRuns({
      clock,
      monotonicNow: () => clock.now(),
      timers: clock,
      timerGrainMs: 0,
      runProbe: (config, context) => this.start(config, context),
      hostOf: targetHostOf,
      limits,
      reply: (id, outcome) => {
        if (outcome === WITHDRAWN_OUTCOME) this.withdrawn += 1;
        this.replies.gathered(id, outcome);
      },
    });
  }

  /** With `certExpiresAt`, it answers as a TLS target whose certificate was read. */
  answer(target: string, latencyMs = 20, certExpiresAt?: number): void {
    this.behaviours.set(target, certExpiresAt === undefined ? { kind: 'answer', latencyMs } : { kind: 'answer', latencyMs, certExpiresAt });
  }
  refuse(target: string): void {
    this.behaviours.set(target, { kind: 'refuse' });
  }
  hang(target: string): void {
    this.behaviours.set(target, { kind: 'hang' });
  }

  startsOf(target: string): number[] {
    return this.started.filter((s) => s.target === target).map((s) => s.at);
  }

  /** As ProbeThread: a run handed ahead goes to TimedRuns, and a withdrawal takes it back there. */
  private readonly hand: HandAheadRunner['hand'] = (config, timeoutMs, fresh, startInMs, settled) => {
    const id = this.nextId;
    this.nextId += 1;
    this.handed.push({ target: targetOf(config), at: this.clock.now(), startAt: this.clock.now() + startInMs });
    this.settles.set(id, settled);
    this.timedRuns.add([{ id, config, timeoutMs, fresh, startInMs }]);
    return id;
  };

  /** The runner's call: a run handed ahead (startInMs) withdrawn when its signal fires; any other started now. */
  private run(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    const { startInMs } = context;
    if (startInMs === undefined) return this.start(config, context);
    return new Promise<ProbeOutcome>((resolve) => {
      let id = 0;
      const withdraw = () => this.timedRuns.abort(id);
      context.signal.addEventListener('abort', withdraw, { once: true });
      id = this.hand(config, context.timeoutMs, context.fresh ?? false, startInMs, (outcome) => {
        context.signal.removeEventListener('abort', withdraw);
        resolve(outcome);
      });
    });
  }

  private start(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    if (config.kind === 'heartbeat') return heartbeatProbe.run(config, context);
    const target = targetOf(config);
    this.started.push({ target, at: this.clock.now(), fresh: context.fresh ?? false });
    const behaviour = this.behaviours.get(target) ?? { kind: 'refuse' };
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<ProbeOutcome>((resolve) => {
      const done = (outcome: ProbeOutcome) => {
        this.inFlight -= 1;
        resolve(outcome);
      };
      context.signal.addEventListener(
        'abort',
        () => done({ ok: false, latencyMs: null, error: `timed out after ${context.timeoutMs} ms` }),
        { once: true },
      );
      if (behaviour.kind === 'answer') {
        const { latencyMs, certExpiresAt } = behaviour;
        this.clock.after(latencyMs, () =>
          done({ ok: true, latencyMs, error: null, ...(certExpiresAt === undefined ? {} : { certExpiresAt }) }),
        );
      }
      if (behaviour.kind === 'refuse') this.clock.after(1, () => done({ ok: false, latencyMs: null, error: 'connection refused' }));
    });
  }
}
