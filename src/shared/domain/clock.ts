/** Time is passed in, never read ad hoc, so every timer-driven rule can run on a fake clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface TimerHandle {
  cancel(): void;
}

/** Timers that move with the clock they belong to: real ones in the app, fake ones in tests. */
export interface Timers {
  after(ms: number, fn: () => void): TimerHandle;
}

/** A real timer as a TimerHandle: an object with a method rather than a new closure per timer (core arms two per probe). */
class SystemTimer implements TimerHandle {
  constructor(private readonly handle: ReturnType<typeof setTimeout>) {}

  cancel(): void {
    clearTimeout(this.handle);
  }
}

export const systemTimers: Timers = {
  after(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    (handle as { unref?: () => void }).unref?.();
    return new SystemTimer(handle);
  },
};
