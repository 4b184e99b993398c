import { heartbeatProbe, type ProbeContext, type ProbeOutcome, type ProbeRunner } from '../../src/core/probes';
import type { HandAhead } from '../../src/core/probes/kinds/types';
import type { ProbeConfig } from '../../src/shared/contract';
import type { FakeClock } from './fake-clock';

type Behaviour = { kind: 'answer'; latencyMs: number } | { kind: 'refuse' } | { kind: 'hang' };

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
   * With `handAhead`, the runner takes runs of those kinds ahead of their time, as the probe thread
   * does: each starts context.startInMs later on the fake clock and times out by itself.
   */
  readonly runner: ProbeRunner;

  constructor(
    private readonly clock: FakeClock,
    handAhead?: HandAhead,
  ) {
    this.runner = Object.assign((config: ProbeConfig, context: ProbeContext) => this.run(config, context), handAhead ? { handAhead } : {});
  }

  answer(target: string, latencyMs = 20): void {
    this.behaviours.set(target, { kind: 'answer', latencyMs });
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

  private run(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    const { startInMs } = context;
    if (startInMs === undefined) return this.start(config, context);
    const startAt = this.clock.now() + startInMs;
    const target = config.kind === 'tcp' ? `${config.host}:${config.port}` : config.kind;
    this.handed.push({ target, at: this.clock.now(), startAt });
    return new Promise<ProbeOutcome>((resolve) => {
      const deadline = new AbortController();
      const begin = () => {
        context.signal.removeEventListener('abort', withdraw);
        const startLateByMs = this.clock.now() - startAt;
        // A run that has started ends at its own deadline, or as timed out when the engine aborts it.
        context.signal.addEventListener('abort', () => deadline.abort(), { once: true });
        const timeout = this.clock.after(context.timeoutMs, () => deadline.abort());
        void this.start(config, { ...context, signal: deadline.signal }).then((outcome) => {
          timeout.cancel();
          resolve({ ...outcome, startLateByMs });
        });
      };
      const timer = this.clock.after(startAt - this.clock.now(), begin);
      const withdraw = () => {
        timer.cancel();
        this.withdrawn += 1;
        resolve({ ok: false, latencyMs: null, error: 'withdrawn before it started', keepsVerdict: true });
      };
      context.signal.addEventListener('abort', withdraw, { once: true });
    });
  }

  private start(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    if (config.kind === 'heartbeat') return heartbeatProbe.run(config, context);
    const target = config.kind === 'tcp' ? `${config.host}:${config.port}` : config.kind;
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
      if (behaviour.kind === 'answer')
        this.clock.after(behaviour.latencyMs, () => done({ ok: true, latencyMs: behaviour.latencyMs, error: null }));
      if (behaviour.kind === 'refuse') this.clock.after(1, () => done({ ok: false, latencyMs: null, error: 'connection refused' }));
    });
  }
}
