import { nextCronRun, parseCron, previousCronRun, type CronSchedule } from '../../shared/domain/cron';
import type { TimerHandle } from '../../shared/domain/clock';
import { monthOf, previousMonth } from '../../shared/domain/report-period';
import { reviewMarkdown } from '../../shared/domain/report-export';
import type { OperationsReview } from '../../shared/contract';
import type { CapabilityContext } from '../service';
import type { ReportsPorts } from './ports';

/** The 1st of every month at 08:00, console time: the review of the month that just ended goes out. */
const SEND_SLOT = (parseCron('0 8 1 * *') as { ok: true; cron: CronSchedule }).cron;
/** The month whose review was last delivered; kept in the store so a restart never sends it twice. */
export const REVIEW_SENT_KEY = 'reports.monthly-review-sent';
/** Timers are re-armed at least daily: a month is longer than a timer may wait, and the clock may be changed. */
const LONGEST_WAIT_MS = 86_400_000;
/** A review missed while the console was off goes out late within this long of its slot, never weeks later out of the blue. */
export const REVIEW_LATE_LIMIT_MS = 7 * 86_400_000;
/** A failed delivery is tried again this much later, until it goes or the week after its slot is over. */
export const REVIEW_RETRY_MS = 3_600_000;

export interface MonthlyMailDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'timers' | 'logger' | 'settings' | 'identity'> {
  mailer: ReportsPorts['mailer'];
  review(month: string): Promise<OperationsReview>;
}

/**
 * Sends the monthly operations review through the e-mail channel named in the settings. A slot
 * missed while the console was off is sent at the next start within a week; the month is recorded
 * only once the server accepted the message, so a failure is tried again, never a success.
 */
export function startMonthlyMail(deps: MonthlyMailDeps): { stop(): void; settled(): Promise<void> } {
  let timer: TimerHandle | null = null;
  let sending = false;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const arm = (waitMs: number) => {
    timer?.cancel();
    if (!stopped) timer = deps.timers.after(Math.min(waitMs, LONGEST_WAIT_MS), check);
  };

  function check() {
    timer = null;
    const now = deps.clock.now();
    const zone = deps.identity.timeZone();
    const slot = previousCronRun(SEND_SLOT, now, zone);
    const due = slot === null || now - slot > REVIEW_LATE_LIMIT_MS ? null : previousMonth(monthOf(slot, zone));
    if (due !== null && !sending && deps.repos.monitoring.readMeta(REVIEW_SENT_KEY) !== due && deps.settings().monthlyReviewChannelId !== null) {
      inFlight = send(due);
      return;
    }
    const next = nextCronRun(SEND_SLOT, now, zone);
    if (next !== null) arm(next - now);
  }

  async function send(month: string) {
    sending = true;
    let retry: boolean;
    try {
      retry = !(await deliver(month));
    } catch (error) {
      deps.logger.warn({ month, err: error instanceof Error ? error.message : String(error) }, 'monthly review not sent');
      retry = true;
    } finally {
      sending = false;
    }
    if (retry) arm(REVIEW_RETRY_MS);
    else check();
  }

  /** True when there is nothing more to do for this month: delivered, or no usable channel to try again with. */
  async function deliver(month: string): Promise<boolean> {
    const channelId = deps.settings().monthlyReviewChannelId;
    const channel = channelId === null ? undefined : deps.repos.alerts.getChannel(channelId);
    if (!channel || channel.config.kind !== 'email' || !channel.enabled) {
      deps.logger.warn({ month, channelId }, 'monthly review not sent: the channel is missing, disabled or not an e-mail channel');
      return false;
    }
    const review = await deps.review(month);
    const consoleName = deps.identity.name();
    const outcome = await deps.mailer(channel.config, {
      fromName: `Watchroom ${consoleName}`,
      subject: `Operations review ${review.label} \u2014 Watchroom ${consoleName}`,
      text: reviewMarkdown(review),
    });
    if (!outcome.ok) {
      deps.logger.warn({ month, channel: channel.name, reason: outcome.reason }, 'monthly review not sent');
      return false;
    }
    deps.repos.transaction(() => deps.repos.monitoring.writeMeta(REVIEW_SENT_KEY, month));
    deps.logger.info({ month, channel: channel.name, detail: outcome.detail }, 'monthly review sent');
    return true;
  }

  check();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
    /** Resolves once the delivery under way, if any, has ended (tests and shutdown wait on it). */
    settled: () => inFlight,
  };
}
