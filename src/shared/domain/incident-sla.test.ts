import { describe, expect, it } from 'vitest';
import type { Incident, Priority } from '../contract/incidents';
import { breachesDue, describeClock, dueTimes, nextUpdateDueAt, P0_UPDATE_EVERY_MINUTES, slaClocks, type SlaClock } from './incident-sla';

const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const SEC = 1000;
const MIN = 60_000;
const HOUR = 60 * MIN;

type ClockFields = Pick<
  Incident,
  'priority' | 'startedAt' | 'respondDueAt' | 'resolveDueAt' | 'respondedAt' | 'resolvedAt' | 'respondBreachedAt' | 'resolveBreachedAt'
>;

function incident(priority: Priority, overrides: Partial<ClockFields> = {}): ClockFields {
  return {
    priority,
    startedAt: START,
    ...dueTimes(priority, START),
    respondedAt: null,
    resolvedAt: null,
    respondBreachedAt: null,
    resolveBreachedAt: null,
    ...overrides,
  };
}

describe('due times', () => {
  it.each([
    ['P0', 15 * MIN, 1 * HOUR],
    ['P1', 30 * MIN, 4 * HOUR],
    ['P2', 2 * HOUR, 24 * HOUR],
  ] as const)('%s: respond within %i ms, resolve within %i ms of the start', (priority, respond, resolve) => {
    expect(dueTimes(priority, START)).toEqual({ respondDueAt: START + respond, resolveDueAt: START + resolve });
  });

  it('follows a priority change: the clocks run from the same start to the new targets', () => {
    const p2 = incident('P2');
    const now = START + 20 * MIN;
    expect(slaClocks(p2, now).respond.phase).toBe('ok');
    expect(breachesDue(p2, now)).toEqual([]);

    const raised = { ...p2, priority: 'P0' as const, ...dueTimes('P0', p2.startedAt) };
    expect(raised.respondDueAt).toBe(START + 15 * MIN);
    expect(raised.resolveDueAt).toBe(START + HOUR);
    expect(slaClocks(raised, now).respond.phase).toBe('red');
    expect(breachesDue(raised, now)).toEqual(['respond']);
  });
});

describe('SLA clocks', () => {
  it('runs ok while more than a third of the target is left, amber under a third, red when overdue', () => {
    const p0 = incident('P0');
    // P0 respond: 15 minutes, so amber once less than 5 minutes are left.
    expect(slaClocks(p0, START + 10 * MIN).respond).toEqual({
      kind: 'respond',
      dueAt: START + 15 * MIN,
      stoppedAt: null,
      phase: 'ok',
      remainingMs: 5 * MIN,
    });
    expect(slaClocks(p0, START + 10 * MIN + SEC).respond.phase).toBe('amber');
    expect(slaClocks(p0, START + 15 * MIN - SEC).respond.phase).toBe('amber');
    expect(slaClocks(p0, START + 15 * MIN).respond.phase).toBe('red');
    expect(slaClocks(p0, START + 18 * MIN).respond.remainingMs).toBe(-3 * MIN);
    // P0 resolve: 1 hour, so amber under 20 minutes left.
    expect(slaClocks(p0, START + 40 * MIN).resolve.phase).toBe('ok');
    expect(slaClocks(p0, START + 41 * MIN).resolve.phase).toBe('amber');
  });

  it("turns amber by each priority's own target", () => {
    // A third of P2's 2-hour respond target is 40 minutes; of P1's 30 minutes, 10.
    expect(slaClocks(incident('P2'), START + 2 * HOUR - 41 * MIN).respond.phase).toBe('ok');
    expect(slaClocks(incident('P2'), START + 2 * HOUR - 39 * MIN).respond.phase).toBe('amber');
    expect(slaClocks(incident('P1'), START + 30 * MIN - 11 * MIN).respond.phase).toBe('ok');
    expect(slaClocks(incident('P1'), START + 30 * MIN - 9 * MIN).respond.phase).toBe('amber');
  });

  it('stops: met before the due time, missed at or after it, whatever the time now', () => {
    const met = slaClocks(incident('P1', { respondedAt: START + 10 * MIN, resolvedAt: START + 5 * HOUR }), START + 10 * HOUR);
    expect(met.respond).toEqual({
      kind: 'respond',
      dueAt: START + 30 * MIN,
      stoppedAt: START + 10 * MIN,
      phase: 'met',
      remainingMs: 20 * MIN,
    });
    expect(met.resolve).toMatchObject({ phase: 'missed', stoppedAt: START + 5 * HOUR, remainingMs: -HOUR });
    expect(slaClocks(incident('P1', { respondedAt: START + 30 * MIN }), START + HOUR).respond.phase).toBe('missed');
  });

  it('stops the respond clock at the resolution when nobody claimed the incident', () => {
    const clocks = slaClocks(incident('P0', { resolvedAt: START + 5 * MIN }), START + 2 * HOUR);
    expect(clocks.respond).toMatchObject({ phase: 'met', stoppedAt: START + 5 * MIN });
    expect(clocks.resolve.phase).toBe('met');
  });
});

describe('breaches', () => {
  it('are due once each clock runs out, and not again once recorded', () => {
    const p0 = incident('P0');
    expect(breachesDue(p0, START + 15 * MIN - 1)).toEqual([]);
    expect(breachesDue(p0, START + 15 * MIN)).toEqual(['respond']);
    const respondRecorded = { ...p0, respondBreachedAt: START + 15 * MIN };
    expect(breachesDue(respondRecorded, START + 30 * MIN)).toEqual([]);
    expect(breachesDue(respondRecorded, START + HOUR)).toEqual(['resolve']);
    expect(breachesDue({ ...respondRecorded, resolveBreachedAt: START + HOUR }, START + 3 * HOUR)).toEqual([]);
  });

  it('names both when both ran out unnoticed (core was not running)', () => {
    expect(breachesDue(incident('P0'), START + 2 * HOUR)).toEqual(['respond', 'resolve']);
  });

  it('never come for a stopped clock', () => {
    expect(breachesDue(incident('P0', { respondedAt: START + 20 * MIN }), START + 30 * MIN)).toEqual([]);
    expect(breachesDue(incident('P0', { respondedAt: START + MIN, resolvedAt: START + 2 * HOUR }), START + 3 * HOUR)).toEqual([]);
    expect(breachesDue(incident('P0', { resolvedAt: START + 20 * MIN }), START + 3 * HOUR)).toEqual([]);
  });
});

describe('the next status update', () => {
  it('is due every 15 minutes for P0, or earlier when an earlier time was promised', () => {
    const last = START + 30 * MIN;
    expect(P0_UPDATE_EVERY_MINUTES).toBe(15);
    expect(nextUpdateDueAt('P0', last, null)).toBe(last + 15 * MIN);
    expect(nextUpdateDueAt('P0', last, last + 10 * MIN)).toBe(last + 10 * MIN);
    expect(nextUpdateDueAt('P0', last, last + 45 * MIN)).toBe(last + 15 * MIN);
  });

  it('is what was promised for P1 and P2, or nothing', () => {
    expect(nextUpdateDueAt('P1', START, START + 45 * MIN)).toBe(START + 45 * MIN);
    expect(nextUpdateDueAt('P2', START, null)).toBeNull();
  });
});

describe('describeClock', () => {
  const running = (remainingMs: number, phase: SlaClock['phase'] = 'ok'): SlaClock => ({
    kind: 'resolve',
    dueAt: START,
    stoppedAt: null,
    phase,
    remainingMs,
  });
  const stopped = (remainingMs: number): SlaClock => ({
    kind: 'respond',
    dueAt: START,
    stoppedAt: START - remainingMs,
    phase: remainingMs > 0 ? 'met' : 'missed',
    remainingMs,
  });

  it.each([
    [running(12 * MIN + 4 * SEC), '12:04 left'],
    [running(4 * MIN + 59 * SEC + 200, 'amber'), '5:00 left'],
    [running(300, 'amber'), '0:01 left'],
    [running(HOUR + 5 * MIN), '1:05 h left'],
    [running(23 * HOUR + 59 * MIN + 30 * SEC), '24:00 h left'],
    [running(0, 'red'), 'less than 1 min overdue'],
    [running(-3 * MIN - 20 * SEC, 'red'), '3 min overdue'],
    [running(-(2 * HOUR + 7 * MIN), 'red'), '2:07 h overdue'],
    [stopped(4 * MIN + 30 * SEC), 'met with 4 min to spare'],
    [stopped(HOUR + 10 * MIN), 'met with 1:10 h to spare'],
    [stopped(-6 * MIN), 'missed by 6 min'],
    [stopped(0), 'missed by less than 1 min'],
  ])('%j reads "%s"', (clock, text) => {
    expect(describeClock(clock)).toBe(text);
  });
});
