import { NOTIFICATION_ATTEMPTS, type NotificationStage } from '../../../shared/contract/notification-life';
import type { Timers } from '../../../shared/domain/clock';
import type { AttemptResult } from './attempt';

/** Waits before the 2nd and 3rd attempt: NOTIFICATION_ATTEMPTS (3) attempts in all. */
const BACKOFF_MS: readonly number[] = [1_000, 4_000];

export interface DeliveryResult {
  ok: boolean;
  /** For `retrying`, the number of the attempt that failed. */
  attempts: number;
  detail: string;
  stage: NotificationStage;
  status: number | null;
  answer: string | null;
}

export interface RetryOptions {
  timers: Timers;
  timeoutMs: number;
  /** Aborting it ends the delivery at once, without a result (the notifier is stopping). */
  stopSignal: AbortSignal;
  /** An attempt failed and another follows after a pause: told before the pause. */
  onRetry?: (retrying: DeliveryResult) => void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts run out. Each attempt gets a
 * signal that aborts after `timeoutMs` on the injected timers, so the socket is closed and a fake
 * clock drives timeouts in tests. Resolves with null when stopped; never rejects.
 */
export async function deliverWithRetries(
  attempt: (signal: AbortSignal) => Promise<AttemptResult>,
  options: RetryOptions,
): Promise<DeliveryResult | null> {
  for (let attempts = 1; ; attempts += 1) {
    const result = await attemptWithTimeout(attempt, options);
    if (options.stopSignal.aborted) return null;
    const answered = { status: result.status ?? null, answer: result.answer ?? null };
    if (result.ok)
      return {
        ok: true,
        attempts,
        detail: `${result.detail} (${countAttempts(attempts)})`,
        stage: result.relayed ? 'sent' : 'delivered',
        ...answered,
      };
    const backoffMs = BACKOFF_MS[attempts - 1];
    const failed = { ok: false, attempts, stage: 'failed', ...answered } as const;
    if (!result.retryable) return { ...failed, detail: `${result.reason}, not retried (${countAttempts(attempts)})` };
    if (backoffMs === undefined) return { ...failed, detail: `${result.reason} (${countAttempts(attempts)})` };
    options.onRetry?.({
      ...failed,
      stage: 'retrying',
      detail: `attempt ${attempts} of ${NOTIFICATION_ATTEMPTS}: ${result.reason}; retry ${attempts + 1} of ${NOTIFICATION_ATTEMPTS} in ${formatSeconds(backoffMs)}`,
    });
    await pause(options.timers, backoffMs, options.stopSignal);
    if (options.stopSignal.aborted) return null;
  }
}

async function attemptWithTimeout(
  attempt: (signal: AbortSignal) => Promise<AttemptResult>,
  { timers, timeoutMs, stopSignal }: RetryOptions,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const timedOut: AttemptResult = { ok: false, reason: `timed out after ${formatSeconds(timeoutMs)}`, retryable: true };
  const timer = timers.after(timeoutMs, () => controller.abort(timedOut));
  const onStop = (): void => controller.abort();
  stopSignal.addEventListener('abort', onStop, { once: true });
  // The race guarantees an attempt that ignores its signal still cannot hold up the channel.
  const aborted = new Promise<AttemptResult>((resolve) =>
    controller.signal.addEventListener(
      'abort',
      () => resolve(controller.signal.reason === timedOut ? timedOut : { ok: false, reason: 'stopped', retryable: false }),
      { once: true },
    ),
  );
  try {
    const attempted = new Promise<AttemptResult>((resolve) => resolve(attempt(controller.signal))).catch(unexpectedFailure);
    return await Promise.race([attempted, aborted]);
  } finally {
    timer.cancel();
    stopSignal.removeEventListener('abort', onStop);
  }
}

/** A throw the attempt did not foresee (a bad address, say) would fail the same way again. */
function unexpectedFailure(error: unknown): AttemptResult {
  return { ok: false, reason: `could not send: ${error instanceof Error ? error.message : String(error)}`, retryable: false };
}

function pause(timers: Timers, ms: number, stopSignal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = timers.after(ms, () => {
      stopSignal.removeEventListener('abort', onStop);
      resolve();
    });
    const onStop = (): void => {
      timer.cancel();
      resolve();
    };
    stopSignal.addEventListener('abort', onStop, { once: true });
  });
}

function countAttempts(attempts: number): string {
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}

function formatSeconds(ms: number): string {
  return `${ms / 1000} s`;
}
