// store-open: opening the encrypted store with its raw 32-byte key plus the first read.
// A raw key skips SQLCipher's PBKDF2, which is what keeps this in the low milliseconds.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRepositories, openDatabase } from '../src/core/db';
import { durationPerReference, measureReferenceMs, referenceFigure, scaledTarget } from './support/reference';
import { percentile, report } from './support/report';

const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-'));
const path = join(dir, 'watchroom.db');
const key = randomBytes(32);
const setup = openDatabase(path, key);
const repos = createRepositories(setup);
repos.transaction(() => {
  for (let i = 0; i < 2000; i += 1) repos.settings.writeMany({ [`bench-${i}`]: { value: i } }, i);
});
setup.close();

const RUNS = 200;
const keyAndRead: number[] = [];
const fullOpen: number[] = [];
for (let i = 0; i < RUNS; i += 1) {
  const t0 = performance.now();
  const sqlite = new Database(path);
  sqlite.pragma(`cipher='sqlcipher'`);
  sqlite.pragma('legacy=4');
  sqlite.pragma(`key="x'${key.toString('hex')}'"`);
  sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  keyAndRead.push(performance.now() - t0);
  sqlite.close();

  const t1 = performance.now();
  const store = openDatabase(path, key);
  fullOpen.push(performance.now() - t1);
  store.close();
}
rmSync(dir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('store-open', {
  open_key_first_read_p50: { value: percentile(keyAndRead, 50), unit: 'ms' },
  open_key_first_read_p95: { value: percentile(keyAndRead, 95), unit: 'ms', target: '< 5' },
  open_key_first_read_p95_per_reference: durationPerReference(percentile(keyAndRead, 95), referenceMs, scaledTarget('<', 5, 'duration')),
  reference: referenceFigure(referenceMs),
  open_with_pragmas_and_migration_check_p50: { value: percentile(fullOpen, 50), unit: 'ms' },
  open_with_pragmas_and_migration_check_p95: { value: percentile(fullOpen, 95), unit: 'ms' },
});
