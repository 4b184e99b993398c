// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/contract';
import { useViewStore } from '../../state/view-store';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';
import { listIncident, SOP_SUMMARIES } from '../../testing/incident-fixtures';

const MINUTE = 60_000;

// Sent in no useful order: the page sorts by priority, then by how soon a response is due.
const INCIDENTS: Incident[] = [
  listIncident('p2', 4, { priority: 'P2', title: 'Gate barrier stuck' }),
  listIncident(
    'p1-later',
    3,
    {
      priority: 'P1',
      title: 'Recorder disk failing',
      owner: 'sam',
      sop: { slug: 'camera-down', version: 3, name: 'Camera or recorder down' },
    },
    5,
  ),
  listIncident('p1-sooner', 2, { priority: 'P1', title: 'Depot cameras dark' }, 40),
  listIncident('p0', 1, { priority: 'P0', title: 'Intrusion at Depot North', state: 'identified' }),
];

function listTransport(incidents: readonly Incident[] = INCIDENTS) {
  return new FakeTransport({
    'incidents.list': (input) => (input?.includeResolved ? [...incidents] : incidents.filter((incident) => incident.state !== 'resolved')),
    'sops.list': () => SOP_SUMMARIES,
  });
}

const rows = () => screen.getAllByTestId('incident-row');
const rowOf = (id: string) => rows().find((row) => row.dataset.incidentId === id) as HTMLElement;
const press = (key: string, target: Element | Window = document.body) => act(() => void fireEvent.keyDown(target, { key }));

describe('the incident list', () => {
  it('shows open incidents most urgent first, with owner, SOP and both clocks', async () => {
    renderApp({ transport: listTransport(), page: 'incidents' });
    await screen.findAllByTestId('incident-row');
    expect(rows().map((row) => row.dataset.incidentId)).toEqual(['p0', 'p1-sooner', 'p1-later', 'p2']);

    const p0 = rowOf('p0');
    expect(p0.textContent).toContain('INC-1 Intrusion at Depot North');
    expect(within(p0).getByTestId('incident-row-priority').textContent).toBe('P0');
    expect(p0.textContent).toContain('Identified');
    expect(p0.textContent).toContain('nobody');
    expect(p0.textContent).toContain('No SOP');
    expect(rowOf('p1-later').textContent).toContain('sam');
    expect(rowOf('p1-later').textContent).toContain('Camera or recorder down v3');
    // 40 minutes into a P1: its 30-minute respond target passed 10 minutes ago; its 4 hours run.
    const overdue = within(rowOf('p1-sooner')).getByTestId('incident-respond-clock');
    expect(overdue.dataset.phase).toBe('red');
    expect(overdue.textContent).toBe('10 min overdue');
    expect(within(rowOf('p1-sooner')).getByTestId('incident-resolve-clock').textContent).toMatch(/^3:2\d h left$/);
  });

  it('moves with j/k and opens the incident under the cursor with Enter', async () => {
    renderApp({ transport: listTransport(), page: 'incidents' });
    await screen.findAllByTestId('incident-row');
    press('j');
    press('j');
    press('j');
    press('k');
    expect(rowOf('p1-sooner').dataset.cursor).toBe('true');
    press('Enter');
    await waitFor(() => expect(useViewStore.getState().page).toBe('incident'));
    expect(useViewStore.getState().incidentId).toBe('p1-sooner');
    expect(window.location.hash).toContain('page=incident&incident=p1-sooner');
  });

  it("lists a limited person's own site first, the others after a divider, and j/k walk them as shown", async () => {
    const atGate = (incident: Incident): Incident =>
      incident.id === 'p2' || incident.id === 'p1-later' ? { ...incident, siteId: 'gate', siteName: 'Harbour Gate' } : incident;
    const transport = listTransport(INCIDENTS.map(atGate));
    transport.respond('app.whoami', () => personWhoAmI('operator', ['gate']));
    renderApp({ transport, page: 'incidents' });
    await waitFor(() => expect(rows().map((row) => row.dataset.incidentId)).toEqual(['p1-later', 'p2', 'p0', 'p1-sooner']));
    const table = screen.getByTestId('incident-list');
    const lines = [...table.querySelectorAll('tbody tr')].map((row) => (row as HTMLElement).dataset.incidentId ?? row.textContent);
    expect(lines).toEqual(['p1-later', 'p2', 'Other sites (a supervisor acts there)', 'p0', 'p1-sooner']);
    for (const expected of ['p1-later', 'p2', 'p0']) {
      press('j');
      expect(rowOf(expected).dataset.cursor).toBe('true');
    }
  });

  it('shows resolved incidents after the open ones when asked', async () => {
    const resolved = listIncident('done', 9, { state: 'resolved', resolvedAt: Date.now() - MINUTE, respondedAt: Date.now() - 5 * MINUTE });
    const transport = listTransport([resolved, ...INCIDENTS]);
    renderApp({ transport, page: 'incidents' });
    await screen.findAllByTestId('incident-row');
    expect(rows()).toHaveLength(4);
    fireEvent.click(screen.getByTestId('incidents-show-resolved'));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rows().at(-1)?.dataset.incidentId).toBe('done');
    expect(screen.getByTestId('incident-count').textContent).toContain('4 open · 1 resolved');
    expect(transport.callsOf('incidents.list')).toEqual([{ includeResolved: false }, { includeResolved: true }]);
  });

  it('is reached with g i', async () => {
    renderApp({ transport: listTransport() });
    await screen.findByTestId('page-overview');
    press('g', window);
    press('i', window);
    expect(await screen.findByTestId('incidents-page')).toBeTruthy();
    expect(screen.getByTestId('nav-incidents').getAttribute('aria-current')).toBe('page');
  });
});

describe('a new incident by hand', () => {
  async function openDialog(transport: FakeTransport) {
    renderApp({ transport, page: 'incidents' });
    await screen.findAllByTestId('incident-row');
    fireEvent.click(screen.getByTestId('incident-new'));
    return screen.findByTestId('create-incident-dialog');
  }

  it('starts in the title, sends what was chosen, and opens the new incident', async () => {
    const transport = listTransport();
    transport.respond('incidents.create', (input) => listIncident('inc-new', 5, { title: input.title, priority: input.priority }));
    await openDialog(transport);
    const title = screen.getByTestId('create-incident-title');
    expect(document.activeElement).toBe(title);
    // Digits typed in the title are the title's: they do not pick a priority.
    fireEvent.keyDown(title, { key: '0' });
    expect(screen.getByTestId('create-incident-priority-P2').getAttribute('aria-checked')).toBe('true');
    fireEvent.change(title, { target: { value: 'Fire alarm panel fault' } });
    fireEvent.click(screen.getByTestId('create-incident-priority-P1'));
    await waitFor(() => expect(screen.getByTestId('create-incident-sop').querySelectorAll('option')).toHaveLength(3));
    fireEvent.change(screen.getByTestId('create-incident-sop'), { target: { value: 'intrusion-alarm' } });
    fireEvent.click(screen.getByTestId('create-incident-claim'));
    fireEvent.change(screen.getByTestId('create-incident-note'), { target: { value: 'Panel beeps' } });
    fireEvent.click(screen.getByTestId('create-incident-submit'));

    await waitFor(() => expect(useViewStore.getState().page).toBe('incident'));
    expect(useViewStore.getState().incidentId).toBe('inc-new');
    expect(transport.callsOf('incidents.create')).toEqual([
      { title: 'Fire alarm panel fault', priority: 'P1', sopSlug: 'intrusion-alarm', alertIds: [], claim: false, note: 'Panel beeps' },
    ]);
  });

  it("shows core's refusal beside its field and keeps what was typed", async () => {
    const transport = listTransport();
    transport.respond('incidents.create', () => {
      throw new TransportError('invalid_input', 'Invalid input', [
        { path: 'sopSlug', message: 'There is no SOP template "intrusion-alarm"' },
      ]);
    });
    await openDialog(transport);
    fireEvent.change(screen.getByTestId('create-incident-title'), { target: { value: 'Fire alarm panel fault' } });
    await waitFor(() => expect(screen.getByTestId('create-incident-sop').querySelectorAll('option')).toHaveLength(3));
    fireEvent.change(screen.getByTestId('create-incident-sop'), { target: { value: 'intrusion-alarm' } });
    fireEvent.click(screen.getByTestId('create-incident-submit'));

    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('sopSlug');
    expect(error.closest('.form-row')?.contains(screen.getByTestId('create-incident-sop'))).toBe(true);
    expect(error.textContent).toContain('There is no SOP template "intrusion-alarm"');
    expect(screen.getByTestId('create-incident-sop').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('create-incident-title') as HTMLInputElement).value).toBe('Fire alarm panel fault');
    expect(screen.queryByTestId('create-incident-error')).toBeNull();
    expect(useViewStore.getState().page).toBe('incidents');
  });
});
