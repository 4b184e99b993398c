import type { AliveSummaryConfig, AliveSummaryStatus, NotificationOutcome } from '../../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../../shared/domain/clock';
import type { CronZone } from '../../../shared/domain/cron';
import type { Logger } from '../../logging';
import type { WatcherStore } from './watcher-store';

const CHECK_EVERY_MS = 60_000;

export interface AliveSummaryDeps {
  clock: Clock;
  timers: Timers;
  logger: Logger;
  timeZone: () => CronZone;
  config: () => AliveSummaryConfig | null;
  store: Pick<WatcherStore, 'aliveSummarySent' | 'saveAliveSummarySent'>;
  /** Sends the text through the summary's channel; resolves with how it ended, never rejects. */
  send: (config: AliveSummaryConfig, text: string) => Promise<NotificationOutcome>;
  /** "Watchroom console alive: 12 monitors, 3 open alerts (1 critical)", as of now. */
  text: () => string;
}

/**
 * The daily "console alive" summary. Checked every minute: once the console's wall clock has passed
 * the time on a day it was not yet sent for, it goes. The day is stored before the send, so a
 * restart the same day never sends it twice; a time that does not exist on the day clocks go
 * forward is passed at the first minute after it, and the hour that repeats when they go back
 * sends nothing twice.
 */
export class AliveSummary {
  private timer: TimerHandle | null = null;
  private sending = false;

  constructor(private readonly deps: AliveSummaryDeps) {}

  start(): void {
    this.check();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  status(): AliveSummaryStatus {
    const sent = this.deps.store.aliveSummarySent();
    return { lastSentDay: sent?.day ?? null, lastOutcome: sent?.outcome ?? null };
  }

  private check(): void {
    this.timer = this.deps.timers.after(CHECK_EVERY_MS, () => this.check());
    const config = this.deps.config();
    if (!config || this.sending) return;
    const now = this.deps.clock.now();
    const { day, minute } = wallClock(now, this.deps.timeZone());
    if (minute < minuteOfDay(config.time) || this.deps.store.aliveSummarySent()?.day === day) return;
    this.deps.store.saveAliveSummarySent({ day, outcome: null }, now);
    this.sending = true;
    void this.deps
      .send(config, this.deps.text())
      .then((outcome) => {
        this.deps.store.saveAliveSummarySent({ day, outcome }, this.deps.clock.now());
        if (!outcome.ok) this.deps.logger.warn({ channelId: config.channelId, day }, `daily alive summary not sent: ${outcome.detail}`);
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error, day }, 'recording the daily alive summary failed'))
      .finally(() => {
        this.sending = false;
      });
  }
}

function minuteOfDay(clockTime: string): number {
  const [hours = 0, minutes = 0] = clockTime.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The day (YYYY-MM-DD) and minute of the day the console's clock shows, in its time zone setting. */
export function wallClock(now: number, zone: CronZone): { day: string; minute: number } {
  const date = new Date(now);
  const utc = zone === 'utc';
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const dayOfMonth = utc ? date.getUTCDate() : date.getDate();
  const minute = utc ? date.getUTCHours() * 60 + date.getUTCMinutes() : date.getHours() * 60 + date.getMinutes();
  return { day: `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`, minute };
}
