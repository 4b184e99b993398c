// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../format/time';
import { useViewStore } from '../../state/view-store';
import { TransportError } from '../../transport/transport';
import {
  focusedStep,
  incidentTransport,
  LOOKED_AT,
  openRecord,
  press,
  renderIncident,
  stepOf,
  steps,
  TEMPLATE,
  testDetail,
  testIncident,
  type,
  WORKED_RECORDS,
} from './testing';

describe('the SOP checklist', () => {
  it('shows each step with who did it, when and their note; off-path steps dimmed, late steps marked', async () => {
    await renderIncident();
    await screen.findByTestId('sop-checklist');
    expect(steps().map((step) => step.dataset.stepId)).toEqual([
      'look-at-feed',
      'recorder-up',
      'restart-camera',
      'send-technician',
      'police-ref',
      'tell-customer',
    ]);
    const looked = stepOf('look-at-feed');
    expect(looked.dataset.status).toBe('done');
    expect(looked.textContent).toContain('Done by maria');
    expect(looked.textContent).toContain(formatTimestamp(LOOKED_AT, 'utc'));
    expect(looked.textContent).toContain('Feed black on camera 3');
    expect(stepOf('recorder-up').textContent).toContain('answer No');
    expect(stepOf('restart-camera').dataset.onPath).toBe('false');
    expect(stepOf('restart-camera').textContent).toContain('not needed (branch)');
    // 30 minutes in, with a 10-minute limit.
    expect(within(stepOf('send-technician')).getByTestId('sop-step-overdue')).toBeTruthy();
    expect(screen.getByTestId('incident-sop').textContent).toBe('Camera or recorder down · v3');
  });

  it('starts on the next open step; j/k move; space checks the focused check step', async () => {
    const { transport } = await renderIncident();
    await screen.findByTestId('sop-checklist');
    expect(focusedStep()).toBe('send-technician');
    press('j', document.body);
    expect(focusedStep()).toBe('police-ref');
    press('k', document.body);
    press('ArrowUp', document.body);
    expect(focusedStep()).toBe('restart-camera');
    press('ArrowDown', document.body);
    press(' ', document.body);
    await waitFor(() => expect(transport.callsOf('incidents.checkStep')).toEqual([{ id: 'inc-7', stepId: 'send-technician' }]));
  });

  it('moves on to the next open step once core has the step done', async () => {
    const done = testIncident({
      steps: WORKED_RECORDS.map((record) =>
        record.stepId === 'send-technician' ? { ...record, status: 'done', by: 'maria', at: Date.now() } : record,
      ),
    });
    await renderIncident(incidentTransport(testDetail(), { 'incidents.checkStep': () => done }));
    await screen.findByTestId('sop-checklist');
    press(' ', document.body);
    await waitFor(() => expect(focusedStep()).toBe('police-ref'));
  });

  it('shows core’s refusal of a step beside the checklist', async () => {
    await renderIncident(
      incidentTransport(testDetail(), {
        'incidents.checkStep': () => {
          throw new TransportError('conflict', '"Send a technician" was already done by sam');
        },
      }),
    );
    await screen.findByTestId('sop-checklist');
    press(' ', document.body);
    expect((await screen.findByTestId('checklist-error')).textContent).toContain('already done by sam');
  });

  it('asks an input step for its value: a bad value is refused with the example and not sent; a good one is', async () => {
    const { transport } = await renderIncident();
    await screen.findByTestId('sop-checklist');
    press('j', document.body);
    press(' ', document.body);
    const dialog = await screen.findByTestId('step-done-dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('AB-123456');
    expect(document.activeElement).toBe(screen.getByTestId('step-value'));
    type('step-value', '123456');
    press('Enter');
    expect((await screen.findByTestId('field-error')).textContent).toContain('Use the form AB-123456');
    expect(screen.getByTestId('step-done-dialog')).toBeTruthy();
    expect(transport.callsOf('incidents.checkStep')).toEqual([]);

    type('step-value', 'AB-123456');
    type('step-note', 'Officer Jones');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.checkStep')).toEqual([
        { id: 'inc-7', stepId: 'police-ref', note: 'Officer Jones', value: 'AB-123456' },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId('step-done-dialog')).toBeNull());
  });

  it('judges a value against a catastrophic pattern at once, as core does (a backtracking engine froze the tab)', async () => {
    const hostile = {
      ...TEMPLATE,
      steps: TEMPLATE.steps.map((step) =>
        step.input === null ? step : { ...step, input: { ...step.input, pattern: '(a+)+$', example: '' } },
      ),
    };
    const { transport } = await renderIncident(incidentTransport({ ...testDetail(), template: hostile }));
    await screen.findByTestId('sop-checklist');
    press('j', document.body);
    press(' ', document.body);
    await screen.findByTestId('step-done-dialog');
    type('step-value', `${'a'.repeat(499)}!`);
    press('Enter');
    expect((await screen.findByTestId('field-error')).textContent).toContain('Does not match the expected form (a+)+$');
    expect(transport.callsOf('incidents.checkStep')).toEqual([]);
  });

  it('asks a yes/no step for its answer with y or n, and sends it', async () => {
    const fresh = testIncident({
      steps: [WORKED_RECORDS[0] ?? openRecord('look-at-feed'), ...WORKED_RECORDS.slice(1).map((record) => openRecord(record.stepId))],
    });
    const { transport } = await renderIncident(incidentTransport(testDetail(fresh)));
    await screen.findByTestId('sop-checklist');
    expect(focusedStep()).toBe('recorder-up');
    press(' ', document.body);
    const dialog = await screen.findByTestId('step-done-dialog');
    expect(screen.getByTestId('step-done-submit').getAttribute('aria-disabled')).toBe('true');
    expect(dialog.textContent).toContain('“Send a technician”');
    press('y', dialog);
    expect(screen.getByTestId('step-answer-yes').getAttribute('aria-checked')).toBe('true');
    // The note field has focus now: an n typed there is text, not "No".
    press('n');
    expect(screen.getByTestId('step-answer-yes').getAttribute('aria-checked')).toBe('true');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.checkStep')).toEqual([{ id: 'inc-7', stepId: 'recorder-up', note: '', answer: 'yes' }]),
    );
  });

  it('skips a step only with a reason', async () => {
    const { transport } = await renderIncident();
    await screen.findByTestId('sop-checklist');
    press('x', document.body);
    const dialog = await screen.findByTestId('skip-step-dialog');
    expect(dialog.textContent).toContain('Send a technician');
    expect(dialog.textContent).toContain('supervisor is told');
    press('Enter');
    expect(screen.getByTestId('skip-step-submit').getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('field-error').textContent).toContain('Say why the step is skipped');
    expect(transport.callsOf('incidents.skipStep')).toEqual([]);
    type('skip-step-text', 'Keyholder already on site');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.skipStep')).toEqual([
        { id: 'inc-7', stepId: 'send-technician', reason: 'Keyholder already on site' },
      ]),
    );
  });

  it('adds a note with n: Enter saves, Escape cancels', async () => {
    const { transport } = await renderIncident();
    await screen.findByTestId('sop-checklist');
    press('n', document.body);
    await screen.findByTestId('note-dialog');
    press('Escape');
    expect(screen.queryByTestId('note-dialog')).toBeNull();

    press('n', document.body);
    await screen.findByTestId('note-dialog');
    type('note-text', 'Guard reports the gate camera is fine');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.addNote')).toEqual([{ id: 'inc-7', note: 'Guard reports the gate camera is fine' }]),
    );
    await waitFor(() => expect(screen.queryByTestId('note-dialog')).toBeNull());
  });

  it('leaves its keys alone while the operator types elsewhere', async () => {
    const { transport } = await renderIncident();
    await screen.findByTestId('sop-checklist');
    fireEvent.click(screen.getByTestId('review-edit'));
    const summary = screen.getByTestId('review-summary');
    press('n', summary);
    press(' ', summary);
    press('j', summary);
    expect(screen.queryByTestId('note-dialog')).toBeNull();
    expect(focusedStep()).toBe('send-technician');
    expect(transport.callsOf('incidents.checkStep')).toEqual([]);
  });
});

describe('a step done on a console page', () => {
  it('offers the page (the data-breach SOP\'s "export the audit log": the Audit page) and opens it', async () => {
    const detail = testDetail();
    const template = {
      ...detail.template!,
      steps: detail.template!.steps.map((step) => (step.id === 'send-technician' ? { ...step, page: 'audit' as const } : step)),
    };
    await renderIncident(incidentTransport({ ...detail, template }));
    await screen.findByTestId('sop-checklist');
    expect(within(stepOf('look-at-feed')).queryByTestId('sop-step-page')).toBeNull();
    const open = within(stepOf('send-technician')).getByTestId('sop-step-page');
    expect(open.textContent).toBe('Open the Audit page');
    fireEvent.click(open);
    expect(useViewStore.getState().page).toBe('audit');
  });
});
