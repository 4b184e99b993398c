import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whoIsOnCall, type RotationSchedule } from './on-call';

// shared/ is typed without Node; the time-zone cases below need to set the process's TZ.
declare const process: { env: Record<string, string | undefined> };

const HOUR = 3_600_000;

/** Ana, Ben and Cleo a week each, handing over on Mondays at 08:00, from Monday 2 March 2026 (Berlin). */
function rotation(overrides: RotationSchedule['overrides'] = [], people = ['ana', 'ben', 'cleo'], rotationWeeks = 1): RotationSchedule {
  return { people, handoffWeekday: 1, handoffTime: '08:00', rotationWeeks, startsOn: '2026-03-01', overrides };
}

/** An instant on Berlin's wall clock (the process runs in Europe/Berlin for these tests). */
const berlin = (year: number, month: number, day: number, hour = 0, minute = 0) => new Date(year, month - 1, day, hour, minute).getTime();

describe('whoIsOnCall in Berlin (clocks go forward on Sunday 29 March 2026, back on Sunday 25 October)', () => {
  const originalZone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
  });

  it('names nobody before the first handoff, and the first person from it', () => {
    expect(whoIsOnCall(rotation(), berlin(2026, 3, 2, 7, 59), 'local')).toEqual({
      now: null,
      next: { userId: 'ana', because: 'rotation', from: berlin(2026, 3, 2, 8) },
    });
    expect(whoIsOnCall(rotation(), berlin(2026, 3, 2, 8), 'local')).toEqual({
      now: { userId: 'ana', because: 'rotation', until: berlin(2026, 3, 9, 8) },
      next: { userId: 'ben', because: 'rotation', from: berlin(2026, 3, 9, 8) },
    });
  });

  it('hands over at 08:00 on the wall across the spring change: 167 hours after the last handoff, not 168', () => {
    // Ana's second week (from 23 March) spans the night the clocks go forward; Ben takes over on 30 March at 08:00 CEST.
    const answer = whoIsOnCall(rotation(), berlin(2026, 3, 29, 12), 'local');
    expect(answer.now).toEqual({ userId: 'ana', because: 'rotation', until: berlin(2026, 3, 30, 8) });
    expect(answer.next).toEqual({ userId: 'ben', because: 'rotation', from: berlin(2026, 3, 30, 8) });
    expect(berlin(2026, 3, 30, 8) - berlin(2026, 3, 23, 8)).toBe(167 * HOUR);
    expect(new Date(answer.next!.from).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    // One minute before the handoff it is still Ana; at it, Ben.
    expect(whoIsOnCall(rotation(), berlin(2026, 3, 30, 7, 59), 'local').now?.userId).toBe('ana');
    expect(whoIsOnCall(rotation(), berlin(2026, 3, 30, 8), 'local').now?.userId).toBe('ben');
  });

  it('hands over at 08:00 on the wall across the autumn change: 169 hours', () => {
    // 30 weeks after 2 March is 28 September (Ana); 19 October is Ana's again, 26 October Ben's.
    const answer = whoIsOnCall(rotation(), berlin(2026, 10, 25, 2, 30), 'local');
    expect(answer.now).toEqual({ userId: 'ana', because: 'rotation', until: berlin(2026, 10, 26, 8) });
    expect(answer.next?.from).toBe(Date.UTC(2026, 9, 26, 7));
    expect(berlin(2026, 10, 26, 8) - berlin(2026, 10, 19, 8)).toBe(169 * HOUR);
  });

  it('keeps a person on for several weeks when the rotation is longer than one', () => {
    const fortnights = rotation([], ['ana', 'ben'], 2);
    expect(whoIsOnCall(fortnights, berlin(2026, 3, 12), 'local')).toEqual({
      now: { userId: 'ana', because: 'rotation', until: berlin(2026, 3, 16, 8) },
      next: { userId: 'ben', because: 'rotation', from: berlin(2026, 3, 16, 8) },
    });
  });

  it('puts an override over the rotation, and hands back at its end', () => {
    const sick = { userId: 'dan', from: berlin(2026, 3, 4, 12), to: berlin(2026, 3, 6, 12), note: 'Ana is ill' };
    expect(whoIsOnCall(rotation([sick]), berlin(2026, 3, 3), 'local').next).toEqual({
      userId: 'dan',
      because: 'override',
      from: sick.from,
    });
    expect(whoIsOnCall(rotation([sick]), berlin(2026, 3, 5), 'local')).toEqual({
      now: { userId: 'dan', because: 'override', until: sick.to },
      next: { userId: 'ana', because: 'rotation', from: sick.to },
    });
  });

  it('passes over the handoff an override covers: the next change is the end of the override, to whoever the rotation has then', () => {
    // Dan covers Sunday 8 March 20:00 to Tuesday 10 March 08:00, over Monday's handoff from Ana to Ben.
    const cover = { userId: 'dan', from: berlin(2026, 3, 8, 20), to: berlin(2026, 3, 10, 8), note: '' };
    expect(whoIsOnCall(rotation([cover]), berlin(2026, 3, 9, 9), 'local')).toEqual({
      now: { userId: 'dan', because: 'override', until: cover.to },
      next: { userId: 'ben', because: 'rotation', from: cover.to },
    });
    expect(whoIsOnCall(rotation([cover]), berlin(2026, 3, 8, 12), 'local')).toEqual({
      now: { userId: 'ana', because: 'rotation', until: cover.from },
      next: { userId: 'dan', because: 'override', from: cover.from },
    });
  });

  it('reads an override of the person already on call as no handoff, and lets the later of two overlapping overrides win', () => {
    const same = { userId: 'ana', from: berlin(2026, 3, 8, 20), to: berlin(2026, 3, 9, 20), note: 'Ana stays on' };
    // Ana keeps the Monday handoff; Ben takes over when her override ends.
    expect(whoIsOnCall(rotation([same]), berlin(2026, 3, 8, 12), 'local')).toEqual({
      now: { userId: 'ana', because: 'rotation', until: same.to },
      next: { userId: 'ben', because: 'rotation', from: same.to },
    });
    const first = { userId: 'dan', from: berlin(2026, 3, 3), to: berlin(2026, 3, 6), note: '' };
    const later = { userId: 'eve', from: berlin(2026, 3, 4), to: berlin(2026, 3, 5), note: '' };
    expect(whoIsOnCall(rotation([first, later]), berlin(2026, 3, 4, 12), 'local')).toEqual({
      now: { userId: 'eve', because: 'override', until: later.to },
      next: { userId: 'dan', because: 'override', from: later.to },
    });
  });

  it('has nobody next with one person in the rotation and no override ahead', () => {
    expect(whoIsOnCall(rotation([], ['ana']), berlin(2026, 6, 1), 'local')).toEqual({
      now: { userId: 'ana', because: 'rotation', until: null },
      next: null,
    });
  });
});

describe('whoIsOnCall on a console set to UTC', () => {
  it('hands over at the UTC wall time whatever the process zone', () => {
    const answer = whoIsOnCall(rotation(), Date.UTC(2026, 2, 29, 12), 'utc');
    expect(answer.now).toEqual({ userId: 'ana', because: 'rotation', until: Date.UTC(2026, 2, 30, 8) });
  });
});
