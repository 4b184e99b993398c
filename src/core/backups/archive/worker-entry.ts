// The worker thread that runs one archive operation (backup, verify, restore) off the thread that
// serves the UI. Bundled as dist/core/archive-worker.mjs; run from source under tsx in tests.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from './errors';
import type { OperationProgress } from './progress';
import { verifyBackup } from './read-backup';
import { restoreBackup, restoreDatabase } from './restore';
import {
  asBuffer,
  reviveKey,
  type ArchiveJob,
  type ArchiveOperation,
  type ArchiveOperations,
  type ParentMessage,
  type WorkerMessage,
} from './worker-protocol';
import { createBackup } from './write-backup';

const port = parentPort;
if (!port) throw new Error('archive worker-entry runs only as a worker thread');

const job = workerData as ArchiveJob;
const cancel = new AbortController();
port.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') cancel.abort();
});

const post = (message: WorkerMessage) => port.postMessage(message);
// The tracker already reports at most every progressIntervalMs, so each report is posted as it is.
const control = { signal: cancel.signal, onProgress: (progress: OperationProgress) => post({ type: 'progress', progress }) };

function run(): Promise<ArchiveOperations[ArchiveOperation]['result']> {
  switch (job.operation) {
    case 'backup': {
      const { input } = job;
      return createBackup({
        ...input,
        ...control,
        key: reviveKey(input.key),
        ...(input.database ? { database: { ...input.database, key: asBuffer(input.database.key) } } : {}),
        clock: { now: () => job.startedAt },
      });
    }
    case 'verify':
      return verifyBackup({ ...job.input, ...control, key: reviveKey(job.input.key) });
    case 'restore': {
      const { input } = job;
      return restoreBackup({
        ...input,
        ...control,
        key: reviveKey(input.key),
        ...(input.databaseKey ? { databaseKey: asBuffer(input.databaseKey) } : {}),
      });
    }
    case 'restoreDatabase':
      return restoreDatabase({ ...job.input, ...control, key: reviveKey(job.input.key), databaseKey: asBuffer(job.input.databaseKey) });
  }
}

run()
  .then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
  )
  .finally(() => port.close());
