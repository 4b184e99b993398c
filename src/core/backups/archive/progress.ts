// Progress of a long operation, for a bar with bytes, rate and time left. Reports are throttled so
// a fast pipeline cannot flood the thread that draws the UI.
import { performance } from 'node:perf_hooks';

export type OperationPhase = 'scanning' | 'snapshot' | 'archiving' | 'finishing' | 'verifying' | 'restoring' | 'checking' | 'done';

export interface OperationProgress {
  phase: OperationPhase;
  bytesDone: number;
  bytesTotal: number;
  /** The entry being read or written, as a path inside the backup. */
  currentFile: string | null;
  rateBytesPerSec: number;
  /** null until a rate is known. */
  etaSeconds: number | null;
}

export type ProgressListener = (progress: OperationProgress) => void;

export interface ProgressOptions {
  onProgress?: ProgressListener;
  /** Least time between two reports; 100 ms (10 a second) by default. */
  progressIntervalMs?: number;
  /** Monotonic milliseconds; only rates and throttling depend on it. */
  now?: () => number;
}

/** The rate is measured over the last few seconds, so the time left follows a change of pace. */
const RATE_WINDOW_MS = 3000;

export class ProgressTracker {
  private phase: OperationPhase;
  private bytesDone = 0;
  private bytesTotal = 0;
  private currentFile: string | null = null;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private readonly samples: { at: number; bytes: number }[] = [];
  private readonly listener: ProgressListener | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(phase: OperationPhase, options: ProgressOptions = {}) {
    this.phase = phase;
    this.listener = options.onProgress;
    this.intervalMs = options.progressIntervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
  }

  get done(): number {
    return this.bytesDone;
  }

  /** A new phase is always reported at once. */
  enter(phase: OperationPhase, bytesTotal = this.bytesTotal): void {
    this.phase = phase;
    this.bytesTotal = bytesTotal;
    this.report(true);
  }

  setTotal(bytesTotal: number): void {
    this.bytesTotal = bytesTotal;
  }

  startFile(path: string | null): void {
    this.currentFile = path;
    this.report(false);
  }

  advance(bytes: number): void {
    this.bytesDone += bytes;
    this.report(false);
  }

  private report(force: boolean): void {
    if (!this.listener) return;
    const at = this.now();
    if (!force && at - this.lastReportAt < this.intervalMs) return;
    this.lastReportAt = at;
    this.samples.push({ at, bytes: this.bytesDone });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0] ?? { at, bytes: this.bytesDone };
    const seconds = (at - oldest.at) / 1000;
    const rate = seconds > 0 ? (this.bytesDone - oldest.bytes) / seconds : 0;
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    this.listener({
      phase: this.phase,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      currentFile: this.currentFile,
      rateBytesPerSec: Math.round(rate),
      etaSeconds: rate > 0 ? Math.ceil(remaining / rate) : null,
    });
  }
}
