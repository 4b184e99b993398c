import { describe, expect, it } from 'vitest';
import { SopStep, type SopTemplate } from '../../../shared/contract';
import { draftOf, editStep, moveStep, placeSopErrors, validateSopDraft } from './sop-draft';

const TEMPLATE: SopTemplate = {
  slug: 'camera-down',
  version: 2,
  name: 'Camera down',
  description: '',
  steps: [
    SopStep.parse({ id: 'ping', title: 'Does the recorder answer?', kind: 'yes-no', onYes: 'restart', onNo: 'technician' }),
    SopStep.parse({ id: 'restart', title: 'Restart the camera' }),
    SopStep.parse({ id: 'technician', title: 'Send a technician' }),
  ],
  source: 'file',
  createdAt: 0,
  createdBy: 'seed',
};

describe('the SOP draft', () => {
  it('renames a step in the branches that name it', () => {
    const draft = draftOf(TEMPLATE);
    const technician = draft.steps[2]?.key ?? '';
    const steps = editStep(draft.steps, technician, { id: 'send-technician' });
    expect(steps.map((step) => step.id)).toEqual(['ping', 'restart', 'send-technician']);
    expect(steps[0]).toMatchObject({ onYes: 'restart', onNo: 'send-technician' });
    expect(validateSopDraft({ ...draft, steps }, null).ok).toBe(true);
  });

  it('moves a step one place, and not past either end', () => {
    const { steps } = draftOf(TEMPLATE);
    const first = steps[0]?.key ?? '';
    expect(moveStep(steps, first, -1)).toBe(steps);
    expect(moveStep(steps, first, 1).map((step) => step.id)).toEqual(['restart', 'ping', 'technician']);
  });

  it('reads a time limit that is not a whole number as an error of that step', () => {
    const draft = draftOf(TEMPLATE);
    const restart = draft.steps[1]?.key ?? '';
    const validation = validateSopDraft({ ...draft, steps: editStep(draft.steps, restart, { timeLimitMinutes: '2.5' }) }, null);
    expect(validation).toEqual({ ok: false, errors: { 'steps.1.timeLimitMinutes': 'Use a whole number' } });
  });

  it('refuses, before sending, an input pattern that only a backtracking engine could run', () => {
    const draft = draftOf(TEMPLATE);
    const restart = draft.steps[1]?.key ?? '';
    const asInput = (inputPattern: string) => editStep(draft.steps, restart, { kind: 'input', inputLabel: 'Ticket', inputPattern });
    expect(validateSopDraft({ ...draft, steps: asInput('(?<!X)\\d+') }, null)).toEqual({
      ok: false,
      errors: {
        'steps.1.input.pattern': 'Look-ahead and look-behind, such as (?=…) or (?!…), are not supported: write the pattern without them',
      },
    });
    expect(validateSopDraft({ ...draft, steps: asInput('(a+)+$') }, null).ok).toBe(true);
  });

  it('places errors on the step they name by its place when sent, and says the rest on top', () => {
    const draft = draftOf(TEMPLATE);
    const placed = placeSopErrors(
      [
        { path: 'steps.0.onNo', message: 'No such step' },
        { path: 'steps.1.input', message: 'An input step needs a label' },
        { path: 'steps', message: 'At most 100 steps' },
        { path: 'source', message: 'Unknown field' },
      ],
      draft,
    );
    expect(placed.steps[draft.steps[0]?.key ?? '']).toEqual({ onNo: 'No such step' });
    expect(placed.steps[draft.steps[1]?.key ?? '']).toEqual({ 'input.label': 'An input step needs a label' });
    expect(placed.template).toEqual({ steps: 'At most 100 steps' });
    expect(placed.unplaced).toEqual(['source: Unknown field']);
  });
});
