import { heartbeatProbe, type ProbeContext, type ProbeOutcome, type ProbeRunner } from '../../src/core/probes';
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
  readonly started: { target: string; at: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly clock: FakeClock) {}

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

  readonly runner: ProbeRunner = (config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> => {
    if (config.kind === 'heartbeat') return heartbeatProbe.run(config, context);
    const target = config.kind === 'tcp' ? `${config.host}:${config.port}` : config.kind;
    this.started.push({ target, at: this.clock.now() });
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
  };
}
