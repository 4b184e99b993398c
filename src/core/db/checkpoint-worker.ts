// Runs WAL checkpoints on a connection of its own, in a worker thread, so copying the WAL back
// into the encrypted database never stalls the writer or the event loop. Self-contained (Node
// strips its types at load), because it runs from source in tests and from dist/ in the app.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointWorkerData {
  path: string;
  keyHex: string;
  intervalMs: number;
}

const { path, keyHex, intervalMs } = workerData as CheckpointWorkerData;
const db = new Database(path);
db.pragma(`cipher='sqlcipher'`);
db.pragma('legacy=4');
db.pragma(`key="x'${keyHex}'"`);
db.pragma('busy_timeout = 1000');
// As core's own connection: nothing this connection spills goes to disk in plaintext.
db.pragma('temp_store = MEMORY');

const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (result && result.log > 0 && result.log === result.checkpointed) {
      // Everything is in the database: let the next writer start the WAL from the beginning.
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
