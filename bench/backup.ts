// backup: a 1 GiB source (an encrypted console database of probe results, about a third, plus log
// and JSON files and incompressible recordings), backed up, verified and restored through
// runInWorker, as the console does. Reports throughput, the database's compression, the peak RSS of
// the whole process and the event-loop delay of its main thread (the one serving the UI) while the
// worker runs.
//
// Every phase starts from a cold page cache: the files it reads (the source for the floor and the
// backup, the backup file for verify and restore) are evicted with posix_fadvise(DONTNEED) and
// fincore confirms it; the figures say how much was still cached. Times are wall times of the whole
// operation, worker start to result, as a user waits for it.
//
// Measured as shipped, on one core: the whole benchmark re-runs itself under `taskset -c 0` (where
// taskset exists), so the measuring process, its worker and the libuv pool share that core; it builds the source in a separate process, then bundles its measuring half and the archive
// worker with esbuild, as scripts/build-node.mjs bundles core (archive-worker.mjs beside the bundle),
// and runs that with plain node: no tsx loader in the measured process or its worker.
//
// WATCHROOM_BENCH_BACKUP_KEEP=<folder> builds the source in that folder on the first run and reuses
// it on the next ones (it is kept), so a before/after comparison spends its time measuring.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deriveBackupKey, readBackupManifest, runInWorker, type OperationProgress } from '../src/core/backups/archive';
import { EVICTION_METHOD, evictFromPageCache, measureDiskFloor, type Eviction } from './support/disk-floor';
import { report } from './support/report';

const PINNED = 'WATCHROOM_BENCH_PINNED';
const MEASURE = 'WATCHROOM_BENCH_BACKUP_SOURCE';
/** A folder to build the source in once and reuse on later runs (kept afterwards); a fresh temporary one by default. */
const KEEP_SOURCE = 'WATCHROOM_BENCH_BACKUP_KEEP';
/** What a run adds to the source's folder; removed after it, so a kept source is the same for the next run. */
const MADE_BY_A_RUN = ['bundle', 'backups', 'restored'];
const MiB = 1024 * 1024;
const script = fileURLToPath(import.meta.url);

interface BuiltSource {
  root: string;
  databasePath: string;
  databaseKeyHex: string;
  folder: string;
  databaseBytes: number;
  rows: number;
  fileBytes: number;
}

/** The benchmark's own process: pins itself, builds the source and the bundle, runs the measurement. */
async function prepareAndRun(): Promise<number> {
  if (process.env[PINNED] === undefined && process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0) {
    return (
      spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, script], {
        stdio: 'inherit',
        env: { ...process.env, [PINNED]: '1' },
      }).status ?? 1
    );
  }
  const kept = process.env[KEEP_SOURCE];
  const root = kept ?? mkdtempSync(join(tmpdir(), 'watchroom-bench-backup-'));
  try {
    const source = kept === undefined ? buildSource(root) : keptSource(root);

    const bundleDir = join(root, 'bundle');
    const { build } = await import('esbuild');
    const resolveFromRepo = createRequire(import.meta.url);
    await build({
      entryPoints: {
        backup: script,
        'archive-worker': fileURLToPath(new URL('../src/core/backups/archive/worker-entry.ts', import.meta.url)),
      },
      outdir: bundleDir,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
      // The native driver stays where npm put it; everything else goes into the bundle.
      plugins: [
        {
          name: 'native-driver',
          setup: (b) =>
            b.onResolve({ filter: /^(better-sqlite3|esbuild)$/ }, (args) => ({ path: resolveFromRepo.resolve(args.path), external: true })),
        },
      ],
    });
    return (
      spawnSync(process.execPath, [join(bundleDir, 'backup.mjs')], {
        stdio: 'inherit',
        env: { ...process.env, [MEASURE]: JSON.stringify(source) },
      }).status ?? 1
    );
  } finally {
    if (kept === undefined) rmSync(root, { recursive: true, force: true });
    else for (const made of MADE_BY_A_RUN) rmSync(join(root, made), { recursive: true, force: true });
  }
}

function buildSource(root: string): BuiltSource {
  const databaseKeyHex = randomBytes(32).toString('hex');
  const built = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL('./support/backup-source.ts', import.meta.url)), root, databaseKeyHex],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (built.status !== 0) throw new Error('building the benchmark source failed');
  return { root, databaseKeyHex, ...(JSON.parse(built.stdout) as Omit<BuiltSource, 'root' | 'databaseKeyHex'>) };
}

/**
 * The source in a kept folder: built there by the first run, reused by the next ones. Building it
 * takes longer than measuring; reused, before/after runs also back up the very same bytes.
 */
function keptSource(root: string): BuiltSource {
  const description = join(root, 'source.json');
  // Leftovers of a run that was stopped half-way.
  for (const made of MADE_BY_A_RUN) rmSync(join(root, made), { recursive: true, force: true });
  if (existsSync(description)) return JSON.parse(readFileSync(description, 'utf8')) as BuiltSource;
  mkdirSync(root, { recursive: true });
  const source = buildSource(root);
  writeFileSync(description, JSON.stringify(source));
  return source;
}

/** What was read from disk in a phase, and what fincore still found cached when it started. */
function cacheFigures(phase: string, eviction: Eviction) {
  return {
    [`cached_before_${phase}`]: {
      value: eviction.residentAfter / MiB,
      unit: `MiB of ${(eviction.bytes / MiB).toFixed(0)} MiB in ${eviction.files} files still cached (${EVICTION_METHOD})`,
      target: '0',
    },
  };
}

/** The histogram records the time between its timer's ticks; the delay is what exceeds the interval. */
const LOOP_SAMPLE_MS = 5;

/** The measured process: main thread plus one worker per operation, as in the console. */
async function measure(source: BuiltSource): Promise<void> {
  let sampledPeak = 0;
  let operationPeak = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    sampledPeak = Math.max(sampledPeak, rss);
    operationPeak = Math.max(operationPeak, rss);
  }, 20);
  const timed = async <T>(run: () => Promise<T>) => {
    operationPeak = process.memoryUsage().rss;
    const delay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
    delay.enable();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const value = await run();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    delay.disable();
    const lateMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_SAMPLE_MS);
    return {
      value,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayP99Ms: lateMs(delay.percentile(99)),
      loopDelayMaxMs: lateMs(delay.max),
      peakRssMB: operationPeak / 1e6,
    };
  };

  const databaseKey = Buffer.from(source.databaseKeyHex, 'hex');
  const key = await deriveBackupKey('bench passphrase, long enough to be real');
  const rssBefore = process.memoryUsage().rss;
  const destination = join(source.root, 'backups');
  mkdirSync(destination);
  // The floor and every operation start from a cold page cache, as a nightly backup does.
  const floor = measureDiskFloor([source.databasePath, source.folder], destination);
  const evictedBeforeBackup = evictFromPageCache([source.databasePath, source.folder]);
  const backup = await timed(() =>
    runInWorker('backup', {
      destination,
      key,
      database: { path: source.databasePath, key: databaseKey },
      folders: [{ path: source.folder }],
      label: 'bench',
    }),
  );
  const evictedBeforeVerify = evictFromPageCache([backup.value.file]);
  const verify = await timed(() => runInWorker('verify', { file: backup.value.file, key }));
  // The database's check runs inside the restore, beside the files still restoring; only the wait on
  // the check alone (the 'checking' phase, once every entry is written) is timed from the phase
  // reports and left out of restore_rate. What the check takes from the lanes stays in.
  let checkStartedAt = 0;
  let checkSeconds = 0;
  const onRestoreProgress = (progress: OperationProgress) => {
    if (progress.phase === 'checking') checkStartedAt = performance.now();
    else if (checkStartedAt > 0) {
      checkSeconds += (performance.now() - checkStartedAt) / 1000;
      checkStartedAt = 0;
    }
  };
  const evictedBeforeRestore = evictFromPageCache([backup.value.file]);
  const restore = await timed(() =>
    runInWorker(
      'restore',
      { file: backup.value.file, key, target: join(source.root, 'restored'), databaseKey: randomBytes(32) },
      { onProgress: onRestoreProgress },
    ),
  );
  clearInterval(sampler);

  const manifest = await readBackupManifest(backup.value.file, key);
  const database = manifest.entries.find((entry) => entry.kind === 'database');
  const files = manifest.entries.filter((entry) => entry.kind === 'file');
  const sourceMiB = backup.value.bytes / MiB;
  const restoreRate = sourceMiB / (restore.seconds - checkSeconds);
  report('backup', {
    source: { value: sourceMiB, unit: 'MiB' },
    database_rows: { value: source.rows, unit: 'rows' },
    backup_rate: {
      value: sourceMiB / backup.seconds,
      unit: "MiB/s (cold source, one core; the source's quick_check included)",
      target: '>= 150',
    },
    backup_cpu_seconds: { value: backup.cpuSeconds, unit: 's of CPU, whole process (worker, main thread, libuv pool)' },
    verify_rate: { value: sourceMiB / verify.seconds, unit: 'MiB/s' },
    // Restore with authentication: what the target names. The wait on the database check
    // alone at its end is left out; the rate with it is reported too, so the two can be read separately.
    restore_rate: {
      value: restoreRate,
      unit: 'MiB/s (cold backup file, one core; every frame authenticated, database re-keyed, all fsynced)',
      target: '>= 225',
    },
    restore_cpu_seconds: { value: restore.cpuSeconds, unit: 's of CPU, whole process, the database check included' },
    disk_floor_rate: {
      value: floor.mibPerSecond,
      unit: 'MiB/s (read the cold source, write as many bytes, fsync)',
    },
    ...cacheFigures('floor', floor.eviction),
    ...cacheFigures('backup', evictedBeforeBackup),
    ...cacheFigures('verify', evictedBeforeVerify),
    ...cacheFigures('restore', evictedBeforeRestore),
    backup_of_disk_floor: { value: sourceMiB / backup.seconds / floor.mibPerSecond, unit: 'x disk floor', target: '>= 0.25' },
    restore_of_disk_floor: { value: restoreRate / floor.mibPerSecond, unit: 'x disk floor', target: '>= 0.35' },
    restore_rate_with_database_check: {
      value: sourceMiB / restore.seconds,
      unit: 'MiB/s (the same, and the restored database checked before it is reported good)',
    },
    database_check_seconds: {
      value: checkSeconds,
      unit: "s waited on the database check alone, after every entry was written (read back direct and compared with what was written, schema read, then a sample of pages' HMAC: the backup ran quick_check on its source)",
    },
    database_compression_ratio: { value: (database?.size ?? 0) / (database?.storedBytes ?? 1), unit: 'x', target: '>= 2' },
    files_compression_ratio: {
      value: files.reduce((sum, e) => sum + e.size, 0) / files.reduce((sum, e) => sum + e.storedBytes, 0),
      unit: 'x',
    },
    backup_file: { value: backup.value.fileBytes / MiB, unit: 'MiB' },
    peak_rss: {
      value: Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024) / 1e6,
      unit: 'MB (whole process: main thread and worker, all three runs)',
      target: '<= 256',
    },
    peak_rss_backup: { value: backup.peakRssMB, unit: 'MB (sampled during the backup)' },
    peak_rss_restore: { value: restore.peakRssMB, unit: 'MB (sampled during the restore)' },
    rss_before: { value: rssBefore / 1e6, unit: 'MB (before the first run)' },
    ui_loop_delay_p99: { value: backup.loopDelayP99Ms, unit: 'ms (main thread, during the backup)', target: '<= 10' },
    ui_loop_delay_max: { value: backup.loopDelayMaxMs, unit: 'ms (main thread, during the backup)' },
    ui_loop_delay_p99_restore: { value: restore.loopDelayP99Ms, unit: 'ms (main thread, during the restore)' },
    cores: { value: availableParallelism(), unit: 'cores this process may run on (the whole bench runs under taskset -c 0)' },
  });
}

const measured = process.env[MEASURE];
if (measured === undefined) process.exitCode = await prepareAndRun();
else await measure(JSON.parse(measured) as BuiltSource);
