import type { ProbeConfig } from '../../../shared/contract/monitors';
import type { Clock, TimerHandle, Timers } from '../../../shared/domain/clock';
import type { ProbeContext, ProbeOutcome } from './types';

/** The caps the engine keeps for the probes it starts itself, kept here for the runs handed ahead. */
export interface ProbeLimits {
  maxInFlight: number;
  maxInFlightPerHost: number;
}

/** A run the engine handed over before its time: started here `startInMs` after it arrives, timed out here. */
export interface TimedRun {
  id: number;
  config: ProbeConfig;
  timeoutMs: number;
  fresh: boolean;
  /**
   * Its planned start, relative to its hand-over: the two threads' clocks are never compared, only
   * durations cross. Negative when the engine handed it over late.
   */
  startInMs: number;
}

/** How early a Node timer can fire on the monotonic clock: TimedRunPorts.timerGrainMs in the probe thread. */
export const NODE_TIMER_GRAIN_MS = 1;

/** What a run handed ahead and then withdrawn (the engine stopped, the monitor changed) answers: nothing was probed. */
export const WITHDRAWN_OUTCOME: ProbeOutcome = { ok: false, latencyMs: null, error: 'withdrawn before it started', keepsVerdict: true };

interface HeldRun {
  run: TimedRun;
  host: string | null;
  /** On this thread's monotonic clock: when it is due. */
  dueAt: number;
  /** Until its start time; null once it waits only for a free slot. */
  timer: TimerHandle | null;
  /** Withdrawn while it waited for a slot: skipped, and dropped from the waiting list later. */
  withdrawn: boolean;
}

export interface TimedRunPorts {
  /** Epoch ms, for the probe kinds (ProbeContext.now). */
  clock: Clock;
  /** Monotonic ms, for starts and lateness: a wall-clock step must not move a start. */
  monotonicNow: () => number;
  timers: Timers;
  /**
   * How early `timers` can fire, in ms: a start timer is armed this much past the run's time. Node
   * counts a timer in whole ms from its loop's cached time, itself whole ms, so its timer for n ms
   * fires up to 1 ms before n ms have passed on the monotonic clock (NODE_TIMER_GRAIN_MS). Armed for
   * exactly n, a third of runs at 200 probes/s fired early and needed a second timer, and a second
   * wake-up of the probe thread, to wait out the rest (see due). Exact fake timers: 0.
   */
  timerGrainMs: number;
  runProbe: (config: ProbeConfig, context: ProbeContext) => Promise<ProbeOutcome>;
  hostOf: (config: ProbeConfig) => string | null;
  limits: ProbeLimits;
  /** Every run gets exactly one reply; a started one's outcome says how late it started. */
  reply: (id: number, outcome: ProbeOutcome) => void;
}

/**
 * The probe thread's side of handing runs ahead: the engine sends every run due in its next window
 * in one message, and each starts here at its planned time on this thread's own timer, within the
 * in-flight caps (counted here, where the connections are: a run handed ahead is not in flight
 * until it starts), and ends at its deadline here. The engine's thread then wakes a few times a
 * window instead of twice per probe.
 */
export class TimedRuns {
  /** Handed over, not started: waiting for their time or for a slot. */
  private readonly held = new Map<number, HeldRun>();
  private readonly running = new Map<number, AbortController>();
  /**
   * Due runs held back by the caps, oldest first: every one still there is blocked, so a run that
   * falls due is started or queued without a scan, and only a freed slot scans.
   */
  private waiting: HeldRun[] = [];
  private withdrawnWaiting = 0;
  private inFlight = 0;
  private readonly hostInFlight = new Map<string, number>();

  constructor(private readonly ports: TimedRunPorts) {}

  /** One message's runs, in order: each costs the same whatever is waiting (10,000 due at once to one slow host). */
  add(runs: readonly TimedRun[]): void {
    const receivedAt = this.ports.monotonicNow();
    for (const run of runs) {
      const held: HeldRun = { run, host: this.ports.hostOf(run.config), dueAt: receivedAt + run.startInMs, timer: null, withdrawn: false };
      this.held.set(run.id, held);
      if (run.startInMs > 0) held.timer = this.ports.timers.after(run.startInMs + this.ports.timerGrainMs, () => this.due(held));
      else this.due(held);
    }
  }

  /** A run not started yet is withdrawn (and answered so); a running one is aborted and ends as timed out. */
  abort(id: number): void {
    const held = this.held.get(id);
    if (held) {
      this.held.delete(id);
      if (held.timer) held.timer.cancel();
      else this.dropWaiting(held);
      this.ports.reply(id, WITHDRAWN_OUTCOME);
      return;
    }
    this.running.get(id)?.abort();
  }

  private due(held: HeldRun): void {
    // A timer can still fire before the run's time on this thread's monotonic clock (a loop turn
    // that began more than the grain before the hand-over): the rest is waited out, and no run starts early.
    const early = held.dueAt - this.ports.monotonicNow();
    if (early > 0) {
      held.timer = this.ports.timers.after(Math.ceil(early) + this.ports.timerGrainMs, () => this.due(held));
      return;
    }
    held.timer = null;
    if (this.blocked(held)) this.waiting.push(held);
    else this.start(held);
  }

  private blocked(held: HeldRun): boolean {
    const { maxInFlight, maxInFlightPerHost } = this.ports.limits;
    return this.inFlight >= maxInFlight || (held.host !== null && (this.hostInFlight.get(held.host) ?? 0) >= maxInFlightPerHost);
  }

  /** Marked, not searched for: the list is compacted once half of it is withdrawn, so a stop that withdraws thousands is linear. */
  private dropWaiting(held: HeldRun): void {
    held.withdrawn = true;
    this.withdrawnWaiting += 1;
    if (this.withdrawnWaiting * 2 < this.waiting.length) return;
    this.waiting = this.waiting.filter((waiting) => !waiting.withdrawn);
    this.withdrawnWaiting = 0;
  }

  /** A slot was freed: the waiting runs it unblocks start, oldest first. */
  private drain(): void {
    let kept = 0;
    for (const held of this.waiting) {
      if (held.withdrawn) continue;
      if (this.blocked(held)) this.waiting[kept++] = held;
      else this.start(held);
    }
    this.waiting.length = kept;
    this.withdrawnWaiting = 0;
  }

  private start({ run, host, dueAt }: HeldRun): void {
    const { clock, timers } = this.ports;
    this.held.delete(run.id);
    this.inFlight += 1;
    if (host !== null) this.hostInFlight.set(host, (this.hostInFlight.get(host) ?? 0) + 1);
    // The engine's lateness at hand-over (a negative startInMs) plus this thread's own.
    const startLateByMs = this.ports.monotonicNow() - dueAt;
    const controller = new AbortController();
    this.running.set(run.id, controller);
    const deadline = timers.after(run.timeoutMs, () => controller.abort());
    const context: ProbeContext = { signal: controller.signal, timeoutMs: run.timeoutMs, fresh: run.fresh, now: () => clock.now() };
    void this.ports.runProbe(run.config, context).then((outcome) => {
      deadline.cancel();
      this.running.delete(run.id);
      this.inFlight -= 1;
      if (host !== null) this.hostInFlight.set(host, (this.hostInFlight.get(host) ?? 1) - 1);
      this.ports.reply(run.id, { ...outcome, startLateByMs });
      this.drain();
    });
  }
}
