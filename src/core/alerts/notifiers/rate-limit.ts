const WINDOW_MS = 60_000;

/** Sends in the last rolling minute, for one channel. */
export class RollingMinute {
  private sentAt: number[] = [];

  /** Counts a send at `now` if fewer than `limit` happened in the minute before; else returns how many did. */
  take(now: number, limit: number): { allowed: true } | { allowed: false; recent: number } {
    this.sentAt = this.sentAt.filter((at) => at > now - WINDOW_MS);
    if (this.sentAt.length >= limit) return { allowed: false, recent: this.sentAt.length };
    this.sentAt.push(now);
    return { allowed: true };
  }
}
