// The probe thread: runs the network probe kinds off the engine's thread, so a probe's
// timestamps are taken on an event loop that does nothing else (no SQLite commit, verdict, push
// to clients or their garbage collection queues in front of a probe's callback). Bundled as
// dist/core/probe-worker.mjs; run from source under tsx in tests.
import { parentPort } from 'node:worker_threads';
import type { ProbeThreadReply, ProbeThreadRequest } from './probe-thread-protocol';
import { runProbe } from './registry';

const port = parentPort;
if (!port) throw new Error('probe-thread-entry runs only as a worker thread');

const running = new Map<number, AbortController>();
port.on('message', (message: ProbeThreadRequest) => {
  if (message.type === 'abort') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  void runProbe(message.config, { signal: controller.signal, timeoutMs: message.timeoutMs, now: () => Date.now() }).then((outcome) => {
    running.delete(message.id);
    port.postMessage({ type: 'outcome', id: message.id, outcome } satisfies ProbeThreadReply);
  });
});
