import { describe, expect, it } from 'vitest';
import { SopStep, StepInputSpec, type SopStepInput, type StepRecord } from '../contract/incidents';
import { checklist, emptyStepRecords, nextOpenStepId, openRequiredSteps, refuseInputValue } from './sop-checklist';

const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const step = (input: SopStepInput): SopStep => SopStep.parse(input);

/** An intrusion alarm: a guard on site skips the keyholder and the patrol; no guard skips only the keyholder call. */
const STEPS: SopStep[] = [
  step({ id: 'confirm-alarm', title: 'Confirm the alarm on camera', timeLimitMinutes: 5 }),
  step({ id: 'guard-on-site', title: 'Is a guard on site?', kind: 'yes-no', onYes: 'guard-report', onNo: 'dispatch-patrol' }),
  step({ id: 'call-keyholder', title: 'Call the keyholder', timeLimitMinutes: 10 }),
  step({ id: 'dispatch-patrol', title: 'Dispatch a mobile patrol' }),
  step({ id: 'guard-report', title: "Take the guard's report" }),
  step({ id: 'false-alarm', title: 'Was it a false alarm?', kind: 'yes-no', onYes: 'end' }),
  step({
    id: 'police-reference',
    title: 'Record the police reference',
    kind: 'input',
    input: { label: 'Police reference', pattern: '^[A-Z]{2}-\\d{6}$', example: 'AB-123456' },
  }),
  step({ id: 'close-log', title: 'Close the site log', required: false }),
];

function records(changes: Record<string, Partial<StepRecord>>): StepRecord[] {
  return emptyStepRecords(STEPS).map((record) => {
    const change = changes[record.stepId];
    return change === undefined ? record : { ...record, status: 'done', by: 'Ana', at: START + MIN, ...change };
  });
}

const pathOf = (stepRecords: readonly StepRecord[]) =>
  checklist(STEPS, stepRecords, START, START)
    .filter((item) => item.onPath)
    .map((item) => item.step.id);
const openRequiredIds = (stepRecords: readonly StepRecord[]) => openRequiredSteps(STEPS, stepRecords).map((item) => item.id);

describe('emptyStepRecords', () => {
  it('opens one record per step, in order, with nothing recorded', () => {
    const empty = emptyStepRecords(STEPS.slice(0, 2));
    expect(empty).toEqual([
      { stepId: 'confirm-alarm', status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null },
      { stepId: 'guard-on-site', status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null },
    ]);
  });
});

describe('the checklist path', () => {
  it('keeps every step in order while no yes/no step is answered', () => {
    const open = emptyStepRecords(STEPS);
    expect(pathOf(open)).toEqual(STEPS.map((item) => item.id));
    expect(openRequiredIds(open)).toEqual(STEPS.filter((item) => item.required).map((item) => item.id));
    expect(nextOpenStepId(STEPS, open)).toBe('confirm-alarm');
    expect(nextOpenStepId(STEPS, records({ 'confirm-alarm': {} }))).toBe('guard-on-site');
  });

  it('jumps on "yes": the steps jumped over are off the path, not required, but still listed', () => {
    const answered = records({ 'confirm-alarm': {}, 'guard-on-site': { answer: 'yes' } });
    const items = checklist(STEPS, answered, START, START);
    expect(items.map((item) => item.step.id)).toEqual(STEPS.map((item) => item.id));
    expect(pathOf(answered)).toEqual(['confirm-alarm', 'guard-on-site', 'guard-report', 'false-alarm', 'police-reference', 'close-log']);
    expect(openRequiredIds(answered)).toEqual(['guard-report', 'false-alarm', 'police-reference']);
    expect(nextOpenStepId(STEPS, answered)).toBe('guard-report');
  });

  it('takes the other branch on "no"', () => {
    const answered = records({ 'confirm-alarm': {}, 'guard-on-site': { answer: 'no' } });
    expect(pathOf(answered)).toEqual([
      'confirm-alarm',
      'guard-on-site',
      'dispatch-patrol',
      'guard-report',
      'false-alarm',
      'police-reference',
      'close-log',
    ]);
    expect(nextOpenStepId(STEPS, answered)).toBe('dispatch-patrol');
  });

  it('ends at `end`: nothing after it is left to do', () => {
    const answered = records({
      'confirm-alarm': {},
      'guard-on-site': { answer: 'yes' },
      'guard-report': {},
      'false-alarm': { answer: 'yes' },
    });
    expect(pathOf(answered)).toEqual(['confirm-alarm', 'guard-on-site', 'guard-report', 'false-alarm']);
    expect(openRequiredIds(answered)).toEqual([]);
    expect(nextOpenStepId(STEPS, answered)).toBeNull();
  });

  it('goes on in order after a "no" that names no target', () => {
    const answered = records({
      'confirm-alarm': {},
      'guard-on-site': { answer: 'yes' },
      'guard-report': {},
      'false-alarm': { answer: 'no' },
    });
    expect(nextOpenStepId(STEPS, answered)).toBe('police-reference');
    expect(openRequiredIds(answered)).toEqual(['police-reference']);
  });

  it('goes on in order after a skipped yes/no step', () => {
    const skipped = records({ 'confirm-alarm': {}, 'guard-on-site': { status: 'skipped', skipReason: 'Radio down' } });
    expect(pathOf(skipped)).toEqual(STEPS.map((item) => item.id));
    expect(nextOpenStepId(STEPS, skipped)).toBe('call-keyholder');
  });

  it('leaves a later step open (and required) until the unanswered yes/no step before it is answered', () => {
    const unanswered = records({ 'confirm-alarm': {}, 'call-keyholder': {} });
    expect(nextOpenStepId(STEPS, unanswered)).toBe('guard-on-site');
    expect(openRequiredIds(unanswered)).toContain('dispatch-patrol');
  });

  it('ignores an answer left on a step that is now off the path', () => {
    const steps = [
      step({ id: 'patrol-sent', title: 'Was a patrol sent?', kind: 'yes-no', onYes: 'patrol-report' }),
      step({ id: 'stood-down', title: 'Was the alarm stood down?', kind: 'yes-no', onYes: 'end' }),
      step({ id: 'patrol-report', title: "Take the patrol's report" }),
    ];
    const [patrolSent, stoodDown, patrolReport] = emptyStepRecords(steps);
    const stale: StepRecord[] = [
      { ...patrolSent!, status: 'done', answer: 'yes' },
      { ...stoodDown!, status: 'done', answer: 'yes' },
      patrolReport!,
    ];
    expect(checklist(steps, stale, START, START).map((item) => item.onPath)).toEqual([true, false, true]);
    expect(nextOpenStepId(steps, stale)).toBe('patrol-report');
  });

  it('counts steps without a record as open', () => {
    const short = records({ 'confirm-alarm': {}, 'guard-on-site': { answer: 'no' } }).slice(0, 2);
    expect(nextOpenStepId(STEPS, short)).toBe('dispatch-patrol');
    const items = checklist(STEPS, short, START, START);
    expect(items).toHaveLength(STEPS.length);
    expect(items[7]?.record).toMatchObject({ stepId: 'close-log', status: 'open' });
  });

  it('is no work left for a step done already', () => {
    const done = records(Object.fromEntries(STEPS.map((item) => [item.id, item.kind === 'yes-no' ? { answer: 'no' as const } : {}])));
    expect(openRequiredIds(done)).toEqual([]);
    expect(nextOpenStepId(STEPS, done)).toBeNull();
  });
});

describe('overdue steps', () => {
  const overdueIds = (stepRecords: readonly StepRecord[], now: number) =>
    checklist(STEPS, stepRecords, START, now)
      .filter((item) => item.overdue)
      .map((item) => item.step.id);

  it('counts the time limit from the incident start', () => {
    expect(overdueIds(emptyStepRecords(STEPS), START + 5 * MIN)).toEqual([]);
    expect(overdueIds(emptyStepRecords(STEPS), START + 5 * MIN + 1)).toEqual(['confirm-alarm']);
    expect(overdueIds(emptyStepRecords(STEPS), START + 11 * MIN)).toEqual(['confirm-alarm', 'call-keyholder']);
  });

  it('keeps a step done or skipped late overdue, and one done in time not', () => {
    const late = records({
      'confirm-alarm': { at: START + 7 * MIN },
      'call-keyholder': { status: 'skipped', at: START + 12 * MIN, skipReason: 'No number' },
    });
    expect(overdueIds(late, START + HOUR)).toEqual(['confirm-alarm', 'call-keyholder']);
    const inTime = records({ 'confirm-alarm': { at: START + 4 * MIN }, 'call-keyholder': { at: START + 10 * MIN } });
    expect(overdueIds(inTime, START + HOUR)).toEqual([]);
  });

  it('never calls a step off the path overdue', () => {
    const answered = records({ 'confirm-alarm': {}, 'guard-on-site': { answer: 'yes' } });
    expect(overdueIds(answered, START + HOUR)).toEqual([]);
  });
});

describe('refuseInputValue', () => {
  const policeReference = StepInputSpec.parse({ label: 'Police reference', pattern: '^[A-Z]{2}-\\d{6}$', example: 'AB-123456' });

  it('accepts a value that matches the pattern, around spaces too', () => {
    expect(refuseInputValue(policeReference, 'AB-123456')).toBeNull();
    expect(refuseInputValue(policeReference, ' AB-123456 ')).toBeNull();
  });

  it('refuses a value that does not, showing what a good one looks like', () => {
    expect(refuseInputValue(policeReference, 'AB-12345')).toBe('Use the form AB-123456');
    expect(refuseInputValue(policeReference, 'ab-123456')).toBe('Use the form AB-123456');
  });

  it('refuses an empty value, with or without a pattern', () => {
    expect(refuseInputValue(policeReference, '   ')).toBe('Enter the police reference');
    expect(refuseInputValue(StepInputSpec.parse({ label: 'CAD number' }), '')).toBe('Enter the CAD number');
  });

  it('accepts anything that is not empty when there is no pattern', () => {
    expect(refuseInputValue(StepInputSpec.parse({ label: 'Guard name' }), 'J. Okafor')).toBeNull();
  });

  it('matches the whole value even when the pattern is written without anchors', () => {
    const unanchored = StepInputSpec.parse({ label: 'Gate', pattern: 'G\\d+' });
    expect(refuseInputValue(unanchored, 'G12')).toBeNull();
    expect(refuseInputValue(unanchored, 'Gate G12')).toBe('Does not match the expected form G\\d+');
  });
});
