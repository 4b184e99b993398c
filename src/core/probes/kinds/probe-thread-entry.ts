// The probe thread: runs the network probe kinds off the engine's thread, so a probe's
// timestamps are taken on an event loop that does nothing else (no SQLite commit, verdict, push
// to clients or their garbage collection queues in front of a probe's callback). Bundled as
// dist/core/probe-worker.mjs; run from source under tsx in tests.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, systemTimers } from '../../../shared/domain/clock';
import { GatheredReplies } from './gathered-replies';
import { REPLY_GATHER_MS, type ProbeThreadData, type ProbeThreadRequests } from './probe-thread-protocol';
import { runProbe, targetHostOf } from './registry';
import { ProbeThreadInbox } from './probe-thread-inbox';
import { NODE_TIMER_GRAIN_MS, TimedRuns } from './timed-runs';

const port = parentPort;
if (!port) throw new Error('probe-thread-entry runs only as a worker thread');

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

const inbox = new ProbeThreadInbox({
  addTimed: (runs) => timedRuns.add(runs),
  abortTimed: (id) => timedRuns.abort(id),
  runProbe,
  replyNow: (id, outcome) => replies.now(id, outcome),
});

port.on('message', (requests: ProbeThreadRequests) => inbox.receive(requests));
