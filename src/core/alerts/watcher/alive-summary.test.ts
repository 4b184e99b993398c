import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import type { NotificationOutcome } from '../../../shared/contract';
import type { CronZone } from '../../../shared/domain/cron';
import { createSilentLogger } from '../../logging';
import { AliveSummary } from './alive-summary';
import { aliveText } from './index';
import type { AliveSummarySent } from './watcher-store';

const originalZone = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterEach(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

/** The summary alone on a fake clock over days (a whole core ticking for days would take minutes); the store is kept in memory. */
function run(start: number, time: string, zone: CronZone = 'local') {
  const clock = new FakeClock(start);
  const sent: string[] = [];
  let stored: AliveSummarySent | null = null;
  const summary = new AliveSummary({
    clock,
    timers: clock,
    logger: createSilentLogger(),
    timeZone: () => zone,
    config: () => ({ time, channelId: 'chat' }),
    store: {
      aliveSummarySent: () => stored,
      saveAliveSummarySent: (value) => {
        stored = value;
      },
    },
    send: () => {
      sent.push(new Date(clock.now()).toISOString());
      const outcome: NotificationOutcome = {
        channelId: 'chat',
        channelName: 'Ops chat',
        at: clock.now(),
        ok: true,
        attempts: 1,
        detail: 'HTTP 200',
        stage: 'delivered',
        status: 200,
        answer: 'ok',
      };
      return Promise.resolve(outcome);
    },
    text: () => 'Watchroom console alive',
  });
  summary.start();
  return { clock, sent, summary };
}

describe('the daily alive summary over days (Europe/Berlin)', () => {
  it('goes at 09:00 on the wall clock each day across the change to summer time (29 March 2026)', async () => {
    const { clock, sent } = run(Date.UTC(2026, 2, 28, 6, 0), '09:00');
    await clock.advanceAsync(3 * 86_400_000, 3_600_000);
    // 09:00 CET is 08:00 UTC; from 29 March 09:00 CEST is 07:00 UTC.
    expect(sent).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('goes at the first minute after a time the clocks skip, once', async () => {
    const { clock, sent } = run(Date.UTC(2026, 2, 28, 0, 0), '02:30');
    await clock.advanceAsync(2 * 86_400_000, 3_600_000);
    // 29 March has no 02:30: it goes at 03:00 CEST (01:00 UTC).
    expect(sent).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('goes once on the day an hour repeats (25 October 2026)', async () => {
    const { clock, sent } = run(Date.UTC(2026, 9, 24, 23, 0), '02:30');
    await clock.advanceAsync(2 * 86_400_000, 3_600_000);
    expect(sent).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('follows the console set to UTC, whatever the machine’s zone', async () => {
    const { clock, sent } = run(Date.UTC(2026, 2, 28, 6, 0), '09:00', 'utc');
    await clock.advanceAsync(2 * 86_400_000, 3_600_000);
    expect(sent).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T09:00:00.000Z']);
  });

  it('goes at once when the console starts after the time on a day it was not sent yet', async () => {
    const { clock, sent } = run(Date.UTC(2026, 2, 28, 12, 0), '09:00');
    await clock.advanceAsync(60_000);
    expect(sent).toEqual(['2026-03-28T12:00:00.000Z']);
  });

  it('counts monitors, open alerts and the critical ones, in words', () => {
    expect(
      aliveText(12, [
        { severity: 'critical', state: 'firing' },
        { severity: 'high', state: 'acknowledged' },
        { severity: 'low', state: 'resolved' },
      ]),
    ).toBe('Watchroom console alive: 12 monitors, 2 open alerts (1 critical)');
    expect(aliveText(1, [])).toBe('Watchroom console alive: 1 monitor, 0 open alerts (0 critical)');
  });
});
