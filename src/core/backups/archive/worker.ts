// Runs archive operations in a worker thread, so the thread serving the UI stays responsive while
// gigabytes are compressed, encrypted and hashed. Cancel and progress cross over as messages.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import { deserializeError, OperationCancelledError } from './errors';
import type { ProgressListener } from './progress';
import type { ArchiveJob, ArchiveOperation, ArchiveOperations, ParentMessage, WorkerMessage } from './worker-protocol';

export interface WorkerControl {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Dates a backup; the system clock by default. */
  clock?: Clock;
}

/**
 * Every chunk leaves a few 1 MiB buffers behind, freed only when V8 collects their small JS
 * handles. A small young generation makes that happen every few chunks instead of every few hundred
 * megabytes, which keeps the process's RSS flat (about 80 MB less at the peak than the default).
 * 4 MB rather than 1: with 1 MB, whatever lives across a read or a write (promises, buffer handles)
 * survived into the old generation, and V8 ran a full mark-compact every few megabytes restored
 * (29 in a 300 MiB restore, 12 with 4 MB); a restore then spent about a tenth more CPU, for some 5 MB
 * less RSS.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * How long a worker has to act on a cancel before it is stopped. It checks between files and
 * chunks, so it answers within milliseconds; this bounds the wait should one step ever run long
 * (Cancel must end a task within 2 s). A stopped worker cannot clean up: the backup service
 * removes its ".partial" under the destination's lock, before releasing it.
 */
export const CANCEL_GRACE_MS = 1000;

/**
 * The bundle ships the worker as archive-worker.mjs beside it (see scripts/build-node.mjs). From
 * source (vitest, tsx) the .ts entry is loaded through tsx's loader, registered in the worker.
 */
function startWorker(job: ArchiveJob): Worker {
  const bundled = fileURLToPath(new URL('./archive-worker.mjs', import.meta.url));
  if (existsSync(bundled)) return new Worker(bundled, { workerData: job, resourceLimits: WORKER_LIMITS });
  const entry = pathToFileURL(fileURLToPath(new URL('./worker-entry.ts', import.meta.url))).href;
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  const bootstrap = `require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true, workerData: job, resourceLimits: WORKER_LIMITS });
}

/**
 * Runs one operation in a fresh worker thread and resolves with its result. Aborting `signal`
 * cancels it: the worker removes what it wrote and the promise rejects with OperationCancelledError.
 * Errors keep their class (WrongPassphraseError, BackupDamagedError, FolderError, ...).
 */
export function runInWorker<K extends ArchiveOperation>(
  operation: K,
  input: ArchiveOperations[K]['input'],
  control: WorkerControl = {},
): Promise<ArchiveOperations[K]['result']> {
  const { signal, onProgress } = control;
  if (signal?.aborted) return Promise.reject(new OperationCancelledError());
  const job = { operation, input, startedAt: (control.clock ?? systemClock).now() } as ArchiveJob;
  const worker = startWorker(job);
  return new Promise<ArchiveOperations[K]['result']>((resolve, reject) => {
    let settled = false;
    let stopTimer: ReturnType<typeof setTimeout> | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      clearTimeout(stopTimer);
      finish();
    };
    const cancel = () => {
      worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
      stopTimer = setTimeout(() => {
        settle(() => reject(new OperationCancelledError()));
        // Not awaited: a thread blocked in a read of a dead mount stops only once that read returns.
        void worker.terminate();
      }, CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.result as ArchiveOperations[K]['result']));
      else settle(() => reject(deserializeError(message.error)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The backup worker stopped unexpectedly (exit code ${code}).`))));
  });
}
