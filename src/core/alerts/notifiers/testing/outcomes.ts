import { Writable } from 'node:stream';
import pino from 'pino';
import type { NotificationOutcome } from '../../../../shared/contract/alerts';
import type { Logger } from '../../../logging';
import type { NotificationMessage } from '../message';

export interface Reported {
  message: NotificationMessage;
  outcome: NotificationOutcome;
}

/** Collects what the notifier reports, and lets a test wait for the n-th report. */
export function collectOutcomes(): {
  onOutcome: (message: NotificationMessage, outcome: NotificationOutcome) => void;
  reported: Reported[];
  count(n: number): Promise<Reported[]>;
  nth(n: number): Promise<NotificationOutcome>;
} {
  const reported: Reported[] = [];
  let waiters: { n: number; resolve: (all: Reported[]) => void }[] = [];
  const count = (n: number): Promise<Reported[]> =>
    reported.length >= n ? Promise.resolve(reported) : new Promise((resolve) => waiters.push({ n, resolve }));
  return {
    reported,
    onOutcome(message, outcome) {
      reported.push({ message, outcome });
      for (const waiter of waiters.filter((w) => reported.length >= w.n)) waiter.resolve(reported);
      waiters = waiters.filter((w) => reported.length < w.n);
    },
    count,
    /** The n-th outcome reported (from 1), once it is. */
    async nth(n) {
      const report = (await count(n))[n - 1];
      if (!report) throw new Error(`no outcome number ${n}`);
      return report.outcome;
    },
  };
}

/** A real pino logger whose lines stay in memory, to check what reaches the log (and what must not). */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}
