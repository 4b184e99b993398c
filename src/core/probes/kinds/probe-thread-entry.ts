// The probe thread: runs the network probe kinds off the engine's thread, so a probe's
// timestamps are taken on an event loop that does nothing else (no SQLite commit, verdict, push
// to clients or their garbage collection queues in front of a probe's callback). Bundled as
// dist/core/probe-worker.mjs; run from source under tsx in tests.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, systemTimers } from '../../../shared/domain/clock';
import { GatheredReplies } from './gathered-replies';
import { REPLY_GATHER_MS, type ProbeThreadData, type ProbeThreadRequests } from './probe-thread-protocol';
import { runProbe, targetHostOf } from './registry';
import { NODE_TIMER_GRAIN_MS, TimedRuns, type TimedRun } from './timed-runs';

const port = parentPort;
if (!port) throw new Error('probe-thread-entry runs only as a worker thread');

/** Runs the engine started itself (it keeps their caps and timeouts). */
const running = new Map<number, AbortController>();
const replies = new GatheredReplies({
  timers: systemTimers,
  soon: setImmediate,
  send: (sent) => port?.postMessage(sent),
  gatherMs: REPLY_GATHER_MS,
});

const timedRuns = new TimedRuns({
  clock: systemClock,
  monotonicNow: () => performance.now(),
  timers: systemTimers,
  timerGrainMs: NODE_TIMER_GRAIN_MS,
  runProbe,
  hostOf: targetHostOf,
  limits: (workerData as ProbeThreadData).limits,
  reply: (id, outcome) => replies.gathered(id, outcome),
});

port.on('message', (requests: ProbeThreadRequests) => {
  // A message's runs handed ahead are added together; an abort first adds those before it, in order.
  let handed: TimedRun[] = [];
  for (const request of requests) {
    if (request.type === 'timed-run') {
      handed.push(request);
      continue;
    }
    if (request.type === 'abort') {
      if (handed.length > 0) timedRuns.add(handed);
      handed = [];
      running.get(request.id)?.abort();
      timedRuns.abort(request.id);
      continue;
    }
    const { id } = request;
    const controller = new AbortController();
    running.set(id, controller);
    void runProbe(request.config, {
      signal: controller.signal,
      timeoutMs: request.timeoutMs,
      fresh: request.fresh,
      now: () => Date.now(),
    }).then((outcome) => {
      running.delete(id);
      replies.now(id, outcome);
    });
  }
  if (handed.length > 0) timedRuns.add(handed);
});
