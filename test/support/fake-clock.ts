import type { Clock, TimerHandle, Timers } from '../../src/shared/domain/clock';

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock, and timers on it, that move only when a test moves them. */
export class FakeClock implements Clock, Timers {
  private timers: PendingTimer[] = [];
  private seq = 0;

  constructor(private current = Date.UTC(2026, 10, 23, 8, 0, 0)) {}

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), seq: (this.seq += 1), fn };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = end;
  }

  /** Like advance, but lets promises started by timers settle between steps (probes are async). */
  async advanceAsync(ms: number, stepMs = 1000): Promise<void> {
    const end = this.current + ms;
    while (this.current < end) {
      this.advance(Math.min(stepMs, end - this.current));
      await flushMicrotasks();
    }
    await flushMicrotasks();
  }

  /** Sets the clock back, as someone changing the workstation's time would; no timer runs. */
  setBack(ms: number): void {
    this.current -= ms;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/** Lets already-resolved promise chains run to the end; no real time passes. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
