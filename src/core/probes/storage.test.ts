import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { upStateRow } from '../../../test/support/monitor-state';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase, type RollupLevel } from '../db';
import { pruneHistory, ResultWriter, type CommitStats } from './index';
import { bucketOf, ROLLUP_LEVELS } from './rollups';
import { DEFAULT_WRITER_OPTIONS, RETRY_AFTER_FAILURE_MS, RollupCountingBehindError } from './writer';
import { createQueries } from './queries';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function storeWithMonitors(count: number) {
  const path = join(tempDir(), 'w.db');
  const key = randomBytes(32);
  const store = openDatabase(path, key);
  const repos = createRepositories(store);
  repos.transaction(() => {
    repos.monitoring.insertSite({ id: 's', name: 'Site', address: null, tags: [], maintenance: false, createdAt: 0, updatedAt: 0 });
    for (let i = 0; i < count; i += 1) {
      repos.monitoring.insertMonitor({
        id: `m${i}`,
        siteId: 's',
        name: `M${i}`,
        kind: 'tcp',
        probe: { kind: 'tcp', host: 'h', port: 1 },
        intervalSeconds: 30,
        timeoutSeconds: 10,
        failuresToDown: 2,
        successesToUp: 1,
        warnLatencyMs: 500,
        critLatencyMs: 2000,
        parentId: null,
        role: 'normal',
        tags: [],
        paused: false,
        maintenance: false,
        heartbeatToken: null,
        createdAt: 0,
        updatedAt: 0,
      });
    }
  });
  return { store, repos, path, key };
}

/** Every (level, monitor, bucket) whose stored roll-up count is not its number of raw rows. */
type MonitoringRepository = ReturnType<typeof createRepositories>['monitoring'];

/** The repository with roll-up reads that throw whenever `fails(level)` says so (asked once per read); the database stays real. */
function withFailingRollupReads(monitoring: MonitoringRepository, fails: (level: RollupLevel) => boolean): MonitoringRepository {
  return {
    ...monitoring,
    readRollup: (level, monitorId, bucket) => {
      if (fails(level)) throw new Error('disk I/O error');
      return monitoring.readRollup(level, monitorId, bucket);
    },
  };
}

/** `count` results of monitor m0, one every 5 s, each ok in 20 ms. */
function probeM0Every5s(writer: ResultWriter, clock: FakeClock, count: number): void {
  for (let i = 0; i < count; i += 1) {
    writer.push({ monitorId: 'm0', at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
    clock.advance(5000);
  }
}

function rollupsNotMatchingRawRows(store: ReturnType<typeof openDatabase>, monitorIds: string[]): string[] {
  const mismatches: string[] = [];
  const raw = store.sqlite.prepare('SELECT monitor_id AS monitorId, at FROM probe_results').all() as { monitorId: string; at: number }[];
  for (const level of ROLLUP_LEVELS) {
    const counts = new Map<string, { raw: number; stored: number }>();
    const countOf = (monitorId: string, bucket: number) => {
      const id = `${level} ${monitorId} ${new Date(bucket).toISOString()}`;
      const count = counts.get(id) ?? { raw: 0, stored: 0 };
      counts.set(id, count);
      return count;
    };
    for (const row of raw) countOf(row.monitorId, bucketOf(level, row.at)).raw += 1;
    for (const monitorId of monitorIds)
      for (const row of createRepositories(store).monitoring.rollupSeries(level, monitorId, 0))
        countOf(monitorId, row.bucket).stored = row.count;
    for (const [id, { raw, stored }] of counts) if (raw !== stored) mismatches.push(`${id}: ${raw} raw, ${stored} stored`);
  }
  return mismatches;
}

describe('the result writer', () => {
  it('writes results in batches of at most 1,000 rows, or after 250 ms, one transaction each', () => {
    const clock = new FakeClock();
    const { repos, store } = storeWithMonitors(10);
    const commits: CommitStats[] = [];
    const writer = new ResultWriter(
      repos,
      clock,
      clock,
      { maxBatchRows: 1000, maxBatchDelayMs: 250, rollupFlushMs: 5000, rollupChunkRows: 500, rollupChunkGapMs: 0 },
      (s) => {
        if (s.kind === 'batch') commits.push(s);
      },
    );
    for (let i = 0; i < 2500; i += 1)
      writer.push({ monitorId: `m${i % 10}`, at: clock.now(), ok: true, latencyMs: 10, error: null }, upStateRow(`m${i % 10}`), null);
    expect(commits.map((c) => c.rows)).toEqual([1000, 1000]);
    clock.advance(249);
    expect(commits).toHaveLength(2);
    clock.advance(1);
    expect(commits.map((c) => c.rows)).toEqual([1000, 1000, 500]);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get()).toEqual({ n: 2500 });
    writer.close();
  });

  it('keeps exact minute, hour and day roll-ups, and resumes them exactly after a crash in the middle of a flush', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos, store, path, key } = storeWithMonitors(1);
    // Roll-ups reach the disk at 40 and 80 minutes, one row per transaction; the crash comes
    // two transactions into a third flush, so some rows are stored and the watermark is not.
    let rollupChunks = 0;
    let crashing = false;
    const writer = new ResultWriter(
      repos,
      clock,
      clock,
      { maxBatchRows: 1000, maxBatchDelayMs: 250, rollupFlushMs: 40 * 60_000, rollupChunkRows: 1, rollupChunkGapMs: 0 },
      (s) => {
        if (s.kind !== 'rollups' || !crashing) return;
        rollupChunks += 1;
        if (rollupChunks === 2) {
          store.close();
          throw new Error('simulated crash');
        }
      },
    );
    // 110 minutes of results every 30 s; one in ten fails; latency cycles 10..100 ms.
    for (let i = 0; i < 220; i += 1) {
      writer.push(
        { monitorId: 'm0', at: clock.now(), ok: i % 10 !== 0, latencyMs: 10 + (i % 10) * 10, error: null },
        upStateRow('m0'),
        null,
      );
      clock.advance(30_000);
    }
    crashing = true;
    expect(() => clock.advance(10 * 60_000)).toThrow('simulated crash');
    expect(rollupChunks).toBe(2);

    // The first writer's timers die with it (its clock no longer moves); a new start has its own.
    const after = new FakeClock(clock.now());
    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, after, after);
    for (let i = 0; i < 20; i += 1) {
      writer2.push({ monitorId: 'm0', at: after.now(), ok: true, latencyMs: 50, error: null }, upStateRow('m0'), null);
      after.advance(30_000);
    }
    writer2.flushAll();
    const hours = repos2.monitoring.rollupSeries('hour', 'm0', 0);
    // 10:00-10:59 and 11:00-11:49 before the crash, 12:00-12:09 after the restart.
    expect(hours.map((h) => [h.count, h.upCount])).toEqual([
      [120, 108],
      [100, 90],
      [20, 20],
    ]);
    const day = repos2.monitoring.rollupSeries('day', 'm0', 0);
    expect(day).toMatchObject([{ count: 240, upCount: 218, latencyMin: 10, latencyMax: 100 }]);
    const minutes = repos2.monitoring.rollupSeries('minute', 'm0', 0);
    expect(minutes).toHaveLength(120);
    expect(minutes.reduce((sum, m) => sum + m.count, 0)).toBe(240);
    // p95 of 10..100 ms is 100 ms, estimated within the histogram's ~12 %.
    expect(hours[0]?.latencyP95).toBeGreaterThan(88);
    expect(hours[0]?.latencyP95).toBeLessThanOrEqual(100);
    writer2.close();
    reopened.close();
  });
});

describe('the result writer, new roll-ups and the refresh', () => {
  it('stores a new roll-up within seconds, rewrites a stored one only at the refresh, and counts every result once after a crash between them', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos, store, path, key } = storeWithMonitors(1);
    let rollupRowsWritten = 0;
    const writer = new ResultWriter(
      repos,
      clock,
      clock,
      { maxBatchRows: 1000, maxBatchDelayMs: 250, rollupFlushMs: 5000, rollupRefreshMs: 60_000, rollupChunkRows: 100, rollupChunkGapMs: 0 },
      (s) => {
        if (s.kind === 'rollups') rollupRowsWritten += s.rows;
      },
    );
    const probeEvery5s = (count: number) => probeM0Every5s(writer, clock, count);
    const counts = (level: 'minute' | 'hour' | 'day', from = repos) => from.monitoring.rollupSeries(level, 'm0', 0).map((r) => r.count);
    probeEvery5s(1);
    expect(counts('minute')).toEqual([1]);
    expect(counts('hour')).toEqual([1]);
    expect(counts('day')).toEqual([1]);
    expect(rollupRowsWritten).toBe(3);
    probeEvery5s(10);
    // 10:00:55: eleven results, not one roll-up row written since, and the stored rows still say one.
    expect(rollupRowsWritten).toBe(3);
    expect(counts('minute')).toEqual([1]);
    probeEvery5s(1);
    expect(counts('minute')).toEqual([12]);
    expect(counts('hour')).toEqual([12]);

    // Six results in 10:01, its new minute stored at once; then the process dies before the next refresh.
    probeEvery5s(6);
    expect(counts('minute')).toEqual([12, 1]);
    expect(counts('hour')).toEqual([12]);
    store.close();

    const after = new FakeClock(clock.now());
    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, after, after);
    writer2.flushAll();
    expect(counts('minute', repos2)).toEqual([12, 6]);
    expect(counts('hour', repos2)).toEqual([18]);
    expect(counts('day', repos2)).toEqual([18]);
    writer2.close();
    reopened.close();
  });
});

describe('the result writer, a monitor crossing midnight', () => {
  it('counts each result in its own minute, hour and day, a late one from before midnight included, and resumes them after a retire', () => {
    const midnight = Date.UTC(2026, 10, 24);
    const clock = new FakeClock(midnight - 60_000);
    const { repos } = storeWithMonitors(1);
    const writer = new ResultWriter(repos, clock, clock);
    const push = (at: number, ok = true) => writer.push({ monitorId: 'm0', at, ok, latencyMs: 20, error: null }, upStateRow('m0'), null);
    const rows = (level: 'minute' | 'hour' | 'day') =>
      repos.monitoring.rollupSeries(level, 'm0', 0).map((r) => [r.bucket - midnight, r.count, r.upCount]);
    // 23:59:00 to 00:00:40 every 20 s, then one timed 23:59:50 (the clock was set back) that fails.
    for (let at = midnight - 60_000; at <= midnight + 40_000; at += 20_000) push(at);
    push(midnight - 10_000, false);
    writer.flushAll();
    expect(rows('minute')).toEqual([
      [-60_000, 4, 3],
      [0, 3, 3],
    ]);
    expect(rows('hour')).toEqual([
      [-HOUR, 4, 3],
      [0, 3, 3],
    ]);
    expect(rows('day')).toEqual([
      [-DAY, 4, 3],
      [0, 3, 3],
    ]);

    // Retired and restored: its open buckets go on from what is stored, not from nothing.
    writer.retire('m0');
    push(midnight + 50_000);
    writer.flushAll();
    expect(rows('minute')).toEqual([
      [-60_000, 4, 3],
      [0, 4, 4],
    ]);
    expect(rows('hour').at(-1)).toEqual([0, 4, 4]);
    expect(rows('day').at(-1)).toEqual([0, 4, 4]);
    writer.close();
  });
});

describe('the result writer, buckets that closed, left memory and came back', () => {
  const T = Date.UTC(2026, 10, 23, 10, 0, 0);
  const minuteCounts = (from: ReturnType<typeof createRepositories>) =>
    from.monitoring.rollupSeries('minute', 'm0', 0).map((r) => [r.bucket - T, r.count]);

  /** m0's 10:00 is closed and queued at the 10:02 refresh, takes a late result, and its write fails. */
  function lateResultsIntoAMinuteWhoseWriteFails() {
    const clock = new FakeClock(T);
    const { repos, store, path, key } = storeWithMonitors(2);
    const options = {
      maxBatchRows: 1,
      maxBatchDelayMs: 250,
      rollupFlushMs: 5000,
      rollupRefreshMs: 60_000,
      rollupChunkRows: 1,
      rollupChunkGapMs: 10,
    };
    const writer = new ResultWriter(repos, clock, clock, options);
    const push = (monitorId: string, at: number) =>
      writer.push({ monitorId, at, ok: true, latencyMs: 20, error: null }, upStateRow(monitorId), null);
    push('m0', T + 10_000);
    clock.advance(2 * 60_000 - 2000);
    push('m1', clock.now());
    push('m0', T + 30_000); // late: 10:00 is closed but still in memory
    clock.advance(2000); // 10:02:00, the refresh: m0's 10:00 is queued behind m1's minute
    push('m0', T + 40_000); // later still, before m0's 10:00 is written
    vi.spyOn(repos.monitoring, 'writeRollups').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    clock.advance(10); // m0's 10:00 fails and waits for the next refresh
    clock.advance(5000); // a plain flush, which writes only roll-ups not yet on disk
    return { clock, repos, store, path, key, writer };
  }

  it('keeps every late result of a closed minute whose queued write failed, at the next refresh', () => {
    const { clock, repos, writer } = lateResultsIntoAMinuteWhoseWriteFails();
    clock.advance(60_000);
    writer.flushAll();
    expect(minuteCounts(repos)[0]).toEqual([0, 3]);
    writer.close();
  });

  it('keeps every late result of a closed minute whose queued write failed, after a crash before the next refresh', () => {
    const { clock, store, path, key } = lateResultsIntoAMinuteWhoseWriteFails();
    store.close(); // the process dies before the next refresh

    const after = new FakeClock(clock.now());
    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, after, after);
    writer2.flushAll();
    expect(minuteCounts(repos2)[0]).toEqual([0, 3]);
    writer2.close();
    reopened.close();
  });

  it('adds to what a minute already stored when the clock is set back an hour, instead of starting it again from zero', () => {
    const clock = new FakeClock(T);
    const { repos } = storeWithMonitors(1);
    const writer = new ResultWriter(repos, clock, clock);
    const push = () => writer.push({ monitorId: 'm0', at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
    while (clock.now() < T + HOUR + 30_000) {
      push();
      clock.advance(5000);
    }
    clock.setBack(HOUR); // 10:00:30 again: 10:00 and 10:01 are stored and no longer in memory
    for (let i = 0; i < 12; i += 1) {
      push();
      clock.advance(5000);
    }
    writer.flushAll();
    expect(minuteCounts(repos).slice(0, 2)).toEqual([
      [0, 12 + 6],
      [60_000, 12 + 6],
    ]);
    expect(repos.monitoring.rollupSeries('hour', 'm0', 0)[0]?.count).toBe(12 * 60 + 12);
    writer.close();
  });

  it('keeps the first half of the minute in which the disk filled, once the held results are written', () => {
    const clock = new FakeClock(T);
    const { repos } = storeWithMonitors(1);
    const writer = new ResultWriter(repos, clock, clock);
    const push = () => writer.push({ monitorId: 'm0', at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
    for (let i = 0; i < 6; i += 1) {
      push();
      clock.advance(5000);
    }
    const diskFull = vi.spyOn(repos.monitoring, 'insertResults').mockImplementation(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    // 10:00:30 to 10:03: the refresh at 10:01 stores 10:00 (six results) and it leaves memory.
    while (clock.now() < T + 3 * 60_000) {
      push();
      clock.advance(5000);
    }
    diskFull.mockRestore();
    clock.advance(5000);
    writer.flushAll();
    expect(minuteCounts(repos).slice(0, 3)).toEqual([
      [0, 12],
      [60_000, 12],
      [120_000, 12],
    ]);
    writer.close();
  });

  it('adds to the rows an earlier run stored when core restarts with the clock behind', () => {
    const clock = new FakeClock(T);
    const { repos, store, path, key } = storeWithMonitors(1);
    const writer = new ResultWriter(repos, clock, clock);
    for (let i = 0; i < 12; i += 1) {
      writer.push({ monitorId: 'm0', at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
      clock.advance(5000);
    }
    writer.close();
    store.close();

    const behind = new FakeClock(T - 5 * 60_000); // then moved on, past 10:00, by time sync or the operator
    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, behind, behind);
    while (behind.now() < T + 10_000) {
      writer2.push({ monitorId: 'm0', at: behind.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
      behind.advance(5000);
    }
    writer2.flushAll();
    expect(minuteCounts(repos2).at(-1)).toEqual([0, 14]);
    expect(repos2.monitoring.rollupSeries('hour', 'm0', 0).map((r) => [r.bucket - T, r.count])).toEqual([
      [-HOUR, 60],
      [0, 14],
    ]);
    writer2.close();
    reopened.close();
  });
});

describe('the result writer, a monitor retired while writes fail', () => {
  it('writes its roll-ups at the next refresh after the write at retire failed, and counts its held results as dropped', () => {
    const T = Date.UTC(2026, 10, 23, 10, 0, 0);
    const clock = new FakeClock(T);
    const { repos } = storeWithMonitors(2);
    const writer = new ResultWriter(repos, clock, clock);
    const push = (monitorId: string) =>
      writer.push({ monitorId, at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow(monitorId), null);
    for (let i = 0; i < 6; i += 1) {
      push('m0');
      push('m1');
      clock.advance(5000);
    }
    // The disk fills: two more results each are held, and the roll-up write at retire fails too.
    const diskFull = vi.spyOn(repos.monitoring, 'insertResults').mockImplementation(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    vi.spyOn(repos.monitoring, 'writeRollups').mockImplementationOnce(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    push('m0');
    push('m1');
    clock.advance(5000);
    push('m0');
    push('m1');
    writer.retire('m0');
    expect(writer.backlog()).toMatchObject({ results: 2, droppedResults: 2 });
    diskFull.mockRestore();
    for (let i = 0; i < 12; i += 1) {
      push('m1');
      clock.advance(5000);
    }
    const hourCount = (monitorId: string) => repos.monitoring.rollupSeries('hour', monitorId, 0).map((r) => r.count);
    expect(hourCount('m0')).toEqual([6]);
    expect(hourCount('m1')).toEqual([6 + 2 + 12]);
    writer.close();
  });
});

describe('the result writer, a monitor purged during a refresh', () => {
  it('writes none of its roll-ups that the refresh had queued but not yet written', () => {
    const T = Date.UTC(2026, 10, 23, 10, 0, 0);
    const clock = new FakeClock(T);
    const { repos } = storeWithMonitors(1);
    const writer = new ResultWriter(repos, clock, clock, { ...DEFAULT_WRITER_OPTIONS, rollupChunkRows: 1 });
    for (let i = 0; i < 6; i += 1) {
      writer.push({ monitorId: 'm0', at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow('m0'), null);
      clock.advance(5000);
    }
    vi.spyOn(repos.monitoring, 'writeRollups').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    writer.retire('m0'); // its roll-ups stay dirty for the next refresh, 60 s on
    clock.advance(60_000); // the refresh has written the minute, one row per chunk; the hour and day wait 10 ms each
    repos.transaction(() => repos.monitoring.purgeMonitor('m0'));
    writer.purge('m0');
    clock.advance(1000);
    for (const level of ['minute', 'hour', 'day'] as const) expect(repos.monitoring.rollupSeries(level, 'm0', 0), level).toEqual([]);
    writer.close();
  });

  it.each([
    ['before the refresh', 0],
    ['after its first chunk', 5000],
  ])(
    'writes none of its states, purged %s: their rows would refuse a monitor that no longer exists and fail the chunk',
    (_, intoRefreshMs) => {
      const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
      const { repos } = storeWithMonitors(2);
      const errors: unknown[] = [];
      const writer = new ResultWriter(repos, clock, clock, { ...DEFAULT_WRITER_OPTIONS, rollupChunkRows: 1 }, undefined, (error) =>
        errors.push(error),
      );
      for (let i = 0; i < 11; i += 1) {
        for (const monitorId of ['m0', 'm1'])
          writer.push(
            { monitorId, at: clock.now(), ok: true, latencyMs: 20 + i, error: null },
            upStateRow(monitorId, { lastLatencyMs: 20 + i }),
            null,
          );
        clock.advance(5000);
      }
      clock.advance(intoRefreshMs); // at 5000, the refresh at 10:01 has queued roll-ups and both quiet states, and written one chunk
      repos.transaction(() => repos.monitoring.purgeMonitor('m0'));
      writer.purge('m0');
      clock.advance(6000);
      expect(errors).toEqual([]);
      expect(repos.monitoring.listStates().map((state) => [state.monitorId, state.lastLatencyMs])).toEqual([['m1', 30]]);
      writer.close();
    },
  );
});

describe('the result writer, a roll-up read that fails after its batch committed', () => {
  it('counts the rows it left behind once a read works again, so no refresh stores a watermark past a row it did not count', () => {
    const T = Date.UTC(2026, 10, 23, 10, 0, 0);
    const clock = new FakeClock(T);
    const { repos, store, path, key } = storeWithMonitors(1);
    let readsToFail = 0;
    const monitoring = withFailingRollupReads(repos.monitoring, () => {
      if (readsToFail === 0) return false;
      readsToFail -= 1;
      return true;
    });
    const errors: unknown[] = [];
    const writer = new ResultWriter({ ...repos, monitoring }, clock, clock, DEFAULT_WRITER_OPTIONS, undefined, (error) =>
      errors.push(error),
    );
    const probeEvery5s = (count: number) => probeM0Every5s(writer, clock, count);
    probeEvery5s(12);
    readsToFail = 1; // 10:01:00's result opens a new minute, and reading whether it is stored fails
    probeEvery5s(13); // through the refresh at 10:02
    const counts = (level: 'minute' | 'hour', from = repos) => from.monitoring.rollupSeries(level, 'm0', 0).map((r) => r.count);
    expect(errors).toHaveLength(1);
    expect(counts('minute')).toEqual([12, 12, 1]);
    expect(counts('hour')).toEqual([24]); // as of the refresh: 10:00:00 to 10:01:55
    store.close(); // a crash: the replay after the watermark must neither miss nor repeat a row

    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, clock, clock);
    writer2.flushAll();
    expect(counts('minute', repos2)).toEqual([12, 12, 1]);
    expect(counts('hour', repos2)).toEqual([25]);
    writer2.close();
    reopened.close();
  });
});

describe('the result writer, catching up after roll-up reads failed for a while', () => {
  it('retries every 5 s while reads fail, then counts the backlog a small page at a time and outruns results still arriving', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 50));
    const { repos, store } = storeWithMonitors(100);
    let readsFail = false;
    const pageReads: { at: number; limit: number }[] = [];
    const { resultsAfter } = repos.monitoring;
    const monitoring: typeof repos.monitoring = {
      ...withFailingRollupReads(repos.monitoring, () => readsFail),
      resultsAfter: (rowid, limit) => {
        pageReads.push({ at: clock.now(), limit });
        return resultsAfter(rowid, limit);
      },
    };
    const writer = new ResultWriter({ ...repos, monitoring }, clock, clock, { ...DEFAULT_WRITER_OPTIONS, catchUpPageRows: 20 });
    const seconds = (count: number) => {
      for (let s = 0; s < count; s += 1) {
        for (let i = 0; i < 100; i += 1)
          writer.push({ monitorId: `m${i}`, at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow(`m${i}`), null);
        clock.advance(1000);
      }
    };
    seconds(10);
    readsFail = true; // from 10:01:00, when every monitor opens a new minute
    pageReads.length = 0;
    seconds(20);
    const retries = pageReads.map((read) => read.at);
    expect(retries.length).toBeGreaterThan(1);
    retries.slice(1).forEach((at, i) => expect(at - (retries[i] ?? 0)).toBeGreaterThanOrEqual(RETRY_AFTER_FAILURE_MS));
    readsFail = false;
    pageReads.length = 0;
    seconds(10); // 100 results a second keep arriving: 1,000 more rows, on a backlog of 2,000
    expect(pageReads.length).toBeGreaterThan(100); // the backlog took over a hundred pages
    expect(pageReads.every((read) => read.limit === 20)).toBe(true);
    expect(new Set(pageReads.map((read) => read.at)).size).toBe(pageReads.length); // one page per turn of the loop
    writer.flushAll();
    const raw = store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number };
    const stored = (level: RollupLevel) => (store.sqlite.prepare(`SELECT sum(count) AS n FROM rollup_${level}`).get() as { n: number }).n;
    expect(ROLLUP_LEVELS.map(stored)).toEqual([raw.n, raw.n, raw.n]);
    writer.close();
  });
});

describe('the result writer, roll-up reads that keep failing', () => {
  it('says how many rows it has not counted, and reports the failure once an hour rather than at every retry', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos, store } = storeWithMonitors(1);
    let readsFail = false;
    const monitoring = withFailingRollupReads(repos.monitoring, () => readsFail);
    const errors: unknown[] = [];
    const writer = new ResultWriter({ ...repos, monitoring }, clock, clock, DEFAULT_WRITER_OPTIONS, undefined, (error) =>
      errors.push(error),
    );
    const probeEvery5s = (count: number) => probeM0Every5s(writer, clock, count);
    probeEvery5s(12);
    readsFail = true; // from 10:01:00, for 70 minutes: about 840 tries
    probeEvery5s(840);
    const uncounted = store.sqlite.prepare('SELECT count(*) AS n FROM probe_results WHERE at >= ?').get(Date.UTC(2026, 10, 23, 10, 1)) as {
      n: number;
    };
    expect(writer.backlog().uncountedRows).toBe(uncounted.n);
    expect(errors.map((error) => (error instanceof RollupCountingBehindError ? error.failedTries : error))).toEqual([1, 721]);
    expect(String(errors[0])).toContain('roll-up read failed');
    readsFail = false;
    probeEvery5s(2);
    expect(writer.backlog().uncountedRows).toBe(0);
    writer.close();
  });
});

describe('the result writer, hour reads that fail while results keep committing', () => {
  const monitorIds = ['m0', 'm1', 'm2'];
  /**
   * Three monitors, ten results a second, each its own batch, from 10:59:00. At 11:00:00 the first
   * result opens a minute (its read works, so the row is counted there) and an hour, whose read and
   * the next `hourReadsToFail - 1` fail: that row is left counted at one level of three.
   */
  function hourReadsFailingAt11(hourReadsToFail: number) {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 59, 0));
    const { repos, store, path, key } = storeWithMonitors(3);
    let failing = 0;
    const monitoring = withFailingRollupReads(repos.monitoring, (level) => {
      if (level !== 'hour' || failing === 0) return false;
      failing -= 1;
      return true;
    });
    const writer = new ResultWriter({ ...repos, monitoring }, clock, clock, {
      ...DEFAULT_WRITER_OPTIONS,
      maxBatchRows: 1,
      catchUpPageRows: 20,
    });
    const probe = (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const monitorId = monitorIds[i % 3] ?? 'm0';
        writer.push({ monitorId, at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow(monitorId), null);
        clock.advance(100);
      }
    };
    probe(600);
    failing = hourReadsToFail;
    probe(1200); // 11:00:00 to 11:02:00, across two refreshes
    const reopen = () => {
      store.close(); // a crash
      const reopened = openDatabase(path, key);
      const restarted = new ResultWriter(createRepositories(reopened), clock, clock, { ...DEFAULT_WRITER_OPTIONS, catchUpPageRows: 20 });
      restarted.flushAll();
      return { reopened, restarted };
    };
    return { writer, store, reopen };
  }

  it('counts the partly counted row once at every level, and every row committed while behind, over pages of catch-up', () => {
    const { writer, store, reopen } = hourReadsFailingAt11(3); // fails at 11:00:00, 11:00:05 and 11:00:10; about 150 rows behind
    writer.flushAll();
    expect(rollupsNotMatchingRawRows(store, monitorIds)).toEqual([]);
    const { reopened, restarted } = reopen();
    expect(rollupsNotMatchingRawRows(reopened, monitorIds)).toEqual([]);
    restarted.close();
    reopened.close();
  });

  it('counts every row once after a crash while still behind, the replay reading many pages', () => {
    const { store, reopen } = hourReadsFailingAt11(Number.POSITIVE_INFINITY);
    const stored = createRepositories(store).monitoring.rollupSeries('hour', 'm0', 0);
    expect(stored.map((row) => row.count)).toEqual([200]); // 10:59 only: 11:00 is never counted while reads fail
    const { reopened, restarted } = reopen();
    expect(rollupsNotMatchingRawRows(reopened, monitorIds)).toEqual([]);
    restarted.close();
    reopened.close();
  });
});

describe('the result writer, results arriving while a flush drains', () => {
  it('counts every committed raw row exactly once after a crash, though rows were written later than their flush began', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos, store, path, key } = storeWithMonitors(3);
    let rollupChunks = 0;
    let crashing = false;
    const writer = new ResultWriter(
      repos,
      clock,
      clock,
      { maxBatchRows: 1000, maxBatchDelayMs: 50, rollupFlushMs: 10 * 60_000, rollupChunkRows: 1, rollupChunkGapMs: 100 },
      (s) => {
        if (s.kind !== 'rollups' || !crashing) return;
        rollupChunks += 1;
        if (rollupChunks === 5) {
          store.close();
          throw new Error('simulated crash');
        }
      },
    );
    const push = (i: number) =>
      writer.push({ monitorId: `m${i % 3}`, at: clock.now(), ok: i % 7 !== 0, latencyMs: 20, error: null }, upStateRow(`m${i % 3}`), null);
    let i = 0;
    for (; clock.now() < Date.UTC(2026, 10, 23, 10, 10, 0); i += 1) {
      push(i);
      clock.advance(10_000);
    }
    // The flush has begun; each chunk goes out on its own tick, with new results committed between.
    crashing = true;
    expect(() => {
      for (;;) {
        push(i);
        i += 1;
        clock.advance(60);
      }
    }).toThrow('simulated crash');

    const reopened = openDatabase(path, key);
    const repos2 = createRepositories(reopened);
    const writer2 = new ResultWriter(repos2, new FakeClock(clock.now()), new FakeClock(clock.now()));
    writer2.flushAll();
    const committed = reopened.sqlite
      .prepare('SELECT monitor_id AS id, count(*) AS n, sum(ok) AS up FROM probe_results GROUP BY monitor_id ORDER BY monitor_id')
      .all();
    for (const level of ['minute', 'hour', 'day'] as const) {
      const perMonitor = ['m0', 'm1', 'm2'].map((id) => {
        const rows = repos2.monitoring.rollupSeries(level, id, 0);
        return { id, n: rows.reduce((sum, r) => sum + r.count, 0), up: rows.reduce((sum, r) => sum + r.upCount, 0) };
      });
      expect(perMonitor).toEqual(committed);
    }
    writer2.close();
    reopened.close();
  });
});

describe('the result writer, stored roll-ups against the raw rows under random faults', () => {
  /** A seeded generator (an LCG): the same seed gives the same run. */
  function seededRandom(seed: number): (below: number) => number {
    let state = seed >>> 0;
    return (below) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.floor((state / 2 ** 32) * below);
    };
  }
  const diskFullError = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

  /**
   * 600 random steps on three monitors: results (one in seven up to 150 s late), time passing, the
   * wall clock stepped back up to 4 minutes or on up to 30 (timers keep a monotonic clock, as in
   * Node), a full disk, failed roll-up writes and reads, retires (the monitor then probed again, as
   * after a restore) and crashes. Then every (level, monitor, bucket) whose stored count is not its
   * number of raw rows.
   */
  function mismatchesAfterRandomRun(seed: number): string[] {
    const random = seededRandom(seed);
    const { store: first, path, key } = storeWithMonitors(3);
    let store = first;
    let diskFull = false;
    let rollupWritesToFail = 0;
    let rollupReadsToFail = 0;
    // The real database behind a repository that a full disk refuses and whose reads can fail.
    const faultyRepos = () => {
      const repos = createRepositories(store);
      const { insertResults, writeRollups, readRollup } = repos.monitoring;
      const monitoring: typeof repos.monitoring = {
        ...repos.monitoring,
        insertResults: (rows) => {
          if (diskFull) throw diskFullError();
          return insertResults(rows);
        },
        writeRollups: (level, rows) => {
          if (rollupWritesToFail > 0) {
            rollupWritesToFail -= 1;
            throw diskFullError();
          }
          writeRollups(level, rows);
        },
        readRollup: (level, monitorId, bucket) => {
          if (rollupReadsToFail === 0) return readRollup(level, monitorId, bucket);
          rollupReadsToFail -= 1;
          throw new Error('disk I/O error');
        },
      };
      return { ...repos, monitoring };
    };
    const options = {
      ...DEFAULT_WRITER_OPTIONS,
      maxBatchRows: 1 + random(5),
      rollupChunkRows: 1 + random(3),
    };
    let timers = new FakeClock();
    let wallOffset = 0;
    const wall = { now: () => timers.now() + wallOffset };
    let writer = new ResultWriter(faultyRepos(), wall, timers, options);
    for (let step = 0; step < 600; step += 1) {
      const action = random(100);
      if (action < 50) {
        const monitorId = `m${random(3)}`;
        const late = random(7) === 0 ? random(150_000) : 0;
        const result = { monitorId, at: wall.now() - late, ok: random(10) > 0, latencyMs: 5 + random(50), error: null };
        writer.push(result, upStateRow(monitorId), null);
      } else if (action < 85) timers.advance(random(9000));
      else if (action < 88) wallOffset -= random(4 * 60_000);
      else if (action < 90) wallOffset += random(30 * 60_000);
      else if (action < 93) diskFull = !diskFull;
      else if (action < 96) rollupWritesToFail += 1 + random(2);
      else if (action < 97) writer.retire(`m${random(3)}`);
      else if (action < 98) rollupReadsToFail += 1 + random(2);
      else {
        // A crash: this writer and its timers stop where they are, and a new process opens the file. Read faults
        // end here: a start whose replay cannot read does not start, which is not what this checks.
        rollupReadsToFail = 0;
        store.close();
        store = openDatabase(path, key);
        timers = new FakeClock(timers.now());
        writer = new ResultWriter(faultyRepos(), wall, timers, options);
      }
    }
    diskFull = false;
    rollupWritesToFail = 0;
    rollupReadsToFail = 0;
    timers.advance(120_000);
    writer.close();

    const mismatches = rollupsNotMatchingRawRows(store, ['m0', 'm1', 'm2']);
    store.close();
    return mismatches;
  }

  it('counts every raw row exactly once in its minute, hour and day, whatever the clock, the disk and crashes do', () => {
    for (let seed = 1; seed <= 10; seed += 1) expect(mismatchesAfterRandomRun(seed), `seed ${seed}`).toEqual([]);
  });
});

describe('dashboard queries', () => {
  it('never read raw results older than 48 hours: poisoned old raw rows change nothing they show', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos } = storeWithMonitors(3);
    const writer = new ResultWriter(repos, clock, clock);
    for (let i = 0; i < 100; i += 1) {
      for (const id of ['m0', 'm1', 'm2'])
        writer.push({ monitorId: id, at: clock.now(), ok: true, latencyMs: 20, error: null }, upStateRow(id), null);
      clock.advance(60_000);
    }
    writer.flushAll();
    const queries = createQueries(repos.monitoring, clock, { stateOf: () => null, statusOf: () => null });
    const read = () => ({
      uptime: queries.uptimes('m0'),
      series: (['1h', '24h', '7d', '30d'] as const).map((range) => queries.series('m0', range)),
      fleet: queries.fleetOverview(),
    });
    const clean = read();
    // Raw rows from 3 to 29 days ago, all failed and absurdly slow, that no roll-up has seen.
    repos.transaction(() =>
      repos.monitoring.insertResults(
        Array.from({ length: 500 }, (_, i) => ({
          monitorId: 'm0',
          at: clock.now() - 3 * DAY - i * HOUR,
          ok: false,
          latencyMs: 99_999,
          error: 'poison',
        })),
      ),
    );
    expect(read()).toEqual(clean);
    expect(clean.uptime['24h']).toBe(100);
    expect(clean.series[0]?.mean.every((v) => v === 20)).toBe(true);
    writer.close();
  });
});

describe('retention', () => {
  it('drops raw rows after 7 days, minutes after 30, hours after 400 days, and keeps days for 7 years', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const { repos, store } = storeWithMonitors(1);
    const now = clock.now();
    const ages = [1, 8, 31, 401, 6 * 365, 8 * 365].map((d) => now - d * DAY);
    repos.transaction(() => {
      repos.monitoring.insertResults(ages.map((at) => ({ monitorId: 'm0', at, ok: true, latencyMs: 1, error: null })));
      for (const level of ['minute', 'hour', 'day'] as const) {
        repos.monitoring.writeRollups(
          level,
          ages.map((bucket) => ({
            monitorId: 'm0',
            bucket,
            count: 1,
            upCount: 1,
            latencyCount: 1,
            latencyMin: 1,
            latencyMax: 1,
            latencySum: 1,
            latencyP95: 1,
            hist: null,
            throughRowid: 0,
          })),
        );
      }
    });
    const policy = { rawMs: 7 * DAY, minuteMs: 30 * DAY, hourMs: 400 * DAY, dayMs: 7 * 365 * DAY };
    await pruneHistory(repos, policy, now, async () => {});
    const count = (table: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('probe_results')).toBe(1);
    expect(count('rollup_minute')).toBe(2);
    expect(count('rollup_hour')).toBe(3);
    expect(count('rollup_day')).toBe(5);
  });
});
