// Run by probe-thread.test.ts as `node --expose-gc --import tsx release-child.ts`: the probe thread's
// own FinalizationRegistry, driven by real garbage collection, with a stand-in worker that records
// what it is sent. Prints one JSON line: the config numbers each worker was told to forget.
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TcpProbeConfig, type ProbeConfig } from '../../../../shared/contract/monitors';
import { DEFAULT_LIMITS } from '../../engine';
import { ProbeThread, type ProbeWorker } from '../probe-thread';
import type { ProbeThreadRequests } from '../probe-thread-protocol';

class RecordingWorker extends EventEmitter implements ProbeWorker {
  readonly sent: ProbeThreadRequests = [];
  postMessage(requests: ProbeThreadRequests): void {
    // A copy, as a real worker gets: holding the engine's config objects would keep them from being collected.
    this.sent.push(...structuredClone(requests));
  }
  terminate(): Promise<number> {
    return Promise.resolve(1);
  }
  ref(): void {}
  unref(): void {}
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('run with --expose-gc');

/** Collects until `done` holds, letting the registry's clean-up task run between collections. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i += 1) {
    collectGarbage?.();
    await nextTurn();
  }
}

const workers: RecordingWorker[] = [];
const thread = new ProbeThread(DEFAULT_LIMITS, {
  startWorker: () => {
    const worker = new RecordingWorker();
    workers.push(worker);
    return worker;
  },
});
const handAhead = thread.run.handAhead;
if (!handAhead) throw new Error('the probe thread hands ahead');
const forgotten = (worker: RecordingWorker | undefined) => (worker?.sent ?? []).flatMap((r) => (r.type === 'forget' ? [r.ref] : []));
/** The hosts of the configs a worker was sent, by number. */
const configsOf = (worker: RecordingWorker | undefined) =>
  Object.fromEntries((worker?.sent ?? []).flatMap((r) => (r.type === 'config' && r.config.kind === 'tcp' ? [[r.ref, r.config.host]] : [])));

/** A run of a monitor whose config the engine lets go of at once (the monitor was changed): nothing else refers to it. */
function handReplaced(host: string): void {
  handAhead?.hand(TcpProbeConfig.parse({ kind: 'tcp', host, port: 554 }), 4_000, false, 10, () => {});
}

const kept: ProbeConfig = TcpProbeConfig.parse({ kind: 'tcp', host: '10.0.0.5', port: 554 });
const keptRun = handAhead.hand(kept, 4_000, false, 10, () => {});
handReplaced('10.0.0.6');
await nextTurn();
const first = workers[0];
await collectUntil(() => forgotten(first).length > 0);

// Sent to that worker only, which then dies: its successor hears nothing of it when it is collected.
handReplaced('10.0.0.7');
await nextTurn();
// It had answered, so its successor starts at once.
first?.emit('message', [{ id: keptRun, outcome: { ok: true, latencyMs: 3, error: null } }]);
first?.emit('exit', 1);
handAhead.hand(kept, 4_000, false, 10, () => {});
await nextTurn();
const second = workers[1];
// Bounded: there is nothing to wait for, so this runs all its collections.
await collectUntil(() => forgotten(second).length > 0);

process.stdout.write(
  `${JSON.stringify({
    first: { configs: configsOf(first), forgot: forgotten(first) },
    second: { configs: configsOf(second), forgot: forgotten(second) },
  })}\n`,
);
thread.close();
