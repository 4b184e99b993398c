// A process that ingests probe results as fast as it can and reports every commit on stdout,
// so a test can kill -9 it at a random moment and check what survived.
import { systemClock, systemTimers } from '../../src/shared/domain/clock';
import { createRepositories, openDatabase } from '../../src/core/db';
import { ResultWriter } from '../../src/core/probes';
import { upStateRow } from './monitor-state';

const [path = '', keyHex = ''] = process.argv.slice(2);
const store = openDatabase(path, Buffer.from(keyHex, 'hex'));
const repos = createRepositories(store);
let committed = 0;
const writer = new ResultWriter(
  repos,
  systemClock,
  systemTimers,
  { maxBatchRows: 1000, maxBatchDelayMs: 250, rollupFlushMs: 200, rollupChunkRows: 20, rollupChunkGapMs: 0 },
  (stats) => {
    if (stats.kind !== 'batch') return;
    committed += stats.rows;
    process.stdout.write(`committed ${committed}\n`);
  },
);
function burst(): void {
  for (let i = 0; i < 500; i += 1) {
    const monitorId = `m${i % 50}`;
    writer.push({ monitorId, at: Date.now(), ok: i % 7 !== 0, latencyMs: i % 100, error: null }, upStateRow(monitorId), null);
  }
  setImmediate(burst);
}
burst();
