import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProbeConfig } from '../../../shared/contract/monitors';
import { REPLY_GATHER_MS, type ProbeThreadData, type ProbeThreadReplies, type ProbeThreadRequest } from './probe-thread-protocol';
import { runProbe } from './registry';
import type { ProbeLimits } from './timed-runs';
import type { HandAhead, ProbeRunner, ProbeContext, ProbeOutcome } from './types';

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

/** The bundle ships the worker as probe-worker.mjs beside it; from source it loads through tsx. */
function startWorker(data: ProbeThreadData): Worker {
  const bundled = fileURLToPath(new URL('./probe-worker.mjs', import.meta.url));
  if (existsSync(bundled)) return new Worker(bundled, { workerData: data });
  const entry = pathToFileURL(fileURLToPath(new URL('./probe-thread-entry.ts', import.meta.url))).href;
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  return new Worker(`require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(entry)});`, { eval: true, workerData: data });
}

/**
 * Runs the network probe kinds in a worker thread of their own, and the rest in this one. The
 * engine keeps scheduling and verdicts; the connection and its timestamps move, so a busy engine
 * thread delays when an outcome is judged, never the latency it reports. Runs handed ahead
 * (context.startInMs) are started, capped and timed out in the worker (TimedRuns), their outcomes
 * gathered for up to REPLY_GATHER_MS; the engine only bounds how long it waits for them. Runs
 * without startInMs start at once and the engine times them out. Started on the first probe; a
 * worker that dies ends the probes it held as unknown and is started again on the next.
 */
export class ProbeThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: ProbeOutcome) => void>();
  /** Runs and aborts asked for in this turn of the engine's loop, sent as one message in order. */
  private outbox: ProbeThreadRequest[] = [];

  /** The caps the probe thread keeps for the runs handed to it ahead of time: the engine's own. */
  constructor(private readonly limits: ProbeLimits) {}

  readonly run: ProbeRunner = Object.assign((config: ProbeConfig, context: ProbeContext) => this.runNow(config, context), {
    handAhead: HAND_AHEAD,
  });

  private runNow(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
    if (!NETWORK_KINDS.has(config.kind)) return runProbe(config, context);
    if (context.signal.aborted) return runProbe(config, context);
    const worker = this.started();
    const id = this.nextId;
    this.nextId += 1;
    return new Promise<ProbeOutcome>((resolve) => {
      const onAbort = () => this.send({ type: 'abort', id });
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, (outcome) => {
        context.signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
      // While probes are out, the worker holds the process open, as their sockets would.
      if (this.pending.size === 1) worker.ref();
      const { timeoutMs, startInMs } = context;
      const fresh = context.fresh ?? false;
      this.send(
        startInMs === undefined
          ? { type: 'run', id, config, timeoutMs, fresh }
          : { type: 'timed-run', id, config, timeoutMs, fresh, startInMs },
      );
    });
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

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker({ limits: { maxInFlight: this.limits.maxInFlight, maxInFlightPerHost: this.limits.maxInFlightPerHost } });
    worker.unref();
    worker.on('message', (replies: ProbeThreadReplies) => {
      for (const reply of replies) {
        const settle = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        settle?.(reply.outcome);
      }
      if (this.pending.size === 0) worker.unref();
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failPending(why);
    };
    worker.on('error', (error) => lost(`the probe thread failed: ${error.message}`));
    worker.on('exit', (code) => lost(`the probe thread exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private failPending(error: string): void {
    // Their requests die with the worker: a new one would not know these ids.
    this.outbox = [];
    const settles = [...this.pending.values()];
    this.pending.clear();
    // The target was not judged: unknown, never down.
    for (const settle of settles) settle({ ok: false, latencyMs: null, error, indeterminate: true });
  }
}
