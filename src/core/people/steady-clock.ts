import type { Clock } from '../../shared/domain/clock';
import type { PeopleRepository } from '../db';

/** How far the mark may run ahead of what is stored before it is written again. */
const PERSIST_EVERY_MS = 60_000;

/**
 * The time lockouts and sessions are judged by. It follows the clock's steps forward, and ignores
 * a step back: a workstation clock set back by an hour neither opens a locked account early nor
 * adds an hour to a session, and time keeps running from where it was. The mark is persisted, so
 * a clock set back while core was stopped changes nothing either.
 */
export class SteadyClock implements Clock {
  private mark: number;
  private lastReading: number;
  private persisted: number;

  constructor(
    private readonly clock: Clock,
    private readonly repo: PeopleRepository,
  ) {
    this.lastReading = clock.now();
    const stored = repo.readClockHighWater();
    this.persisted = stored ?? Number.NEGATIVE_INFINITY;
    this.mark = Math.max(stored ?? this.lastReading, this.lastReading);
  }

  now(): number {
    const reading = this.clock.now();
    // A step back adds nothing; from there on, time runs at the clock's pace again.
    if (reading > this.lastReading) this.mark += reading - this.lastReading;
    this.lastReading = reading;
    if (this.mark - this.persisted >= PERSIST_EVERY_MS) this.persist();
    return this.mark;
  }

  /** Writes the mark now (inside a command's transaction, or alone); a failed write is retried at the next reading. */
  persist(): void {
    try {
      this.repo.writeClockHighWater(this.mark);
      this.persisted = this.mark;
    } catch {
      // A full disk: the mark stays in memory, which is what judges until the next write succeeds.
    }
  }
}
