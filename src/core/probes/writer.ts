import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { MonitorStateRow, RawResult, Repositories, RollupLevel, StateChangeRow } from '../db';
import { isDiskFullError } from '../disk-space';
import { bucketOf, BUCKET_MS, ROLLUP_LEVELS, RollupAccumulator } from './rollups';

export interface WriterOptions {
  /** A batch is written when it has this many results... */
  maxBatchRows: number;
  /** ...or when its oldest result has waited this long. */
  maxBatchDelayMs: number;
  /**
   * New roll-up rows (a monitor's first result in a minute, hour or day) are written this often, so
   * a new monitor's uptime and a chart's new minute show within seconds...
   */
  rollupFlushMs: number;
  /**
   * ...and every changed roll-up and the quiet parts of the latest-state table this often (at every
   * flush when not given). A stored row is rewritten once per refresh however many results it took:
   * refreshed every 5 s, a monitor probed every 5 s cost four upserts per result (minute, hour,
   * day, its state), more than its raw row, and they were the largest part of the engine thread's
   * CPU. The board reads states from the engine; an open chart rereads once a minute.
   */
  rollupRefreshMs?: number;
  /** ...in transactions of at most this many rows, so no single commit holds the writer up for long, */
  rollupChunkRows: number;
  /**
   * ...this far apart, so a flush never takes the event loop for long stretches: back to back, the
   * 40 chunks of 1,000 monitors kept the loop busy for 20-35 ms in a row and showed up as error in
   * the latencies of the probes answering meanwhile.
   */
  rollupChunkGapMs: number;
  /**
   * Raw rows read back and counted at a time when counting fell behind (a roll-up read failed), one
   * page per chunk gap: 500 rows hold the event loop a few ms, where 5,000 held it ~21 ms.
   */
  catchUpPageRows?: number;
}

const DEFAULT_CATCH_UP_PAGE_ROWS = 500;

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  maxBatchRows: 1000,
  maxBatchDelayMs: 250,
  rollupFlushMs: 5000,
  rollupRefreshMs: 60_000,
  rollupChunkRows: 100,
  rollupChunkGapMs: 10,
  catchUpPageRows: DEFAULT_CATCH_UP_PAGE_ROWS,
};

/**
 * While writes fail (a full disk), results wait in memory up to this many; beyond it the oldest
 * are dropped and counted. About 20 minutes of 1,000 monitors at one probe a minute, a few MB.
 */
export const MAX_UNWRITTEN_RESULTS = 20_000;
/** After a failed write the next try waits this long, not the batch delay: a full disk refuses every 250 ms just as well. */
export const RETRY_AFTER_FAILURE_MS = 5_000;

const WATERMARK_KEY = 'rollups.watermark';
/** While roll-up reads keep failing, one failure in this many is reported: once an hour at one try every 5 s, not 17,000 log lines a day. */
const REPORT_READ_FAILURE_EVERY = 720;

/** Committed raw rows could not be counted into the roll-ups (reading a stored roll-up failed): charts and uptimes lag until they are. */
export class RollupCountingBehindError extends Error {
  constructor(
    readonly uncountedRows: number,
    readonly failedTries: number,
    cause: unknown,
  ) {
    super(`A roll-up read failed (try ${failedTries}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface CommitStats {
  rows: number;
  durationMs: number;
  kind: 'batch' | 'rollups';
}

/**
 * A roll-up waits in the flush queue as its live accumulator: turned into a row only when its chunk
 * is written, so a flush costs the event loop a chunk at a time, never every changed roll-up at
 * once (5-8 ms for 4,000 of them). A row written later includes later results too; its
 * throughRowid says which, so a replay after a crash still counts each raw row exactly once.
 */
type PendingWrite = { level: RollupLevel; acc: RollupAccumulator } | { state: MonitorStateRow };

/**
 * One monitor's roll-ups in memory, by level and bucket, and per level the one its latest result
 * went into: the next result nearly always falls in the same bucket, so it is found by comparing
 * times, with no key built and no lookup (a string key per level per result cost more than the
 * counting itself).
 */
interface MonitorRollups {
  buckets: Record<RollupLevel, Map<number, RollupAccumulator>>;
  latest: Record<RollupLevel, RollupAccumulator | undefined>;
}

/**
 * The one writer of probe data. Results are buffered and written in one transaction per batch,
 * then folded into in-memory roll-ups. Every few seconds the changed roll-ups and quiet states
 * are written whole, in small transactions; each roll-up row records the last raw row it includes
 * and the last transaction of a flush records the watermark, so a restart replays exactly the raw
 * rows that are not yet in a stored roll-up.
 */
export class ResultWriter {
  private results: RawResult[] = [];
  private changes: Omit<StateChangeRow, 'id'>[] = [];
  /** States whose status changed: written with the next batch. */
  private urgentStates = new Map<string, MonitorStateRow>();
  /** States that only moved (last check, latency): written with the roll-ups. */
  private quietStates = new Map<string, MonitorStateRow>();
  private readonly rollups = new Map<string, MonitorRollups>();
  private readonly dirty: Record<RollupLevel, Set<RollupAccumulator>> = { minute: new Set(), hour: new Set(), day: new Set() };
  /** Dirty roll-ups that are not on disk at all yet: written at the next flush, not only at a refresh. */
  private readonly unstored: Record<RollupLevel, Set<RollupAccumulator>> = { minute: new Set(), hour: new Set(), day: new Set() };
  /** Flush ticks since the last refresh: counted, not read off the clock, which an operator may set back an hour. */
  private ticksSinceRefresh = 0;
  private batchTimer: TimerHandle | null = null;
  private rollupTimer: TimerHandle | null = null;
  /** Rows of the roll-up flush in progress, written a chunk at a time. */
  private flushQueue: PendingWrite[] = [];
  private flushWatermark = 0;
  private chunkTimer: TimerHandle | null = null;
  /** Every raw row up to this one is counted in the roll-ups: rows are counted in rowid order, and one only once all its levels are. */
  private countedThrough = 0;
  /**
   * Set when a roll-up read failed while counting a committed batch: later rows are not counted as
   * they commit but read back from the table, in rowid order, by the catch-up, so no stored
   * roll-up's throughRowid can pass a row it does not include.
   */
  private countingBehind = false;
  private catchUpTimer: TimerHandle | null = null;
  private failedReadsInARow = 0;
  /** The last raw row committed: with countedThrough, how far counting is behind. */
  private committedThrough = 0;
  private closed = false;
  /** Set by a failed batch write, cleared by the next one that works. */
  private failing = false;
  private droppedResults = 0;
  private droppedChanges = 0;

  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly options: WriterOptions = DEFAULT_WRITER_OPTIONS,
    private readonly onCommit: (stats: CommitStats) => void = () => {},
    /** A write failed (a full disk): the writer keeps what it can and tries again; core decides what else to do. */
    private readonly onWriteError: (error: unknown) => void = () => {},
  ) {
    this.replayAfterWatermark();
    this.rollupTimer = timers.after(options.rollupFlushMs, () => this.rollupTick());
  }

  push(result: RawResult, state: MonitorStateRow, statusChange: Omit<StateChangeRow, 'id'> | null): void {
    if (this.closed) return;
    this.results.push(result);
    if (statusChange) this.changes.push(statusChange);
    this.noteState(state, statusChange !== null);
    this.dropBeyondBound();
    if (this.results.length >= this.options.maxBatchRows && !this.failing) this.writeBatch();
    else this.scheduleBatch();
  }

  /** A status change without a probe result (pause, maintenance, a parent going down). */
  pushState(state: MonitorStateRow, statusChange: Omit<StateChangeRow, 'id'> | null): void {
    if (this.closed) return;
    if (statusChange) this.changes.push(statusChange);
    this.noteState(state, true);
    this.dropBeyondBound();
    this.scheduleBatch();
  }

  /**
   * Results and status changes not yet written, how many were dropped while writes failed, and the
   * committed rows not yet counted into the roll-ups (by rowid, so a purge inside them makes it an upper bound).
   */
  backlog(): { results: number; changes: number; droppedResults: number; droppedChanges: number; uncountedRows: number } {
    return {
      results: this.results.length,
      changes: this.changes.length,
      droppedResults: this.droppedResults,
      droppedChanges: this.droppedChanges,
      uncountedRows: this.countingBehind ? this.committedThrough - this.countedThrough : 0,
    };
  }

  private scheduleBatch(): void {
    this.batchTimer ??= this.timers.after(this.failing ? RETRY_AFTER_FAILURE_MS : this.options.maxBatchDelayMs, () => this.writeBatch());
  }

  private dropBeyondBound(): void {
    const excessResults = this.results.length - MAX_UNWRITTEN_RESULTS;
    if (excessResults > 0) {
      this.results.splice(0, excessResults);
      this.droppedResults += excessResults;
    }
    const excessChanges = this.changes.length - MAX_UNWRITTEN_RESULTS;
    if (excessChanges > 0) {
      this.changes.splice(0, excessChanges);
      this.droppedChanges += excessChanges;
    }
  }

  /**
   * A retired monitor's history is kept: its pending results are written first (those a full disk
   * holds back are dropped and counted). Its roll-ups stay in memory: one whose write just failed is
   * stored only by the next refresh, and eviction drops them once written and closed. Should it be
   * restored, its open buckets go on from memory or from their stored rows.
   */
  retire(monitorId: string): void {
    this.flushAll();
    this.forget(monitorId);
  }

  /**
   * A purged monitor's rows are gone: its roll-ups and states go from memory too, queued ones
   * included. A retire whose roll-up write failed leaves them dirty, and the next refresh would
   * write them back as rows of a monitor that no longer exists (a state row it refuses, failing
   * the chunk with it).
   */
  purge(monitorId: string): void {
    this.rollups.delete(monitorId);
    this.quietStates.delete(monitorId);
    this.urgentStates.delete(monitorId);
    for (const level of ROLLUP_LEVELS)
      for (const held of [this.dirty[level], this.unstored[level]])
        for (const acc of held) if (acc.monitorId === monitorId) held.delete(acc);
    this.flushQueue = this.flushQueue.filter((write) => ('level' in write ? write.acc.monitorId : write.state.monitorId) !== monitorId);
  }

  private forget(monitorId: string): void {
    const held = { results: this.results.length, changes: this.changes.length };
    this.results = this.results.filter((r) => r.monitorId !== monitorId);
    this.changes = this.changes.filter((c) => c.monitorId !== monitorId);
    this.droppedResults += held.results - this.results.length;
    this.droppedChanges += held.changes - this.changes.length;
    this.urgentStates.delete(monitorId);
    this.quietStates.delete(monitorId);
  }

  /**
   * Writes everything buffered, roll-ups included, before returning: at shutdown, and in tests.
   * Rows a failed roll-up read left uncounted are not counted here but by the paced catch-up, or by
   * the replay at the next start; the watermark stays before them.
   */
  flushAll(): void {
    this.writeBatch();
    this.startRollupFlush(true);
    while (this.flushQueue.length > 0) this.writeRollupChunk(Number.POSITIVE_INFINITY);
  }

  close(): void {
    if (this.closed) return;
    this.flushAll();
    this.closed = true;
    this.batchTimer?.cancel();
    this.rollupTimer?.cancel();
    this.chunkTimer?.cancel();
    this.catchUpTimer?.cancel();
  }

  private noteState(state: MonitorStateRow, urgent: boolean): void {
    if (urgent || this.urgentStates.has(state.monitorId)) {
      this.urgentStates.set(state.monitorId, state);
      this.quietStates.delete(state.monitorId);
    } else this.quietStates.set(state.monitorId, state);
  }

  private writeBatch(): void {
    this.batchTimer?.cancel();
    this.batchTimer = null;
    if (this.results.length === 0 && this.changes.length === 0 && this.urgentStates.size === 0) return;
    const results = this.results;
    const changes = this.changes;
    const states = [...this.urgentStates.values()];
    this.results = [];
    this.changes = [];
    this.urgentStates = new Map();
    const t0 = performance.now();
    const { monitoring } = this.repos;
    let rowids: number[];
    try {
      rowids = this.repos.transaction(() => {
        const ids = monitoring.insertResults(results);
        monitoring.insertStateChanges(changes);
        monitoring.upsertStates(states);
        return ids;
      });
    } catch (error) {
      this.onWriteError(error);
      if (!isDiskFullError(error)) {
        // Not for lack of space: trying the same rows again would fail the same way, so they go.
        this.droppedResults += results.length;
        this.droppedChanges += changes.length;
        return;
      }
      // Rolled back for lack of space: everything goes back in front of what arrived since, newer states winning.
      this.failing = true;
      this.results = [...results, ...this.results];
      this.changes = [...changes, ...this.changes];
      const newer = this.urgentStates;
      this.urgentStates = new Map(states.map((state) => [state.monitorId, state]));
      for (const [monitorId, state] of newer) this.urgentStates.set(monitorId, state);
      this.dropBeyondBound();
      if (!this.closed) this.scheduleBatch();
      return;
    }
    this.failing = false;
    this.onCommit({ rows: results.length, durationMs: performance.now() - t0, kind: 'batch' });
    // Not Math.max(...rowids): a batch held back by a full disk can be 20,000 rows, too many arguments to spread safely.
    this.committedThrough = rowids.reduce((last, rowid) => Math.max(last, rowid), this.committedThrough);
    if (this.countingBehind) return;
    try {
      results.forEach((result, i) => this.accumulate(result, rowids[i] ?? 0));
    } catch (error) {
      // Committed but not all counted (a roll-up read failed): the rest is counted from the table.
      this.countingBehind = true;
      this.readFailed(error);
    }
  }

  private rollupTick(): void {
    if (this.closed) return;
    this.ticksSinceRefresh += 1;
    const refreshMs = this.options.rollupRefreshMs ?? this.options.rollupFlushMs;
    if (this.flushQueue.length === 0) this.startRollupFlush(this.ticksSinceRefresh * this.options.rollupFlushMs >= refreshMs);
    this.rollupTimer = this.timers.after(this.options.rollupFlushMs, () => this.rollupTick());
  }

  /**
   * Snapshots what changed since the last refresh (`refresh`), or only the roll-ups not yet on disk;
   * the rows then go out a chunk at a time. Only a refresh moves the watermark: it alone writes every
   * roll-up the raw rows up to it went into.
   */
  private startRollupFlush(refresh: boolean): void {
    // Before the snapshot: an accumulator must not leave memory while it is queued, or a late result would open a second one for its bucket.
    this.evictClosedBuckets();
    for (const level of ROLLUP_LEVELS) {
      for (const acc of refresh ? this.dirty[level] : this.unstored[level]) {
        this.flushQueue.push({ level, acc });
        if (!refresh) this.dirty[level].delete(acc);
      }
      if (refresh) this.dirty[level].clear();
      this.unstored[level].clear();
    }
    if (refresh) {
      for (const state of this.quietStates.values()) this.flushQueue.push({ state });
      this.quietStates = new Map();
      this.ticksSinceRefresh = 0;
    }
    this.flushWatermark = refresh ? this.countedThrough : 0;
    if (this.flushQueue.length > 0) this.chunkTimer ??= this.timers.after(0, () => this.writeRollupChunk(this.options.rollupChunkRows));
  }

  private writeRollupChunk(maxRows: number): void {
    this.chunkTimer?.cancel();
    this.chunkTimer = null;
    const chunk = this.flushQueue.splice(0, maxRows);
    const last = this.flushQueue.length === 0;
    const t0 = performance.now();
    try {
      this.writeRollupRows(chunk, last);
    } catch (error) {
      // What was not written stays dirty for the next refresh (60 s by default): a plain flush writes only roll-ups
      // marked not yet on disk, and these are not marked again. The accumulators are still in memory.
      this.redirty([...chunk, ...this.flushQueue.splice(0)]);
      this.onWriteError(error);
      return;
    }
    this.onCommit({ rows: chunk.length, durationMs: performance.now() - t0, kind: 'rollups' });
    if (!last && Number.isFinite(maxRows))
      this.chunkTimer = this.timers.after(this.options.rollupChunkGapMs, () => this.writeRollupChunk(maxRows));
  }

  private writeRollupRows(chunk: PendingWrite[], last: boolean): void {
    const { monitoring } = this.repos;
    this.repos.transaction(() => {
      for (const level of ROLLUP_LEVELS) {
        const rows = chunk.flatMap((w) => ('level' in w && w.level === level ? [w.acc.toRow(level !== 'minute')] : []));
        if (rows.length > 0) monitoring.writeRollups(level, rows);
      }
      const states = chunk.flatMap((w) => ('state' in w ? [w.state] : []));
      if (states.length > 0) monitoring.upsertStates(states);
      // Only once every row of this flush is stored may a restart skip the raw rows it covers.
      if (last && this.flushWatermark > 0) monitoring.writeMeta(WATERMARK_KEY, String(this.flushWatermark));
    });
  }

  private redirty(writes: PendingWrite[]): void {
    for (const write of writes) {
      if ('state' in write) {
        if (!this.quietStates.has(write.state.monitorId) && !this.urgentStates.has(write.state.monitorId))
          this.quietStates.set(write.state.monitorId, write.state);
      } else {
        const { level, acc } = write;
        const monitor = this.rollupsOf(acc.monitorId);
        monitor.buckets[level].set(acc.bucket, acc);
        if (monitor.latest[level]?.bucket === acc.bucket) monitor.latest[level] = acc;
        this.dirty[level].add(acc);
      }
    }
  }

  /** A closed, clean bucket is on disk, or (from flushAll) written before a result can reach it; only the open ones stay in memory. */
  private evictClosedBuckets(): void {
    const now = this.clock.now();
    for (const level of ROLLUP_LEVELS) {
      const openFrom = bucketOf(level, now) - BUCKET_MS[level];
      for (const monitor of this.rollups.values()) {
        for (const [bucket, acc] of monitor.buckets[level]) {
          if (bucket >= openFrom || this.dirty[level].has(acc)) continue;
          monitor.buckets[level].delete(bucket);
          if (monitor.latest[level] === acc) monitor.latest[level] = undefined;
        }
      }
    }
    // A paused or retired monitor's entry goes with its last bucket.
    for (const [monitorId, monitor] of this.rollups)
      if (ROLLUP_LEVELS.every((level) => monitor.buckets[level].size === 0)) this.rollups.delete(monitorId);
  }

  private rollupsOf(monitorId: string): MonitorRollups {
    let monitor = this.rollups.get(monitorId);
    if (!monitor) {
      monitor = {
        buckets: { minute: new Map(), hour: new Map(), day: new Map() },
        latest: { minute: undefined, hour: undefined, day: undefined },
      };
      this.rollups.set(monitorId, monitor);
    }
    return monitor;
  }

  private accumulate(result: { monitorId: string; at: number; ok: boolean; latencyMs: number | null }, rowid: number): void {
    const monitor = this.rollupsOf(result.monitorId);
    for (const level of ROLLUP_LEVELS) {
      let acc = monitor.latest[level];
      if (acc === undefined || result.at < acc.bucket || result.at >= acc.bucket + BUCKET_MS[level]) {
        acc = this.accumulatorOf(monitor, level, result.monitorId, bucketOf(level, result.at));
        monitor.latest[level] = acc;
      }
      // A stored roll-up that already includes this row (written after the watermark) must not count it twice.
      if (rowid <= acc.throughRowid) continue;
      acc.add(result.ok, result.latencyMs, rowid);
      this.dirty[level].add(acc);
    }
    this.countedThrough = Math.max(this.countedThrough, rowid);
  }

  private accumulatorOf(monitor: MonitorRollups, level: RollupLevel, monitorId: string, bucket: number): RollupAccumulator {
    const known = monitor.buckets[level].get(bucket);
    if (known) return known;
    // Any bucket not in memory may be on disk (an earlier run, the clock set back, results held by a full disk): resume it, don't overwrite it.
    const stored = this.repos.monitoring.readRollup(level, monitorId, bucket);
    const acc = stored ? RollupAccumulator.fromRow(stored) : new RollupAccumulator(monitorId, bucket);
    monitor.buckets[level].set(bucket, acc);
    if (!stored) this.unstored[level].add(acc);
    return acc;
  }

  private replayAfterWatermark(): void {
    const watermark = Number(this.repos.monitoring.readMeta(WATERMARK_KEY) ?? '0');
    this.countedThrough = watermark;
    while (!this.countNextRows());
    this.committedThrough = this.countedThrough;
    if (this.countedThrough > watermark) this.flushAll();
  }

  private scheduleCatchUp(delayMs: number): void {
    if (!this.closed) this.catchUpTimer ??= this.timers.after(delayMs, () => this.catchUp());
  }

  /**
   * Counts the rows a failed roll-up read left behind, a page at a time, one chunk gap apart, so the
   * event loop is never held long and catch-up still outruns any ingest rate; a read that fails
   * again is retried after the same pause as a failed write. A page counted between the chunks of
   * a flush is no different from a batch counted there.
   */
  private catchUp(): void {
    this.catchUpTimer = null;
    try {
      this.countingBehind = !this.countNextRows();
    } catch (error) {
      this.readFailed(error);
      return;
    }
    this.failedReadsInARow = 0;
    if (this.countingBehind) this.scheduleCatchUp(this.options.rollupChunkGapMs);
  }

  private readFailed(error: unknown): void {
    this.failedReadsInARow += 1;
    if (this.failedReadsInARow % REPORT_READ_FAILURE_EVERY === 1)
      this.onWriteError(new RollupCountingBehindError(this.committedThrough - this.countedThrough, this.failedReadsInARow, error));
    this.scheduleCatchUp(RETRY_AFTER_FAILURE_MS);
  }

  /**
   * Counts a page of the committed raw rows after the last one counted, in rowid order (a row
   * counted at some levels already is skipped there by throughRowid); true once it reached the last.
   */
  private countNextRows(): boolean {
    const pageRows = this.options.catchUpPageRows ?? DEFAULT_CATCH_UP_PAGE_ROWS;
    const page = this.repos.monitoring.resultsAfter(this.countedThrough, pageRows);
    for (const row of page) this.accumulate(row, row.rowid);
    return page.length < pageRows;
  }
}
