import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCronRun, parseCron, previousCronRun, type CronSchedule, type CronZone } from './cron';

// shared/ is typed without Node; the time-zone cases below need to set the process's TZ.
declare const process: { env: Record<string, string | undefined> };

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(`${expression}: ${parsed.message}`);
  return parsed.cron;
}

function messageFor(expression: string): string {
  const parsed = parseCron(expression);
  return parsed.ok ? 'parsed' : parsed.message;
}

const at = (iso: string) => Date.parse(iso);
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function nextRuns(expression: string, afterIso: string, count: number, zone: CronZone = 'utc'): (string | null)[] {
  const schedule = cron(expression);
  const runs: (string | null)[] = [];
  let after: number | null = at(afterIso);
  for (let index = 0; index < count && after !== null; index += 1) {
    after = nextCronRun(schedule, after, zone);
    runs.push(isoOrNull(after));
  }
  return runs;
}

const next = (expression: string, afterIso: string, zone: CronZone = 'utc') => isoOrNull(nextCronRun(cron(expression), at(afterIso), zone));
const previous = (expression: string, atIso: string, zone: CronZone = 'utc') =>
  isoOrNull(previousCronRun(cron(expression), at(atIso), zone));

describe('parseCron tells the operator what is wrong, naming the field', () => {
  it.each([
    ['0 25 * * *', 'The hour field: 25 is outside 0-23'],
    ['60 * * * *', 'The minute field: 60 is outside 0-59'],
    ['0 0 0 * *', 'The day-of-month field: 0 is outside 1-31'],
    ['0 0 * 13 *', 'The month field: 13 is outside 1-12'],
    ['0 0 * * 8', 'The day-of-week field: 8 is outside 0-7'],
    ['0 0 * smarch *', 'The month field: "smarch" is not a month (1-12 or jan-dec)'],
    ['0 0 * * funday', 'The day-of-week field: "funday" is not a day of the week (0-7 or sun-sat)'],
    ['0 x * * *', 'The hour field: "x" is not an hour (0-23)'],
    ['*/0 * * * *', 'The minute field: the step after "/" must be a whole number of 1 or more, not "0"'],
    ['0 22-2 * * *', 'The hour field: the range 22-2 runs backwards; split it, as in 22-23,0-2'],
    ['0 1,,2 * * *', 'The hour field: the list has an empty item (two commas in a row, or one at an end)'],
    ['0 1-2-3 * * *', 'The hour field: "1-2-3" is not a range such as 1-5'],
    ['0 2 * *', 'A schedule has five fields (minute hour day-of-month month day-of-week); this one has 4'],
    ['0 2 * * * 2026', 'A schedule has five fields (minute hour day-of-month month day-of-week); this one has 6'],
    ['   ', 'Give a schedule such as "0 2 * * 0" (Sundays at 02:00)'],
  ])('%s', (expression, message) => {
    expect(messageFor(expression)).toBe(message);
  });

  it('reads ranges, lists, steps and names, in any letter case', () => {
    expect(cron('*/15 9-17/4 1,15 JAN-mar mon-FRI')).toEqual({
      minutes: [0, 15, 30, 45],
      hours: [9, 13, 17],
      daysOfMonth: [1, 15],
      months: [1, 2, 3],
      daysOfWeek: [1, 2, 3, 4, 5],
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: true,
    });
    expect(cron('5/20 * * * *').minutes).toEqual([5, 25, 45]);
  });

  it('takes both 0 and 7 as Sunday, and a week range may end on Sunday', () => {
    expect(cron('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(cron('0 0 * * 0,7').daysOfWeek).toEqual([0]);
    expect(cron('0 0 * * fri-sun').daysOfWeek).toEqual([0, 5, 6]);
    expect(cron('0 0 * * 5-7').daysOfWeek).toEqual([0, 5, 6]);
  });
});

describe('the backup schedules', () => {
  it('runs the daily backup at 02:00 every day', () => {
    expect(nextRuns('0 2 * * *', '2026-03-10T01:59:59Z', 3)).toEqual([
      '2026-03-10T02:00:00.000Z',
      '2026-03-11T02:00:00.000Z',
      '2026-03-12T02:00:00.000Z',
    ]);
  });

  it('runs the weekly backup on Sundays at 03:00', () => {
    // 2026-03-10 is a Tuesday.
    expect(nextRuns('0 3 * * 0', '2026-03-10T12:00:00Z', 2)).toEqual(['2026-03-15T03:00:00.000Z', '2026-03-22T03:00:00.000Z']);
  });

  it('runs the monthly backup on the 1st at 04:00, across the turn of the year', () => {
    expect(nextRuns('0 4 1 * *', '2026-11-15T00:00:00Z', 3)).toEqual([
      '2026-12-01T04:00:00.000Z',
      '2027-01-01T04:00:00.000Z',
      '2027-02-01T04:00:00.000Z',
    ]);
  });

  it('finds the run missed while the computer was off', () => {
    // Off from Saturday evening to Monday morning: the Sunday 03:00 backup was missed.
    expect(previous('0 3 * * 0', '2026-03-16T08:00:00Z')).toBe('2026-03-15T03:00:00.000Z');
    expect(previous('0 2 * * *', '2026-03-16T01:00:00Z')).toBe('2026-03-15T02:00:00.000Z');
    expect(previous('0 4 1 * *', '2026-03-01T03:59:00Z')).toBe('2026-02-01T04:00:00.000Z');
  });
});

describe('nextCronRun and previousCronRun', () => {
  it('returns the next run strictly after the time, at second 0', () => {
    expect(next('0 2 * * *', '2026-03-10T02:00:00Z')).toBe('2026-03-11T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-03-10T02:00:30Z')).toBe('2026-03-11T02:00:00.000Z');
    expect(next('* * * * *', '2026-03-10T02:00:30.500Z')).toBe('2026-03-10T02:01:00.000Z');
  });

  it('returns a run exactly at the time as the previous one', () => {
    expect(previous('0 2 * * *', '2026-03-10T02:00:00Z')).toBe('2026-03-10T02:00:00.000Z');
    expect(previous('0 2 * * *', '2026-03-10T01:59:59Z')).toBe('2026-03-09T02:00:00.000Z');
  });

  it('walks steps within the hour and into the next', () => {
    expect(nextRuns('*/20 9-10 * * *', '2026-03-10T09:30:00Z', 4)).toEqual([
      '2026-03-10T09:40:00.000Z',
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T10:20:00.000Z',
      '2026-03-10T10:40:00.000Z',
    ]);
    expect(next('*/20 9-10 * * *', '2026-03-10T10:40:00Z')).toBe('2026-03-11T09:00:00.000Z');
    expect(previous('*/20 9-10 * * *', '2026-03-11T08:59:00Z')).toBe('2026-03-10T10:40:00.000Z');
  });

  it('runs when either day field matches if both are restricted (the 13th, and every Friday)', () => {
    // March 2026: Fridays are the 13th, 20th and 27th; the 13th runs once.
    expect(nextRuns('0 0 13 * fri', '2026-03-01T00:00:00Z', 4)).toEqual([
      '2026-03-06T00:00:00.000Z',
      '2026-03-13T00:00:00.000Z',
      '2026-03-20T00:00:00.000Z',
      '2026-03-27T00:00:00.000Z',
    ]);
    expect(next('0 0 13 * fri', '2026-03-27T00:00:00Z')).toBe('2026-04-03T00:00:00.000Z');
  });

  it('needs both day fields when one is written with a star', () => {
    // Odd days of the month that are also Mondays: 2026-03-09 is a Monday, the 2nd and 16th are not odd.
    expect(next('0 0 */2 * mon', '2026-03-01T00:00:00Z')).toBe('2026-03-09T00:00:00.000Z');
    expect(next('0 0 * * mon', '2026-03-01T00:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
  });

  it('skips months without the day, and finds 29 February years ahead', () => {
    expect(nextRuns('0 0 31 * *', '2026-01-31T00:00:00Z', 2)).toEqual(['2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z']);
    expect(next('0 12 29 feb *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(previous('0 12 29 feb *', '2026-03-01T00:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('answers null for a date that never comes, both ways, and quickly', () => {
    const never = cron('0 0 30 2 *');
    const started = performance.now();
    for (let index = 0; index < 500; index += 1) {
      expect(nextCronRun(never, at('2026-01-01T00:00:00Z') + index * 3_600_000, 'utc')).toBeNull();
      expect(previousCronRun(never, at('2026-01-01T00:00:00Z') + index * 3_600_000, 'utc')).toBeNull();
    }
    // Minute by minute, one search would take millions of steps; by skipping, all of these take milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("the 'local' zone, whatever the zone of this machine", () => {
  it('runs every minute on the next whole minute', () => {
    expect(next('* * * * *', '2026-03-10T02:00:30Z', 'local')).toBe('2026-03-10T02:01:00.000Z');
  });

  it('runs the daily backup at 02:00 on the local clock, and finds the previous run', () => {
    const now = at('2026-06-10T12:34:00Z');
    const nextRun = nextCronRun(cron('0 2 * * *'), now, 'local');
    const previousRun = previousCronRun(cron('0 2 * * *'), now, 'local');
    expect(nextRun).not.toBeNull();
    expect(previousRun).not.toBeNull();
    for (const run of [nextRun, previousRun]) {
      const local = new Date(run ?? 0);
      expect([local.getHours(), local.getMinutes(), local.getSeconds()]).toEqual([2, 0, 0]);
    }
    expect(previousRun).toBeLessThanOrEqual(now);
    expect(nextRun).toBeGreaterThan(now);
    expect((nextRun ?? 0) - (previousRun ?? 0)).toBe(86_400_000);
  });
});

describe('daylight saving time in Berlin (clocks go forward on 29 March 2026 at 02:00, back on 25 October at 03:00)', () => {
  const originalZone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
  });

  it('skips a local time that does not exist that day', () => {
    // 02:30 does not exist on 29 March: the runs are 28 March 02:30 CET and 30 March 02:30 CEST.
    expect(nextRuns('30 2 * * *', '2026-03-27T12:00:00Z', 2, 'local')).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(previous('30 2 * * *', '2026-03-30T00:00:00Z', 'local')).toBe('2026-03-28T01:30:00.000Z');
  });

  it('runs a repeated local time once, at its first occurrence', () => {
    // 02:30 happens twice on 25 October: at 00:30 UTC (CEST) and 01:30 UTC (CET).
    expect(nextRuns('30 2 * * *', '2026-10-24T12:00:00Z', 2, 'local')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    // Started during the repeated hour, after the first 02:30: that run is already past, and it is the latest one.
    expect(next('30 2 * * *', '2026-10-25T01:10:00Z', 'local')).toBe('2026-10-26T01:30:00.000Z');
    expect(previous('30 2 * * *', '2026-10-25T01:10:00Z', 'local')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('runs hourly schedules once per local hour: none for the skipped hour, one for the repeated hour', () => {
    // 02:00 CET does not exist: 01:00 CET is followed by 03:00 CEST.
    expect(nextRuns('0 * * * *', '2026-03-29T00:30:00Z', 2, 'local')).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']);
    // 02:00 CEST, then 02:00 CET is the repeat and does not run, then 03:00 CET.
    expect(nextRuns('0 * * * *', '2026-10-24T23:30:00Z', 3, 'local')).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });
});
