import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { AuditAppend } from '../audit';
import type { Logger } from '../logging';
import type { AccessRefusal } from './access-gate';

export interface RefusalRecord extends AccessRefusal {
  /** Refusals in the window before this record that were counted but not written one by one. */
  suppressed: number;
}

export interface RefusalLogOptions {
  clock: Clock;
  timers: Timers;
  write(record: RefusalRecord): void;
  /** Refusals written one by one per window; the rest are counted. */
  limit?: number;
  windowMs?: number;
}

export const REFUSALS_PER_WINDOW = 10;
export const REFUSAL_WINDOW_MS = 60_000;

/**
 * Records refused requests without letting a hostile page flood the audit log: the first few of
 * each minute are written one by one, the rest are counted and written as one record (the last
 * refusal, with the count) when the minute ends.
 */
export function createRefusalLog(options: RefusalLogOptions): (refusal: AccessRefusal) => void {
  const limit = options.limit ?? REFUSALS_PER_WINDOW;
  const windowMs = options.windowMs ?? REFUSAL_WINDOW_MS;
  let windowEnd = Number.NEGATIVE_INFINITY;
  let written = 0;
  let suppressed = 0;
  let lastSuppressed: AccessRefusal | null = null;
  let timer: TimerHandle | null = null;

  const closeWindow = () => {
    timer = null;
    if (lastSuppressed !== null && suppressed > 0) options.write({ ...lastSuppressed, suppressed });
    suppressed = 0;
    lastSuppressed = null;
  };

  return (refusal) => {
    const now = options.clock.now();
    if (now >= windowEnd) {
      timer?.cancel();
      closeWindow();
      windowEnd = now + windowMs;
      written = 0;
      timer = options.timers.after(windowMs, closeWindow);
    }
    if (written < limit) {
      written += 1;
      options.write({ ...refusal, suppressed: 0 });
    } else {
      suppressed += 1;
      lastSuppressed = refusal;
    }
  };
}

/** Refused requests (serve mode's gate, the hub's seat check) in the log and, a few a minute, in the audit log as `access.refused`. */
export function createAuditedRefusalLog(options: {
  clock: Clock;
  timers: Timers;
  logger: Logger;
  recordAudit(entry: AuditAppend): void;
}): (refusal: AccessRefusal) => void {
  const { logger } = options;
  return createRefusalLog({
    clock: options.clock,
    timers: options.timers,
    write(record) {
      logger.warn(record, 'request refused');
      try {
        options.recordAudit({
          actor: 'system',
          action: 'access.refused',
          target: record.origin ?? record.host ?? 'unknown',
          after: record,
          result: 'error',
          detail: record.reason,
        });
      } catch (error) {
        // A refused request must never take the console down, even when the audit log cannot be written.
        logger.error({ err: error }, 'could not record a refused request in the audit log');
      }
    },
  });
}
