// The probe thread: runs the network probe kinds off the engine's thread, so a probe's
// timestamps are taken on an event loop that does nothing else (no SQLite commit, verdict, push
// to clients or their garbage collection queues in front of a probe's callback). Bundled as
// dist/core/probe-worker.mjs; run from source under tsx in tests.
import { parentPort } from 'node:worker_threads';
import type { ProbeThreadReplies, ProbeThreadRequests } from './probe-thread-protocol';
import { runProbe } from './registry';

const port = parentPort;
if (!port) throw new Error('probe-thread-entry runs only as a worker thread');

const running = new Map<number, AbortController>();
/** Outcomes settled in this turn of the loop, sent together once the turn's I/O callbacks have run. */
let replies: ProbeThreadReplies = [];
function sendReplies(): void {
  const sent = replies;
  replies = [];
  port?.postMessage(sent);
}

port.on('message', (requests: ProbeThreadRequests) => {
  for (const request of requests) {
    if (request.type === 'abort') {
      running.get(request.id)?.abort();
      continue;
    }
    const { id } = request;
    const controller = new AbortController();
    running.set(id, controller);
    void runProbe(request.config, { signal: controller.signal, timeoutMs: request.timeoutMs, now: () => Date.now() }).then((outcome) => {
      running.delete(id);
      // The latency was measured when the answer arrived; sending it a moment later changes nothing.
      if (replies.length === 0) setImmediate(sendReplies);
      replies.push({ id, outcome });
    });
  }
});
