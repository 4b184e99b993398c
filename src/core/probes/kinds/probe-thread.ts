import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProbeConfig } from '../../../shared/contract/monitors';
import { systemTimers, type TimerHandle, type Timers } from '../../../shared/domain/clock';
import {
  REPLY_GATHER_MS,
  type ProbeThreadData,
  type ProbeThreadReplies,
  type ProbeThreadRequest,
  type ProbeThreadRequests,
} from './probe-thread-protocol';
import { runProbe } from './registry';
import type { ProbeLimits } from './timed-runs';
import type { HandAhead, HandAheadRunner, ProbeRunner, ProbeContext, ProbeOutcome } from './types';

/**
 * Kinds that only talk to the network, and so run in the probe thread. Heartbeat and manual are
 * judged from the engine's own records (and its clock), so they stay on the engine's thread.
 */
const NETWORK_KINDS = new Set<ProbeConfig['kind']>(['http', 'tcp', 'tls', 'dns', 'icmp']);

/**
 * The engine hands the probe thread every network run due in the next 100 ms in one message, 10 ms
 * before the first of them: its thread then wakes about ten times a second for starts instead of
 * once per probe (200 times a second at 200 probes/s), each wake-up of an idle thread costing tens
 * of microseconds. A verdict comes at most REPLY_GATHER_MS later than it did; nobody watching
 * a board can tell.
 */
const HAND_AHEAD: HandAhead = { windowMs: 100, leadMs: 10, gatherMs: REPLY_GATHER_MS, kinds: NETWORK_KINDS };

/**
 * How long past the latest moment a healthy probe thread must have said something (see
 * ProbeThread.answerBound) it is deemed wedged and restarted: slack for a busy probe thread and
 * for a probe kind that overruns its timeout a little while it cleans up.
 */
export const PROBE_THREAD_GRACE_MS = 5_000;
/** How often the probe thread's liveness is checked while runs are out: one timer for all of them. */
const LIVENESS_CHECK_MS = 1_000;
/**
 * A worker that goes before it answered anything (it could not load, or could not be started)
 * is not started again at once: the next try waits this long, doubled at each failure in a row up
 * to RESTART_BACKOFF_MAX_MS, and runs meanwhile end as unknown with the reason. Started again at
 * every hand-over, a broken worker cost a thread start ten times a second and more.
 */
export const RESTART_BACKOFF_MS = 1_000;
export const RESTART_BACKOFF_MAX_MS = 60_000;
const WEDGED = 'the probe thread stopped answering and was restarted';

/** What ProbeThread uses of its worker: a node Worker, or a stand-in in tests. */
export interface ProbeWorker {
  postMessage(requests: ProbeThreadRequests): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
  on(event: 'message', listener: (replies: ProbeThreadReplies) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** The worker and the clock of the liveness check: a stand-in and a fake clock in tests. */
export interface ProbeThreadOptions {
  startWorker: (data: ProbeThreadData) => ProbeWorker;
  /** Monotonic ms: a wall-clock step must not make a healthy probe thread look wedged. */
  monotonicNow: () => number;
  /** For the liveness check; unref'd in the app, so it never holds the process open. */
  timers: Timers;
  /**
   * Calls `released` once nothing refers to `config` any more (a FinalizationRegistry in the app; a
   * test calls it when it likes), so the probe thread lets go of its copy. `worker` stands for the
   * worker the config was sent to...
   */
  watchRelease: (config: ProbeConfig, released: () => void, worker: object) => void;
  /** ...and once that worker is gone, with its copies, its watches are dropped, so none outlives it. */
  unwatchReleases: (worker: object) => void;
}

/** Each release is a callback of its own, which must not refer to the config, or it would never be collected. */
const releases = new FinalizationRegistry<() => void>((released) => released());

/** A run sent to the probe thread and not answered yet. */
interface PendingRun {
  settle: (outcome: ProbeOutcome) => void;
  /** Monotonic ms: when it was sent plus its start delay (the earliest it may start). */
  startsAt: number;
  timeoutMs: number;
}

/** The bundle ships the worker as probe-worker.mjs beside it; from source it loads through tsx. */
export function startProbeWorker(data: ProbeThreadData): Worker {
  const bundled = fileURLToPath(new URL('./probe-worker.mjs', import.meta.url));
  if (existsSync(bundled)) return new Worker(bundled, { workerData: data });
  const entry = pathToFileURL(fileURLToPath(new URL('./probe-thread-entry.ts', import.meta.url))).href;
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  return new Worker(`require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(entry)});`, { eval: true, workerData: data });
}

/**
 * Runs the network probe kinds in a worker thread of their own, and the rest in this one. The
 * engine keeps scheduling and verdicts; the connection and its timestamps move, so a busy engine
 * thread delays when an outcome is judged, never the latency it reports. Runs handed ahead (the
 * engine's handAhead.hand, or context.startInMs) are started, capped and timed out in the worker
 * (TimedRuns), their outcomes gathered for up to REPLY_GATHER_MS. Runs without startInMs (none from
 * the engine, which hands every network kind ahead) start at once and their caller times them out.
 * Started on the first probe; a worker that dies, or stops answering (see answerBound), ends the
 * probes it held as unknown and is started again on the next (after a pause when it went before
 * answering anything: RESTART_BACKOFF_MS).
 */
export class ProbeThread {
  private worker: ProbeWorker | null = null;
  private nextId = 1;
  /**
   * The number each config object was sent to the current worker under: a config crosses once per
   * worker, then its runs name it. A new worker starts with none.
   */
  private configRefs = new WeakMap<ProbeConfig, number>();
  private nextConfigRef = 1;
  /** Stands for the current worker in the release watches of the configs sent to it: dropped with it. */
  private releaseToken: object = {};
  private readonly pending = new Map<number, PendingRun>();
  /** Runs and aborts asked for in this turn of the engine's loop, sent as one message in order. */
  private outbox: ProbeThreadRequest[] = [];
  /** Monotonic ms: the worker's last message, or its start. */
  private lastHeardAt = 0;
  /** Workers in a row that went (or failed to start) before answering anything, and why the last one did. */
  private failedStarts = 0;
  private lastStartFailure = '';
  /** Monotonic ms: no worker is started before this, after failed starts... */
  private nextStartAt = 0;
  /** ...the pause that ends then: in the runs' reason, which stays the same for the whole pause (no countdown to push to every board). */
  private restartPauseMs = 0;
  private livenessCheck: TimerHandle | null = null;
  private livenessCheckDueAt = 0;
  private readonly options: ProbeThreadOptions;

  /** `limits`: the caps the probe thread keeps for the runs handed to it ahead of time: the engine's own. */
  constructor(
    private readonly limits: ProbeLimits,
    options: Partial<ProbeThreadOptions> = {},
  ) {
    this.options = {
      startWorker: startProbeWorker,
      monotonicNow: () => performance.now(),
      timers: systemTimers,
      watchRelease: (config, released, worker) => releases.register(config, released, worker),
      unwatchReleases: (worker) => releases.unregister(worker),
      ...options,
    };
  }

  readonly run: ProbeRunner = Object.assign((config: ProbeConfig, context: ProbeContext) => this.runNow(config, context), {
    handAhead: {
      ...HAND_AHEAD,
      hand: (...run: Parameters<HandAheadRunner['hand']>) => this.hand(...run),
      withdraw: (runId: number) => this.withdraw(runId),
    },
  });

  /** The engine's path for network runs handed ahead: a number and a callback, no signal or promise. */
  private readonly hand: HandAheadRunner['hand'] = (config, timeoutMs, fresh, startInMs, settled) =>
    this.dispatch(config, timeoutMs, fresh, startInMs, settled);

  /**
   * Sends a run to the worker (its config first, if that worker has none yet) and returns its
   * number: handed ahead with startInMs, started there at once without. Throws when no worker can
   * be started.
   */
  private dispatch(
    config: ProbeConfig,
    timeoutMs: number,
    fresh: boolean,
    startInMs: number | undefined,
    settle: (outcome: ProbeOutcome) => void,
  ): number {
    const worker = this.started();
    const configRef = this.configRefOf(config);
    const id = this.nextId;
    this.nextId += 1;
    this.hold(id, { settle, startsAt: this.options.monotonicNow() + Math.max(0, startInMs ?? 0), timeoutMs }, worker);
    this.send(
      startInMs === undefined
        ? { type: 'run', id, configRef, timeoutMs, fresh }
        : { type: 'timed-run', id, configRef, timeoutMs, fresh, startInMs },
    );
    return id;
  }

  /** A run still out is taken back (the worker answers for it); one already answered is left alone. */
  private withdraw(runId: number): void {
    if (this.pending.has(runId)) this.send({ type: 'abort', id: runId });
  }

  private hold(id: number, run: PendingRun, worker: ProbeWorker): void {
    this.pending.set(id, run);
    if (this.pending.size === 1) {
      // While probes are out, the worker holds the process open, as their sockets would.
      worker.ref();
      this.armLivenessCheck();
    }
  }

  /** The ProbeRunner call: what a caller with a signal gets (tests, and a run the engine starts itself). */
  private runNow(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    if (!NETWORK_KINDS.has(config.kind)) return runProbe(config, context);
    if (context.signal.aborted) return runProbe(config, context);
    const { signal, timeoutMs, startInMs } = context;
    const fresh = context.fresh ?? false;
    return new Promise<ProbeOutcome>((resolve) => {
      let id = 0;
      const onAbort = () => this.withdraw(id);
      const settle = (outcome: ProbeOutcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        id = this.dispatch(config, timeoutMs, fresh, startInMs, settle);
      } catch (error) {
        // No worker could be started: the target was not probed, so unknown, never down.
        settle({ ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error), indeterminate: true });
      }
    });
  }

  /** The number `config` goes by in the current worker, sent along first if it has none there yet. */
  private configRefOf(config: ProbeConfig): number {
    let ref = this.configRefs.get(config);
    if (ref === undefined) {
      const sent = this.nextConfigRef;
      this.nextConfigRef += 1;
      this.configRefs.set(config, sent);
      this.send({ type: 'config', ref: sent, config });
      // Dropped when this worker goes (failPending): a new one knows nothing of the number.
      this.options.watchRelease(config, () => this.send({ type: 'forget', ref: sent }), this.releaseToken);
      ref = sent;
    }
    return ref;
  }

  /** Queues a request; the first of a turn sends them all once the current task's synchronous work is done. */
  private send(request: ProbeThreadRequest): void {
    if (this.outbox.length === 0) {
      queueMicrotask(() => {
        const requests = this.outbox;
        this.outbox = [];
        if (requests.length > 0) this.worker?.postMessage(requests);
      });
    }
    this.outbox.push(request);
  }

  /** Stops the worker; probes still out end as failed. */
  close(): void {
    const worker = this.worker;
    this.worker = null;
    this.failPending('the probe thread was stopped');
    void worker?.terminate();
  }

  private started(): ProbeWorker {
    if (this.worker) return this.worker;
    const now = this.options.monotonicNow();
    if (now < this.nextStartAt)
      throw new Error(`${this.lastStartFailure}; the probe thread is started again after a pause of ${this.restartPauseMs / 1000} s`);
    let worker: ProbeWorker;
    try {
      worker = this.options.startWorker({
        limits: { maxInFlight: this.limits.maxInFlight, maxInFlightPerHost: this.limits.maxInFlightPerHost },
      });
    } catch (error) {
      this.startFailed(`the probe thread could not be started: ${error instanceof Error ? error.message : String(error)}`);
      throw new Error(this.lastStartFailure, { cause: error });
    }
    this.configRefs = new WeakMap();
    this.releaseToken = {};
    this.lastHeardAt = now;
    let answered = false;
    worker.unref();
    worker.on('message', (replies: ProbeThreadReplies) => {
      // A terminated worker's last replies still settle their runs (ids are never reused) but say nothing of the new one.
      if (this.worker === worker) {
        this.lastHeardAt = this.options.monotonicNow();
        if (!answered) this.failedStarts = 0;
        answered = true;
      }
      for (const reply of replies) {
        const run = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        run?.settle(reply.outcome);
      }
      if (this.pending.size === 0) worker.unref();
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (!answered) this.startFailed(why);
      this.failPending(why);
    };
    worker.on('error', (error) => lost(`the probe thread failed: ${error.message}`));
    worker.on('exit', (code) => lost(`the probe thread exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private startFailed(why: string): void {
    this.failedStarts += 1;
    this.lastStartFailure = why;
    this.restartPauseMs = Math.min(RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_MS * 2 ** (this.failedStarts - 1));
    this.nextStartAt = this.options.monotonicNow() + this.restartPauseMs;
  }

  private armLivenessCheck(): void {
    if (this.livenessCheck !== null) return;
    this.livenessCheckDueAt = this.options.monotonicNow() + LIVENESS_CHECK_MS;
    this.livenessCheck = this.options.timers.after(LIVENESS_CHECK_MS, () => this.checkLiveness());
  }

  private checkLiveness(): void {
    this.livenessCheck = null;
    if (this.pending.size === 0) return;
    const now = this.options.monotonicNow();
    // A tick this late means this thread was stalled: the worker's replies may be queued behind
    // this timer, so this round is not judged.
    const stalled = now - this.livenessCheckDueAt > LIVENESS_CHECK_MS;
    if (!stalled && now > this.answerBound()) {
      this.restartWedged();
      return;
    }
    this.armLivenessCheck();
  }

  /**
   * When a healthy worker has said something at the latest. By the later of the oldest run's start
   * and the last message, that run is due: it starts, or waits for a slot held by runs already
   * running, each of which ends within the longest timeout held and replies within the gathering
   * delay. Runs sent since do not move the bound (else a steady stream of new runs would hide a
   * wedged worker for as long as it lasts); only a longer timeout does.
   */
  private answerBound(): number {
    let oldestStart = Infinity;
    let longestTimeout = 0;
    for (const run of this.pending.values()) {
      oldestStart = Math.min(oldestStart, run.startsAt);
      longestTimeout = Math.max(longestTimeout, run.timeoutMs);
    }
    return Math.max(oldestStart, this.lastHeardAt) + longestTimeout + REPLY_GATHER_MS + PROBE_THREAD_GRACE_MS;
  }

  /** Its runs end as unknown now; the exit that follows finds it replaced, and the next run starts a new one. */
  private restartWedged(): void {
    const worker = this.worker;
    this.worker = null;
    this.failPending(WEDGED);
    void worker?.terminate();
  }

  private failPending(error: string): void {
    // Their requests die with the worker: a new one would not know these ids, nor the configs' numbers.
    this.outbox = [];
    this.options.unwatchReleases(this.releaseToken);
    this.livenessCheck?.cancel();
    this.livenessCheck = null;
    const runs = [...this.pending.values()];
    this.pending.clear();
    // The target was not judged: unknown, never down.
    for (const run of runs) run.settle({ ok: false, latencyMs: null, error, indeterminate: true });
  }
}
