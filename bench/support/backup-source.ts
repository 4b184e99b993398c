// Builds the 1 GiB source of the backup benchmark, in a process of its own so that building it
// does not count in the benchmark's peak RSS: an encrypted console database of probe results
// (about 350 MB), then log and JSON files (compressible) and recordings (incompressible) for the
// rest. Prints one JSON line describing what it made.
//   tsx bench/support/backup-source.ts <folder> <database key hex> [total bytes]
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/db';

const [root = '', keyHex = '', totalArg] = process.argv.slice(2);
const TOTAL_BYTES = Number(totalArg ?? 1024 ** 3);
const DATABASE_BYTES = Math.round(TOTAL_BYTES * 0.33);
const MONITORS = 600;
const ROWS_PER_TRANSACTION = 250_000;

/** A small deterministic generator: realistic variety without the cost of crypto randomness. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const monitorIds = Array.from({ length: MONITORS }, () => randomBytes(8).toString('base64url'));
const ERRORS = [
  'connect ECONNREFUSED 10.20.4.17:554',
  'timeout after 5000 ms',
  'TLS handshake failed: certificate has expired',
  'HTTP 503 Service Unavailable',
  'getaddrinfo ENOTFOUND nvr-07.site.local',
];

function buildDatabase(path: string): number {
  const store = openDatabase(path, Buffer.from(keyHex, 'hex'));
  const insert = store.sqlite.prepare('INSERT INTO probe_results (monitor_id, at, ok, latency_ms, error) VALUES (?, ?, ?, ?, ?)');
  let at = Date.UTC(2025, 0, 1);
  let rows = 0;
  // Each batch is checkpointed into the file, so its size is the database's size.
  while (statSync(path).size < DATABASE_BYTES) {
    store.sqlite.transaction(() => {
      for (let i = 0; i < ROWS_PER_TRANSACTION; i += 1) {
        at += 1 + Math.floor(random() * 100);
        const monitor = monitorIds[Math.floor(random() * MONITORS)] ?? '';
        const failed = random() < 0.03;
        const latency = Math.round((12 + random() * 180 + (random() < 0.05 ? random() * 900 : 0)) * 100) / 100;
        insert.run(
          monitor,
          at,
          failed ? 0 : 1,
          failed ? null : latency,
          failed ? (ERRORS[Math.floor(random() * ERRORS.length)] ?? null) : null,
        );
      }
    })();
    rows += ROWS_PER_TRANSACTION;
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
  store.close();
  return rows;
}

function logBlock(bytes: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < bytes) {
    const ts = new Date(Date.UTC(2025, 2, 1) + Math.floor(random() * 86_400_000)).toISOString();
    const camera = `cam-${String(Math.floor(random() * 64)).padStart(2, '0')}`;
    const line =
      random() < 0.9
        ? `${ts} INFO  probe ${camera} rtsp://10.20.${Math.floor(random() * 8)}.${Math.floor(random() * 250)}:554/stream1 ok latency=${(random() * 200).toFixed(1)}ms frames=${Math.floor(random() * 30)}\n`
        : `${ts} WARN  probe ${camera} ${ERRORS[Math.floor(random() * ERRORS.length)]} retry=${Math.floor(random() * 3)}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
}

function jsonBlock(bytes: number): string {
  const records: string[] = [];
  let length = 0;
  while (length < bytes) {
    const record = JSON.stringify({
      id: randomBytes(8).toString('base64url'),
      monitorId: monitorIds[Math.floor(random() * MONITORS)],
      at: Date.UTC(2025, 2, 1) + Math.floor(random() * 86_400_000),
      status: random() < 0.95 ? 'up' : 'down',
      latencyMs: Math.round(random() * 20000) / 100,
      checks: { tcp: true, tls: random() < 0.5, http: Math.floor(random() * 4) === 0 ? 503 : 200 },
    });
    records.push(record);
    length += record.length + 2;
  }
  return `[\n${records.join(',\n')}\n]\n`;
}

/** Writes `bytes` to `path` in 1 MiB blocks from `block`, so no file is ever held whole. */
function writeBlocks(path: string, bytes: number, block: (size: number) => string | Buffer): number {
  const fd = openSync(path, 'w');
  let written = 0;
  while (written < bytes) {
    const data = block(Math.min(1024 * 1024, bytes - written));
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    writeSync(fd, buffer, 0, Math.min(buffer.length, bytes - written));
    written += Math.min(buffer.length, bytes - written);
  }
  closeSync(fd);
  return written;
}

const databasePath = join(root, 'watchroom.db');
const rows = buildDatabase(databasePath);
const databaseBytes = statSync(databasePath).size;
const folder = join(root, 'site-data');
const remaining = TOTAL_BYTES - databaseBytes;
let fileBytes = 0;
const compressible = Math.floor(remaining / 2);
mkdirSync(join(folder, 'logs'), { recursive: true });
mkdirSync(join(folder, 'exports'), { recursive: true });
mkdirSync(join(folder, 'recordings'), { recursive: true });
mkdirSync(join(folder, 'snapshots'), { recursive: true });
const LOG_FILE = 16 * 1024 * 1024;
for (let i = 0; fileBytes < compressible * 0.65; i += 1)
  fileBytes += writeBlocks(join(folder, 'logs', `probe-${i}.log`), LOG_FILE, logBlock);
for (let i = 0; fileBytes < compressible; i += 1)
  fileBytes += writeBlocks(join(folder, 'exports', `results-${i}.json`), Math.min(8 * 1024 * 1024, compressible - fileBytes), jsonBlock);
for (let i = 0; i < 400; i += 1) {
  const size = 40_000 + Math.floor(random() * 120_000);
  writeFileSync(join(folder, 'snapshots', `still-${i}.jpg`), randomBytes(size));
  fileBytes += size;
}
const RECORDING = 48 * 1024 * 1024;
for (let i = 0; fileBytes < remaining; i += 1)
  fileBytes += writeBlocks(join(folder, 'recordings', `clip-${i}.mp4`), Math.min(RECORDING, remaining - fileBytes), (size) =>
    randomBytes(size),
  );

process.stdout.write(`${JSON.stringify({ databasePath, folder, databaseBytes, rows, fileBytes })}\n`);
