import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker ships as .mjs beside the bundle, and runs from its .ts source in tests. */
function workerFile(): string {
  const bundled = fileURLToPath(new URL('./checkpoint-worker.mjs', import.meta.url));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('./checkpoint-worker.ts', import.meta.url));
}

/**
 * Starts checkpointing the WAL of an open database from a worker thread. The main connection keeps
 * a high automatic checkpoint as a safety net, so the WAL stays bounded even if the worker stops.
 */
export function startCheckpointer(path: string, key: Buffer, onError: (message: string) => void, intervalMs = 1000): () => Promise<void> {
  const worker = new Worker(workerFile(), { workerData: { path, keyHex: key.toString('hex'), intervalMs } });
  worker.on('message', (message: { type?: string; message?: string }) => {
    if (message.type === 'error') onError(message.message ?? 'checkpoint failed');
  });
  worker.on('error', (error) => onError(error.message));
  worker.unref();
  return () =>
    new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // Unreferenced, the worker would not keep the process alive until it has closed its
      // connection, and whoever awaits this stop would be cut off with it.
      worker.ref();
      worker.postMessage('stop');
    });
}
