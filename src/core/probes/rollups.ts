import type { RollupLevel, RollupRow } from '../db';

export const BUCKET_MS: Record<RollupLevel, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
export const ROLLUP_LEVELS: readonly RollupLevel[] = ['minute', 'hour', 'day'];

/**
 * Latency histogram with geometric bins (x1.25 from 0.1 ms to ~16 min): enough for a p95 within
 * about 12 %, small enough (256 bytes) to keep with every hour and day row.
 */
const BIN_COUNT = 64;
const BIN_BASE = 0.1;
const BIN_RATIO = 1.25;
const LOG_RATIO = Math.log(BIN_RATIO);

function binOf(latencyMs: number): number {
  if (latencyMs <= BIN_BASE) return 0;
  return Math.min(BIN_COUNT - 1, Math.floor(Math.log(latencyMs / BIN_BASE) / LOG_RATIO) + 1);
}
/** Geometric middle of a bin: the estimate reported for a percentile that falls in it. */
function binMiddle(bin: number): number {
  if (bin === 0) return BIN_BASE;
  return BIN_BASE * BIN_RATIO ** (bin - 0.5);
}

export class RollupAccumulator {
  count = 0;
  upCount = 0;
  latencyCount = 0;
  latencyMin: number | null = null;
  latencyMax: number | null = null;
  latencySum = 0;
  /** The last raw row folded in. */
  throughRowid = 0;
  /**
   * p95 carried over from a row stored without a histogram (minutes are): a minute resumed from its
   * stored row, after a restart, the clock set back or results a full disk held back. Its p95 is then
   * the larger of this and the new estimate.
   */
  private carriedP95: number | null = null;
  private readonly bins = new Uint32Array(BIN_COUNT);

  constructor(
    readonly monitorId: string,
    readonly bucket: number,
  ) {}

  static fromRow(row: RollupRow): RollupAccumulator {
    const acc = new RollupAccumulator(row.monitorId, row.bucket);
    acc.count = row.count;
    acc.upCount = row.upCount;
    acc.latencyCount = row.latencyCount;
    acc.latencyMin = row.latencyMin;
    acc.latencyMax = row.latencyMax;
    acc.latencySum = row.latencySum;
    acc.throughRowid = row.throughRowid;
    if (row.hist && row.hist.length === BIN_COUNT * 4) {
      acc.bins.set(new Uint32Array(row.hist.buffer.slice(row.hist.byteOffset, row.hist.byteOffset + row.hist.length)));
    } else acc.carriedP95 = row.latencyP95;
    return acc;
  }

  add(ok: boolean, latencyMs: number | null, rowid: number): void {
    this.throughRowid = Math.max(this.throughRowid, rowid);
    this.count += 1;
    if (ok) this.upCount += 1;
    if (latencyMs === null) return;
    this.latencyCount += 1;
    this.latencySum += latencyMs;
    this.latencyMin = this.latencyMin === null ? latencyMs : Math.min(this.latencyMin, latencyMs);
    this.latencyMax = this.latencyMax === null ? latencyMs : Math.max(this.latencyMax, latencyMs);
    const bin = binOf(latencyMs);
    this.bins[bin] = (this.bins[bin] ?? 0) + 1;
  }

  percentile(p: number): number | null {
    const binned = this.bins.reduce((sum, n) => sum + n, 0);
    if (binned === 0) return this.carriedP95;
    const rank = Math.ceil((p / 100) * binned);
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin += 1) {
      seen += this.bins[bin] ?? 0;
      if (seen >= rank) {
        const estimate = Math.min(binMiddle(bin), this.latencyMax ?? Infinity);
        return this.carriedP95 === null ? estimate : Math.max(estimate, this.carriedP95);
      }
    }
    return this.latencyMax;
  }

  toRow(withHistogram: boolean): RollupRow {
    return {
      monitorId: this.monitorId,
      bucket: this.bucket,
      count: this.count,
      upCount: this.upCount,
      latencyCount: this.latencyCount,
      latencyMin: this.latencyMin,
      latencyMax: this.latencyMax,
      latencySum: this.latencySum,
      latencyP95: this.percentile(95),
      hist: withHistogram ? Buffer.from(this.bins.buffer.slice(0)) : null,
      throughRowid: this.throughRowid,
    };
  }
}

export function bucketOf(level: RollupLevel, at: number): number {
  const size = BUCKET_MS[level];
  return Math.floor(at / size) * size;
}
