// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentReport, Role } from '../../../shared/contract';
import { personWhoAmI } from '../../testing/fake-transport';
import { useViewStore } from '../../state/view-store';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';
import { incidentTransport, NOW, press, renderIncident, STARTED_AT, stepOf, testDetail, testIncident, type } from './testing';

const MINUTE = 60_000;

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'watchroom');
});

describe('the SLA clocks', () => {
  it('turn amber when a third of the target is left and red when it is past; a late P0 update is called for', async () => {
    // P0, 50 minutes in, nobody responded: respond (15 min) is overdue, resolve (1 h) has 10 minutes left.
    const late = testIncident({
      priority: 'P0',
      ownerId: null,
      owner: null,
      startedAt: NOW - 50 * MINUTE,
      respondedAt: null,
      respondDueAt: NOW - 35 * MINUTE,
      resolveDueAt: NOW + 10 * MINUTE,
      nextUpdateDueAt: NOW - 5 * MINUTE,
    });
    await renderIncident(incidentTransport(testDetail(late)));
    const respond = await screen.findByTestId('clock-respond');
    expect(respond.dataset.phase).toBe('red');
    expect(respond.textContent).toContain('35 min overdue');
    const resolve = screen.getByTestId('clock-resolve');
    expect(resolve.dataset.phase).toBe('amber');
    expect(resolve.textContent).toMatch(/\d+:\d\d left/);
    expect(screen.getByTestId('update-due').textContent).toContain('Status update due');
  });

  it('stay green and quiet while there is time', async () => {
    await renderIncident();
    expect((await screen.findByTestId('clock-respond')).dataset.phase).toBe('met');
    expect(screen.getByTestId('clock-resolve').dataset.phase).toBe('ok');
    expect(screen.queryByTestId('update-due')).toBeNull();
    expect(screen.getByTestId('update-next').textContent).toContain('Next status update due');
  });
});

describe('arriving at an incident', () => {
  it('takes the focus, so space works the checklist instead of pressing the button that led here', async () => {
    const elsewhere = document.createElement('button');
    document.body.append(elsewhere);
    elsewhere.focus();
    await renderIncident(incidentTransport());
    await screen.findByTestId('sop-checklist');
    expect(screen.getByTestId('incident-view').contains(document.activeElement)).toBe(true);
    elsewhere.remove();
  });
});

describe('the priority', () => {
  it('changes only with a reason, and says so when core refuses', async () => {
    const transport = incidentTransport(testDetail(testIncident()), {
      'incidents.setPriority': () => {
        throw new TransportError('conflict', 'INC-7 is already P0');
      },
    });
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('incident-priority-change'));
    await screen.findByTestId('priority-dialog');
    press('0', screen.getByTestId('priority-dialog'));
    expect(screen.getByTestId('priority-choice-P0').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('priority-submit').getAttribute('aria-disabled')).toBe('true');
    type('priority-reason', 'People on site');
    fireEvent.click(screen.getByTestId('priority-submit'));
    expect((await screen.findByTestId('priority-error')).textContent).toContain('already P0');
    expect(transport.callsOf('incidents.setPriority')).toEqual([{ id: 'inc-7', priority: 'P0', reason: 'People on site' }]);
    expect(screen.getByTestId('priority-dialog')).toBeTruthy();
  });
});

describe('ownership', () => {
  it('lets only the owner answer a takeover request; anyone else sees it waiting', async () => {
    const requested = testIncident({ takeoverRequest: { byId: 'u-sam', by: 'sam', at: STARTED_AT + 20 * MINUTE, note: 'Night shift' } });
    const asOther = incidentTransport(testDetail(requested));
    const view = await renderIncident(asOther);
    const waiting = await screen.findByTestId('takeover-request');
    expect(waiting.textContent).toContain('waiting for maria to answer');
    expect(within(waiting).queryByTestId('takeover-accept')).toBeNull();
    view.unmount();

    const asOwner = incidentTransport(testDetail(requested), {
      'app.whoami': () => ({ id: 'u-maria', displayName: 'maria', role: 'operator', sites: null }),
      'incidents.answerTakeover': () => {
        throw new TransportError('conflict', 'INC-7 was resolved at 23 Nov 2026, 09:40: a takeover no longer applies.');
      },
    });
    await renderIncident(asOwner);
    const request = await screen.findByTestId('takeover-request');
    expect(request.textContent).toContain('Night shift');
    fireEvent.click(await within(request).findByTestId('takeover-accept'));
    expect((await screen.findByTestId('takeover-answer-error')).textContent).toContain('a takeover no longer applies');
    expect(asOwner.callsOf('incidents.answerTakeover')).toEqual([{ id: 'inc-7', accept: true }]);
  });

  it('claims an incident nobody owns', async () => {
    const transport = incidentTransport(testDetail(testIncident({ ownerId: null, owner: null })));
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('incident-claim'));
    await waitFor(() => expect(transport.callsOf('incidents.claim')).toEqual([{ id: 'inc-7' }]));
  });

  it('takes over without consent only with a reason', async () => {
    const transport = incidentTransport();
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('takeover-override'));
    await screen.findByTestId('takeover-override-dialog');
    expect(screen.getByTestId('takeover-override-submit').getAttribute('aria-disabled')).toBe('true');
    type('takeover-override-text', 'Owner not answering the radio');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.overrideTakeover')).toEqual([{ id: 'inc-7', reason: 'Owner not answering the radio' }]),
    );
  });

  it('hands over to a person picked from the console’s people (not typed), with a note, when the console owns it', async () => {
    const transport = incidentTransport(testDetail(testIncident()), {
      'app.whoami': () => ({ id: 'u-maria', displayName: 'maria', role: 'operator', sites: null }),
      'users.people': () => [
        { id: 'u-maria', displayName: 'maria', role: 'operator' },
        { id: 'u-sam', displayName: 'sam', role: 'supervisor' },
      ],
    });
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('hand-over'));
    const picker = screen.getByTestId('hand-over-to');
    // Everyone but whoever hands it over.
    await waitFor(() =>
      expect([...picker.querySelectorAll('option')].map((option) => option.textContent)).toEqual(['Choose a person', 'sam (Supervisor)']),
    );
    fireEvent.change(picker, { target: { value: 'u-sam' } });
    type('hand-over-note', 'Technician on the way');
    fireEvent.click(screen.getByTestId('hand-over-submit'));
    await waitFor(() =>
      expect(transport.callsOf('incidents.handOver')).toEqual([{ id: 'inc-7', toId: 'u-sam', note: 'Technician on the way' }]),
    );
  });
});

describe('status updates', () => {
  it('fills the form from a template and posts what the operator edited', async () => {
    const transport = incidentTransport();
    await renderIncident(transport);
    await screen.findByTestId('sop-checklist');
    press('u', document.body);
    await screen.findByTestId('status-update-dialog');
    expect(screen.getByTestId('update-template-initial').getAttribute('aria-checked')).toBe('true');
    expect((screen.getByTestId('update-whatHappened') as HTMLTextAreaElement).value).toContain('Depot cameras dark at Depot');
    fireEvent.click(screen.getByTestId('update-template-progress'));
    type('update-whatHappened', 'Recorder 2 lost power');
    type('update-impact', 'Cameras 5 to 8 dark');
    type('update-actions', 'Engineer called');
    type('update-next-minutes', '0');
    press('Enter');
    expect((await screen.findByTestId('field-error')).textContent).toContain('Whole minutes');
    expect(transport.callsOf('incidents.postUpdate')).toEqual([]);
    type('update-next-minutes', '45');
    press('Enter');
    await waitFor(() => expect(transport.callsOf('incidents.postUpdate')).toHaveLength(1));
    expect(transport.callsOf('incidents.postUpdate')[0]).toMatchObject({
      id: 'inc-7',
      template: 'progress',
      whatHappened: 'Recorder 2 lost power',
      nextUpdateInMinutes: 45,
    });
  });
});

describe('the status update templates from the keyboard', () => {
  it('switch with 1, 2, 3 as the dialog opens (not typed into the text), with Alt+digit while typing, and post the template shown', async () => {
    const transport = incidentTransport();
    await renderIncident(transport);
    await screen.findByTestId('sop-checklist');
    press('u', document.body);
    await screen.findByTestId('status-update-dialog');
    // Focus starts on the templates, not in a text box where the digit would be typed.
    expect(document.activeElement).toBe(screen.getByTestId('update-templates'));
    press('3');
    expect(screen.getByTestId('update-template-resolved').getAttribute('aria-checked')).toBe('true');
    expect((screen.getByTestId('update-whatHappened') as HTMLTextAreaElement).value).toContain('is resolved');
    const text = screen.getByTestId('update-whatHappened');
    text.focus();
    // A plain digit in the text is text; Alt+2 switches.
    press('2', text);
    expect(screen.getByTestId('update-template-resolved').getAttribute('aria-checked')).toBe('true');
    act(() => void fireEvent.keyDown(text, { key: '™', code: 'Digit2', altKey: true }));
    expect(screen.getByTestId('update-template-progress').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('update-template-resolved').getAttribute('aria-checked')).toBe('false');
    // Posted as it opened, the template's [prompts] would be the update: refused, saying which is left.
    press('Enter', text);
    expect((await screen.findByTestId('field-error')).textContent).toBe(
      '⚠ Replace the parts in brackets first: [what has been found or has changed since the last update] and 2 more',
    );
    expect(transport.callsOf('incidents.postUpdate')).toEqual([]);
    const written = (text as HTMLTextAreaElement).value.replace(/\[[^\]]+\]/, 'recorder 2 back on mains');
    type('update-whatHappened', written);
    type('update-impact', 'Cameras 5 to 8 still dark.');
    type('update-actions', 'Engineer on site.');
    expect(screen.queryByTestId('field-error')).toBeNull();
    press('Enter', text);
    await waitFor(() => expect(transport.callsOf('incidents.postUpdate')).toHaveLength(1));
    expect(transport.callsOf('incidents.postUpdate')[0]).toMatchObject({ template: 'progress' });
    expect(transport.callsOf('incidents.postUpdate')[0]?.whatHappened).toContain('Update on');
    expect(transport.callsOf('incidents.postUpdate')[0]?.whatHappened).toContain('recorder 2 back on mains');
  });
});

describe('resolving', () => {
  it('lists the required steps still open and demands an override reason; a refusal keeps the dialog open', async () => {
    const transport = incidentTransport(testDetail(), {
      'incidents.resolve': () => {
        throw new TransportError('conflict', 'INC-7 was resolved at 10:02: resolving it no longer applies.');
      },
    });
    await renderIncident(transport);
    await screen.findByTestId('sop-checklist');
    press('r', document.body);
    const open = await screen.findByTestId('resolve-open-steps');
    expect(open.textContent).toContain('Send a technician');
    expect(open.textContent).toContain('Note the police reference');
    // Optional and off-path steps are not in the way.
    expect(open.textContent).not.toContain('Tell the customer');
    expect(open.textContent).not.toContain('Restart the camera');
    fireEvent.click(screen.getByTestId('resolve-incident-submit'));
    expect(screen.getAllByTestId('field-error').map((error) => error.textContent)).toEqual([
      '⚠ Say how it was resolved: it goes in the report.',
      '⚠ Say why it is resolved with required steps open.',
    ]);
    type('resolve-incident-resolution', 'Power supply replaced');
    expect(screen.getByTestId('resolve-incident-submit').getAttribute('aria-disabled')).toBe('true');
    type('resolve-incident-override', 'Customer cancelled the call-out');
    press('Enter');
    await waitFor(() =>
      expect(transport.callsOf('incidents.resolve')).toEqual([
        { id: 'inc-7', resolution: 'Power supply replaced', override: 'Customer cancelled the call-out' },
      ]),
    );
    expect((await screen.findByTestId('resolve-incident-error')).textContent).toContain('no longer applies');
    expect(screen.getByTestId('resolve-incident-dialog')).toBeTruthy();
  });

  it('shows a resolved incident read-only, with its resolution, its review and its report still there', async () => {
    const resolved = testIncident({
      state: 'resolved',
      resolvedAt: NOW - MINUTE,
      resolution: 'Power supply replaced',
      resolveOverride: 'Customer cancelled the call-out',
    });
    await renderIncident(incidentTransport(testDetail(resolved)));
    const notice = await screen.findByTestId('incident-resolved');
    expect(notice.textContent).toContain('Power supply replaced');
    expect(notice.textContent).toContain('Customer cancelled the call-out');
    expect(screen.queryByTestId('step-do')).toBeNull();
    expect(screen.queryByTestId('incident-resolve')).toBeNull();
    expect(screen.queryByTestId('takeover-override')).toBeNull();
    press(' ', document.body);
    press('r', document.body);
    expect(screen.queryByTestId('resolve-incident-dialog')).toBeNull();
    expect(screen.getByTestId('review-edit')).toBeTruthy();
    expect(screen.getByTestId('report-export')).toBeTruthy();
  });
});

describe('the timeline', () => {
  it('lists what happened, oldest first, with time, actor and detail', async () => {
    const detail = testDetail();
    detail.timeline.push({ at: STARTED_AT + MINUTE, kind: 'claimed', actor: 'maria', detail: 'Claimed', stepId: null });
    await renderIncident(incidentTransport(detail));
    const entries = within(await screen.findByTestId('incident-timeline')).getAllByTestId('timeline-entry');
    expect(entries.map((entry) => entry.dataset.kind)).toEqual(['created', 'claimed', 'step-done']);
    expect(entries[2]?.textContent).toContain('maria');
    expect(entries[2]?.textContent).toContain('Feed black on camera 3');
  });
});

describe('the review', () => {
  it('saves actions with owner and due date, and refuses an action without an owner', async () => {
    const transport = incidentTransport();
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('review-edit'));
    type('review-rootCause', 'Recorder power supply failed');
    fireEvent.click(screen.getByTestId('review-action-add'));
    type('review-action-what', 'Replace power supplies');
    fireEvent.click(screen.getByTestId('review-save'));
    expect((await screen.findByTestId('field-error')).textContent).toContain('Name who does it');
    expect(transport.callsOf('incidents.setReview')).toEqual([]);
    type('review-action-owner', 'sam');
    type('review-action-due', '2026-12-01');
    fireEvent.click(screen.getByTestId('review-save'));
    await waitFor(() => expect(transport.callsOf('incidents.setReview')).toHaveLength(1));
    expect(transport.callsOf('incidents.setReview')[0]?.review).toEqual({
      summary: '',
      impact: '',
      rootCause: 'Recorder power supply failed',
      lessons: '',
      actions: [{ what: 'Replace power supplies', owner: 'sam', dueAt: Date.UTC(2026, 11, 1) }],
    });
  });
});

describe('the report', () => {
  const REPORT: IncidentReport = { fileStem: 'INC-7-depot-cameras-dark', markdown: '# INC-7 Depot cameras dark\n', html: '<h1>INC-7</h1>' };

  it('downloads the Markdown as <fileStem>.md', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    const transport = incidentTransport(testDetail(), { 'incidents.report': () => REPORT });
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('report-export'));
    fireEvent.click(await screen.findByTestId('report-download-md'));
    expect(transport.callsOf('incidents.report')).toEqual([{ id: 'inc-7' }]);
    expect(downloads).toEqual(['INC-7-depot-cameras-dark.md']);
    const blob = createObjectURL.mock.calls[0]?.[0] as Blob;
    expect(await blob.text()).toBe(REPORT.markdown);
  });

  it('prints through the shell’s bridge when it has printReport', async () => {
    const printReport = vi.fn(() => Promise.resolve({ ok: true, value: null }));
    Reflect.set(window, 'watchroom', { printReport });
    const open = vi.spyOn(window, 'open');
    await renderIncident(incidentTransport(testDetail(), { 'incidents.report': () => REPORT }));
    fireEvent.click(await screen.findByTestId('report-export'));
    fireEvent.click(await screen.findByTestId('report-print'));
    await waitFor(() => expect(printReport).toHaveBeenCalledWith({ html: REPORT.html, fileStem: REPORT.fileStem }));
    expect(open).not.toHaveBeenCalled();
  });

  it('says so when the browser will not open a window to print in', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    await renderIncident(incidentTransport(testDetail(), { 'incidents.report': () => REPORT }));
    fireEvent.click(await screen.findByTestId('report-export'));
    fireEvent.click(await screen.findByTestId('report-print'));
    expect((await screen.findByTestId('report-print-error')).textContent).toContain('Allow pop-ups');
    expect(open).toHaveBeenCalledWith('blob:report', '_blank');
  });
});

describe('in the console', () => {
  it('shows the incident the view names, on the incident page', async () => {
    renderApp({ transport: incidentTransport(), page: 'incidents' });
    act(() => useViewStore.getState().showIncident('inc-7'));
    const view = await screen.findByTestId('incident-view');
    expect(view.dataset.incidentId).toBe('inc-7');
    expect((await screen.findByRole('heading', { name: /INC-7 Depot cameras dark/ })).tagName).toBe('H2');
  });
});

describe('what the signed-in person may not do', () => {
  const withPerson = (role: Role, sites: string[] | null = null) =>
    incidentTransport(testDetail(testIncident()), { 'app.whoami': () => personWhoAmI(role, sites) });

  it('shows a viewer the incident read only, saying who may work it, with no step, note or resolve buttons', async () => {
    await renderIncident(withPerson('viewer'));
    expect((await screen.findByTestId('incident-read-only')).textContent).toBe(
      'Read only: Only an operator or above may do this; Ann Example is a viewer',
    );
    await screen.findByTestId('sop-checklist');
    expect(screen.queryByTestId('step-do')).toBeNull();
    expect(screen.queryByTestId('incident-add-note')).toBeNull();
    expect(screen.queryByTestId('incident-resolve')).toBeNull();
    expect(screen.getByTestId('incident-state-fixing').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('incident-priority-change').getAttribute('title')).toBe(
      'Only an operator or above may do this; Ann Example is a viewer',
    );
    expect(screen.getByTestId('report-export').hasAttribute('disabled')).toBe(true);
  });

  it('shows an operator of another site the incident read only', async () => {
    await renderIncident(withPerson('operator', ['harbour']));
    expect((await screen.findByTestId('incident-read-only')).textContent).toContain(
      'Only a supervisor or above may act on sites outside their own; Ann Example is an operator',
    );
  });

  it('disables for an operator a supervisor’s step, resolving over open required steps and a takeover without consent, saying who may', async () => {
    const transport = withPerson('operator');
    await renderIncident(transport);
    const done = await within(stepOf('send-technician')).findByTestId('step-do');
    await waitFor(() =>
      expect(done.getAttribute('title')).toBe('Only a supervisor or above may do "Send a technician"; Ann Example is an operator'),
    );
    expect(document.getElementById(done.getAttribute('aria-describedby') ?? '')?.textContent).toBe(done.getAttribute('title'));
    expect(within(stepOf('send-technician')).getByTestId('step-skip').hasAttribute('disabled')).toBe(true);
    press(' ', document.body);
    press('x', document.body);
    expect(screen.queryByTestId('skip-step-dialog')).toBeNull();
    expect(transport.callsOf('incidents.checkStep')).toEqual([]);
    expect(screen.getByTestId('incident-resolve').getAttribute('title')).toBe(
      'Only a supervisor or above may resolve an incident with required steps open; Ann Example is an operator',
    );
    expect(screen.getByTestId('takeover-override').getAttribute('title')).toBe(
      'Only a supervisor or above may do this; Ann Example is an operator',
    );
    expect(screen.queryByTestId('incident-read-only')).toBeNull();
    expect(screen.getByTestId('incident-add-note').hasAttribute('disabled')).toBe(false);
  });

  it('lets a supervisor do a supervisor’s step', async () => {
    const transport = withPerson('supervisor');
    await renderIncident(transport);
    const done = await within(stepOf('send-technician')).findByTestId('step-do');
    await waitFor(() => expect(transport.callsOf('app.whoami')).toHaveLength(1));
    expect(done.hasAttribute('disabled')).toBe(false);
    fireEvent.click(done);
    await waitFor(() => expect(transport.callsOf('incidents.checkStep')).toEqual([{ id: 'inc-7', stepId: 'send-technician' }]));
  });
});
