// @vitest-environment happy-dom
import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/contract';
import { firstInQueueOrder } from '../../../shared/domain/alert-queue';
import { FIRST_ALERTS_SCREENFUL } from '../../../shared/domain/first-screen';
import { AlertRowRenderObserverContext } from '../../api/alert-store-context';
import { App } from '../../app/App';
import { testAlert, testAlertSnapshot } from '../../testing/alert-fixtures';
import { FakeTransport, personWhoAmI, TEST_SESSION, TEST_USER } from '../../testing/fake-transport';
import { withScreenHeight } from '../../testing/layout';
import { T0 } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { INITIAL_VIEW, useViewStore } from '../../state/view-store';
import { TransportError } from '../../transport/transport';
import { listIncident, SOP_SUMMARIES } from '../../testing/incident-fixtures';

withScreenHeight();

const ALERTS: Alert[] = [
  testAlert('cam-low', { severity: 'low', summary: 'Camera 4 latency high', firstSeenAt: T0 - 2 * 60_000 }),
  // Its age is counted by the real clock.
  testAlert('nvr-crit', { severity: 'critical', summary: 'NVR down', firstSeenAt: Date.now() - 30 * 60_000, count: 3, owner: 'maria' }),
  testAlert('door-high', { severity: 'high', summary: 'Door controller down', firstSeenAt: T0 - 5 * 60_000, escalationLevel: 2 }),
  testAlert('gate-med', {
    severity: 'medium',
    siteId: 'gate',
    siteName: 'Harbour Gate',
    summary: 'Barrier slow',
    silencedBy: { id: 'sil-1', kind: 'maintenance', comment: 'Barrier firmware upgrade' },
  }),
  testAlert('gate-done', {
    severity: 'critical',
    siteId: 'gate',
    siteName: 'Harbour Gate',
    state: 'resolved',
    resolvedAt: T0,
    resolvedBy: 'sam',
    resolution: 'Power restored',
  }),
];

function queueTransport(alerts: readonly Alert[] = ALERTS, storms: Parameters<typeof testAlertSnapshot>[1] = {}) {
  return new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot(alerts, storms) });
}

async function openQueue(transport = queueTransport()) {
  const view = renderApp({ transport, page: 'alerts' });
  await screen.findAllByTestId('alert-row');
  return view;
}

const rows = () => screen.getAllByTestId('alert-row');
const rowOf = (id: string) => rows().find((row) => row.dataset.alertId === id) as HTMLElement;
const cursorRow = () => rows().find((row) => row.dataset.cursor === 'true')?.dataset.alertId;
const press = (key: string, target: Element | Window = document.activeElement ?? document.body) =>
  act(() => void fireEvent.keyDown(target, { key }));

describe('the alert queue', () => {
  it('groups alerts by site, worst and newest first, with what each row needs at a glance', async () => {
    await openQueue();
    const groups = screen.getAllByTestId('alert-group');
    expect(groups.map((group) => group.dataset.siteId)).toEqual(['s1', 'gate']);
    expect(within(groups[0] as HTMLElement).getByTestId('alert-group-title').textContent).toBe('Depot — 3 alerts, worst critical');
    expect(within(groups[1] as HTMLElement).getByTestId('alert-group-title').textContent).toBe(
      'Harbour Gate — 1 alert, worst medium · 1 resolved',
    );
    expect(rows().map((row) => row.dataset.alertId)).toEqual(['nvr-crit', 'door-high', 'cam-low', 'gate-med', 'gate-done']);
    expect(rowOf('nvr-crit').textContent).toContain('×3');
    expect(rowOf('nvr-crit').textContent).toContain('maria');
    expect(rowOf('nvr-crit').textContent).toContain('30 min');
    expect(rowOf('door-high').textContent).toContain('escalated L2');
    expect(rowOf('gate-med').dataset.silenced).toBe('true');
    expect(rowOf('gate-med').textContent).toContain('Barrier firmware upgrade');
    expect(rowOf('gate-done').dataset.state).toBe('resolved');
    expect(rowOf('gate-done').textContent).toContain('Resolved by sam');
    expect(rowOf('gate-done').textContent).toContain('Power restored');
  });

  it('acknowledges from the keyboard: j/k, a, 2 for false alarm, a note, Enter', async () => {
    const transport = queueTransport();
    transport.respond('alerts.acknowledge', (input) => ({
      ...testAlert('door-high'),
      ...ALERTS[2],
      state: 'acknowledged',
      ackBy: 'operator',
      ackReason: input.reason,
      ackNote: input.note ?? '',
    }));
    await openQueue(transport);
    press('j', document.body);
    expect(cursorRow()).toBe('nvr-crit');
    press('j', document.body);
    press('j', document.body);
    press('k', document.body);
    expect(cursorRow()).toBe('door-high');

    press('a', document.body);
    const dialog = await screen.findByTestId('ack-dialog');
    expect(dialog.textContent).toContain('Door controller down');
    press('2');
    expect(screen.getByTestId('ack-reason-false-alarm').getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('ack-note'));
    fireEvent.change(screen.getByTestId('ack-note'), { target: { value: 'Technician on site' } });
    press('Enter');

    await waitFor(() => expect(screen.queryByTestId('ack-dialog')).toBeNull());
    expect(transport.callsOf('alerts.acknowledge')).toEqual([{ id: 'door-high', reason: 'false-alarm', note: 'Technician on site' }]);
    // The returned alert shows at once, without waiting for core's event.
    expect(rowOf('door-high').dataset.state).toBe('acknowledged');
    expect(rowOf('door-high').textContent).toContain('False alarm');
  });

  it('cancels a dialog with Escape, and keeps the cursor keys away from it while it is open', async () => {
    const transport = queueTransport();
    await openQueue(transport);
    press('j', document.body);
    press('a', document.body);
    await screen.findByTestId('ack-dialog');
    press('j');
    expect(cursorRow()).toBe('nvr-crit');
    press('Enter');
    expect(screen.getByTestId('ack-dialog')).toBeTruthy();
    press('Escape');
    expect(screen.queryByTestId('ack-dialog')).toBeNull();
    expect(transport.callsOf('alerts.acknowledge')).toEqual([]);
  });

  it('says beside the field what is missing when Acknowledge or Resolve is sent without a reason', async () => {
    const transport = queueTransport();
    await openQueue(transport);
    press('j', document.body);
    press('a', document.body);
    await screen.findByTestId('ack-dialog');
    expect(screen.queryByTestId('field-error')).toBeNull();
    press('Enter');
    expect(screen.getByTestId('field-error').textContent).toContain('Pick a reason first');
    fireEvent.click(screen.getByTestId('ack-submit'));
    expect(screen.getAllByTestId('field-error')).toHaveLength(1);
    press('1');
    expect(screen.queryByTestId('field-error')).toBeNull();
    press('Escape');

    press('r', document.body);
    await screen.findByTestId('resolve-dialog');
    fireEvent.click(screen.getByTestId('resolve-submit'));
    expect(screen.getByTestId('field-error').textContent).toContain('Say why it is resolved');
    expect(screen.getByTestId('resolve-reason').getAttribute('aria-invalid')).toBe('true');
    expect(transport.callsOf('alerts.acknowledge')).toEqual([]);
    expect(transport.callsOf('alerts.resolve')).toEqual([]);
  });

  it('snoozes, escalates, claims and resolves the alert under the cursor', async () => {
    const transport = queueTransport();
    const returned = testAlert('nvr-crit', { ...ALERTS[1] });
    transport.respond('alerts.snooze', () => ({ ...returned, snoozedUntil: T0 + 30 * 60_000 }));
    transport.respond('alerts.escalate', () => ({ ...returned, escalationLevel: 1 }));
    transport.respond('alerts.claim', () => ({ ...returned, owner: 'operator' }));
    transport.respond('alerts.resolve', (input) => ({
      ...returned,
      state: 'resolved',
      resolvedBy: 'operator',
      resolution: input.reason,
      resolvedAt: T0,
    }));
    await openQueue(transport);
    press('j', document.body);

    press('s', document.body);
    await screen.findByTestId('snooze-dialog');
    press('3');
    press('Enter');
    await waitFor(() => expect(screen.queryByTestId('snooze-dialog')).toBeNull());
    expect(transport.callsOf('alerts.snooze')).toEqual([{ id: 'nvr-crit', minutes: 30, note: '' }]);

    press('e', document.body);
    await waitFor(() => expect(transport.callsOf('alerts.escalate')).toEqual([{ id: 'nvr-crit' }]));
    press('c', document.body);
    await waitFor(() => expect(rowOf('nvr-crit').textContent).toContain('operator'));

    press('r', document.body);
    const reason = await screen.findByTestId('resolve-reason');
    expect(document.activeElement).toBe(reason);
    press('Enter');
    expect(transport.callsOf('alerts.resolve')).toEqual([]);
    fireEvent.change(reason, { target: { value: 'Replaced the NVR power supply' } });
    press('Enter');
    await waitFor(() => expect(rowOf('nvr-crit').dataset.state).toBe('resolved'));
    expect(transport.callsOf('alerts.resolve')).toEqual([{ id: 'nvr-crit', reason: 'Replaced the NVR power supply' }]);
    expect(rowOf('nvr-crit').textContent).toContain('Replaced the NVR power supply');
  });

  it('opens an incident from the alert under the cursor with i, and lands on it', async () => {
    const transport = queueTransport();
    transport.respond('sops.list', () => SOP_SUMMARIES);
    transport.respond('incidents.create', (input) => listIncident('inc-new', 12, { title: input.title, priority: input.priority }));
    await openQueue(transport);
    press('j', document.body);
    press('i', document.body);
    const dialog = await screen.findByTestId('create-incident-dialog');
    expect(within(dialog).getByTestId('create-incident-alerts').textContent).toContain('NVR down');
    expect((screen.getByTestId('create-incident-title') as HTMLInputElement).value).toBe('NVR down');
    // A critical alert starts at P1; the operator raises it to P0 with its digit.
    expect(screen.getByTestId('create-incident-priority-P1').getAttribute('aria-checked')).toBe('true');
    press('0');
    expect(screen.getByTestId('create-incident-priority-P0').getAttribute('aria-checked')).toBe('true');
    await waitFor(() => expect(screen.getByTestId('create-incident-sop').querySelectorAll('option')).toHaveLength(3));
    fireEvent.change(screen.getByTestId('create-incident-sop'), { target: { value: 'camera-down' } });
    // The other open alerts of the same site may join it; another site's and resolved ones are not offered.
    const offered = within(dialog)
      .getAllByTestId('create-incident-also-link')
      .map((box) => box.dataset.alertId);
    expect(offered.sort()).toEqual(['cam-low', 'door-high']);
    fireEvent.click(
      within(dialog)
        .getAllByTestId('create-incident-also-link')
        .find((box) => box.dataset.alertId === 'door-high') as HTMLElement,
    );
    press('Enter', dialog);

    await waitFor(() => expect(useViewStore.getState().page).toBe('incident'));
    expect(useViewStore.getState().incidentId).toBe('inc-new');
    expect(useViewStore.getState().alertDialog).toBeNull();
    expect(transport.callsOf('incidents.create')).toEqual([
      { title: 'NVR down', priority: 'P0', sopSlug: 'camera-down', alertIds: ['nvr-crit', 'door-high'], claim: true, note: '' },
    ]);
  });

  it("shows core's refusal in words", async () => {
    const transport = queueTransport();
    transport.respond('alerts.claim', () => {
      throw new TransportError('conflict', 'Sam already owns this alert.');
    });
    await openQueue(transport);
    press('j', document.body);
    press('c', document.body);
    expect((await screen.findByTestId('alert-command-error')).textContent).toContain('Sam already owns this alert.');
  });

  it('opens the detail with Enter: history, notification failures, silence and hold reasons', async () => {
    const transport = queueTransport();
    const held = { ...(ALERTS[3] as Alert), heldBecause: 'Its parent Gate uplink is down' };
    transport.respond('alerts.snapshot', () => testAlertSnapshot([...ALERTS.slice(0, 3), held, ...ALERTS.slice(4)]));
    transport.respond('alerts.get', () => ({
      alert: held,
      history: [
        { at: T0 - 60_000, kind: 'fired', actor: 'core', detail: 'Latency 2,400 ms' },
        { at: T0 - 30_000, kind: 'silenced', actor: 'core', detail: 'Barrier firmware upgrade' },
      ],
      notifications: [
        {
          channelId: 'hook',
          channelName: 'Ops webhook',
          at: T0 - 59_000,
          ok: false,
          attempts: 3,
          detail: 'HTTP 502',
          stage: 'failed',
          status: 502,
          answer: null,
        },
        {
          channelId: 'chat',
          channelName: 'Ops chat',
          at: T0 - 59_000,
          ok: false,
          attempts: 0,
          detail: 'held: quiet hours 22:00\u201306:00, not sent',
          stage: 'held',
          status: null,
          answer: null,
        },
      ],
    }));
    await openQueue(transport);
    act(() => useViewStore.getState().setAlertCursor('gate-med'));
    // On the main area, where the console puts focus when a page opens (a walk-through found Enter dead there).
    const main = Object.assign(document.createElement('main'), { id: 'main', tabIndex: -1 });
    document.body.append(main);
    main.focus();
    press('Enter', main);
    main.remove();
    const detail = await screen.findByTestId('alert-detail');
    expect(detail.dataset.alertId).toBe('gate-med');
    expect(within(detail).getByTestId('alert-detail-silenced').textContent).toBe('Barrier firmware upgrade');
    expect(within(detail).getByTestId('alert-detail-held').textContent).toBe('Its parent Gate uplink is down');
    await waitFor(() => expect(within(detail).getByTestId('alert-notifications').textContent).toContain('FAILED'));
    expect(within(detail).getByTestId('alert-notifications').textContent).toContain('HTTP 502');
    // Quiet hours held it on purpose: shown as held, not as a failed delivery.
    expect(within(detail).getByTestId('alert-notifications').textContent).toContain('HELD Ops chat');
    expect(within(detail).getByTestId('alert-notifications').textContent).toContain('held: quiet hours 22:00\u201306:00, not sent');
    expect(within(detail).getByTestId('alert-history').textContent).toMatch(/Silenced by core.*Fired by core/s);
    press('Escape', document.body);
    expect(screen.queryByTestId('alert-detail')).toBeNull();
  });

  it('disables for a viewer every action, saying who can, and its keys say the same without asking core', async () => {
    const transport = queueTransport();
    transport.respond('app.whoami', () => personWhoAmI('viewer'));
    transport.respond('alerts.get', () => ({ alert: ALERTS[1] as Alert, history: [], notifications: [] }));
    await openQueue(transport);
    act(() => useViewStore.getState().setAlertCursor('nvr-crit'));
    press('Enter', document.body);
    const detail = await screen.findByTestId('alert-detail');
    const acknowledge = await within(detail).findByTestId('alert-action-a');
    await waitFor(() => expect(acknowledge.hasAttribute('disabled')).toBe(true));
    const refusal = 'Only an operator or above may do this; Ann Example is a viewer';
    expect(acknowledge.getAttribute('title')).toBe(refusal);
    expect(document.getElementById(acknowledge.getAttribute('aria-describedby') ?? '')?.textContent).toBe(refusal);
    for (const key of ['c', 'e', 's', 'r']) expect(within(detail).getByTestId(`alert-action-${key}`).hasAttribute('disabled')).toBe(true);
    expect(within(detail).getByTestId('alert-detail-create-incident').hasAttribute('disabled')).toBe(true);

    press('Escape', document.body);
    press('a', document.body);
    expect((await screen.findByTestId('alert-command-error')).textContent).toContain(refusal);
    expect(useViewStore.getState().alertDialog).toBeNull();
    press('e', document.body);
    expect(transport.callsOf('alerts.escalate')).toEqual([]);
  });

  it('sends nothing from a locked seat: the queue stays in view, and `a` says the seat is locked without asking core', async () => {
    const transport = queueTransport();
    const locked = { state: 'locked', user: TEST_USER, session: { ...TEST_SESSION, locked: true } } as const;
    transport.respond('auth.state', () => locked);
    renderApp({ transport, seat: locked, page: 'alerts' });
    await screen.findAllByTestId('alert-row');
    await screen.findByTestId('lock-panel');
    act(() => useViewStore.getState().setAlertCursor('nvr-crit'));
    press('a', document.body);
    expect((await screen.findByTestId('alert-command-error')).textContent).toContain('This seat is locked: sign in to act');
    expect(useViewStore.getState().alertDialog).toBeNull();
    for (const key of ['c', 'e', 's', 'r']) press(key, document.body);
    expect(transport.calls.filter((call) => call.method.startsWith('alerts.') && call.method !== 'alerts.snapshot')).toEqual([]);
  });

  it('lets an operator limited to one site act on its alerts; another site’s need a supervisor', async () => {
    const transport = queueTransport();
    transport.respond('app.whoami', () => personWhoAmI('operator', ['gate']));
    transport.respond('alerts.get', ({ id }) => ({ alert: ALERTS.find((a) => a.id === id) as Alert, history: [], notifications: [] }));
    await openQueue(transport);
    act(() => useViewStore.getState().showAlertDetail('nvr-crit'));
    const other = await screen.findByTestId('alert-action-a');
    await waitFor(() =>
      expect(other.getAttribute('title')).toBe('Only a supervisor or above may act on sites outside their own; Ann Example is an operator'),
    );
    act(() => useViewStore.getState().showAlertDetail('gate-med'));
    await waitFor(() => expect(screen.getByTestId('alert-detail').dataset.alertId).toBe('gate-med'));
    expect(screen.getByTestId('alert-action-a').hasAttribute('disabled')).toBe(false);
  });

  it("lists a limited person's own site first, the others after a divider, and j/k walk them as shown", async () => {
    const transport = queueTransport();
    transport.respond('app.whoami', () => personWhoAmI('operator', ['gate']));
    await openQueue(transport);
    await waitFor(() => expect(screen.getAllByTestId('alert-group').map((group) => group.dataset.siteId)).toEqual(['gate', 's1']));
    // Within each part problems still come first: the depot's critical leads its group.
    expect(rows().map((row) => row.dataset.alertId)).toEqual(['gate-med', 'gate-done', 'nvr-crit', 'door-high', 'cam-low']);
    const divider = screen.getByTestId('other-sites-divider');
    expect(divider.textContent).toBe('Other sites (a supervisor acts there)');
    const groups = screen.getAllByTestId('alert-group');
    const top = (element: Element) => Number.parseFloat((element as HTMLElement).style.top);
    expect(top(divider)).toBeGreaterThan(top(groups[0] as HTMLElement));
    expect(top(divider)).toBeLessThan(top(groups[1] as HTMLElement));
    for (const expected of ['gate-med', 'gate-done', 'nvr-crit', 'door-high']) {
      press('j');
      expect(cursorRow()).toBe(expected);
    }
    press('k');
    expect(cursorRow()).toBe('nvr-crit');
  });

  it('filters by severity, state and site, and focuses the search with /', async () => {
    await openQueue();
    fireEvent.change(screen.getByTestId('alert-filter-severity'), { target: { value: 'critical' } });
    await waitFor(() => expect(rows().map((row) => row.dataset.alertId)).toEqual(['nvr-crit', 'gate-done']));
    fireEvent.change(screen.getByTestId('alert-filter-state'), { target: { value: 'resolved' } });
    await waitFor(() => expect(rows().map((row) => row.dataset.alertId)).toEqual(['gate-done']));
    fireEvent.click(screen.getByTestId('alert-filter-clear'));
    fireEvent.change(screen.getByTestId('alert-filter-site'), { target: { value: 'gate' } });
    await waitFor(() => expect(rows().map((row) => row.dataset.alertId)).toEqual(['gate-med', 'gate-done']));
    press('/', document.body);
    expect(document.activeElement).toBe(screen.getByTestId('alert-search'));
  });

  it('shows my alerts by my user id, not by my name: a namesake’s claim is not mine', async () => {
    const sams = [
      testAlert('mine', { summary: 'Mine', owner: 'Ann Example', ownerId: 'user-operator' }),
      testAlert('namesake', { summary: 'Namesake', owner: 'Ann Example', ownerId: 'user-other-ann' }),
      testAlert('free', { summary: 'Free' }),
    ];
    const transport = queueTransport(sams);
    transport.respond('app.whoami', () => personWhoAmI('operator'));
    await openQueue(transport);
    const owner = screen.getByTestId('alert-filter-owner');
    await waitFor(() => expect([...owner.querySelectorAll('option')].map((option) => option.textContent)).toContain('Mine'));
    fireEvent.change(owner, { target: { value: 'user-operator' } });
    await waitFor(() => expect(rows().map((row) => row.dataset.alertId)).toEqual(['mine']));
    fireEvent.click(screen.getByTestId('alert-filter-clear'));
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it('says when storm control holds alerts back', async () => {
    await openQueue(queueTransport(ALERTS, { storms: [{ ruleId: 'r1', ruleName: 'Camera offline', held: 240, since: T0 }] }));
    expect(screen.getByTestId('storm-banner').textContent).toContain('Alert storm: rule Camera offline is holding 240 more alerts');
  });
});

describe('loading a large queue', () => {
  it('paints the most urgent screenful first, then the whole queue; after a reconnect it reads only the whole', async () => {
    const many = [
      ...ALERTS,
      ...Array.from({ length: 250 }, (_, i) => testAlert(`info-${i}`, { severity: 'info', summary: `Disk ${i} nearly full` })),
    ];
    let releaseWhole: () => void = () => undefined;
    const transport = new FakeTransport({
      'alerts.snapshot': (input) => {
        const first = input?.first;
        if (first !== undefined) return testAlertSnapshot(firstInQueueOrder(many, first), { total: many.length });
        return new Promise((resolve) => (releaseWhole = () => resolve(testAlertSnapshot(many))));
      },
    });
    renderApp({ transport, page: 'alerts' });
    await waitFor(() =>
      expect(screen.getByTestId('alert-count').textContent).toContain(
        `Showing the ${FIRST_ALERTS_SCREENFUL} most urgent of ${many.length} alerts; reading the rest`,
      ),
    );
    expect(rows()[0]?.dataset.alertId).toBe('nvr-crit');
    expect(transport.callsOf('alerts.snapshot')).toEqual([{ first: FIRST_ALERTS_SCREENFUL }, undefined]);

    releaseWhole();
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain(`${many.length - 1} open · 1 resolved`));

    act(() => transport.setConnection('reconnecting', 'The connection to core closed.'));
    act(() => transport.setConnection('connected'));
    await waitFor(() => expect(transport.callsOf('alerts.snapshot')).toHaveLength(3));
    expect(transport.callsOf('alerts.snapshot')[2]).toBeUndefined();
    // The queue never shrinks back to a screenful while the whole is read again.
    expect(screen.getByTestId('alert-count').textContent).toContain(`${many.length - 1} open · 1 resolved`);
    releaseWhole();
  });
});

describe('rendering only what changed', () => {
  function renderCounting(transport: FakeTransport) {
    const renders = new Map<string, number>();
    useViewStore.setState({ ...INITIAL_VIEW, page: 'alerts' });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <AlertRowRenderObserverContext value={(id) => renders.set(id, (renders.get(id) ?? 0) + 1)}>
        <App transport={transport} queryClient={queryClient} />
      </AlertRowRenderObserverContext>,
    );
    return renders;
  }

  it('updates one row on an alerts.changed event, and the cursor re-renders only the rows it leaves and reaches', async () => {
    const transport = queueTransport();
    const renders = renderCounting(transport);
    await screen.findAllByTestId('alert-row');
    press('j', document.body);
    renders.clear();

    press('j', document.body);
    expect(cursorRow()).toBe('door-high');
    expect([...renders.keys()].sort()).toEqual(['door-high', 'nvr-crit']);

    renders.clear();
    act(() =>
      transport.emit('alerts.changed', {
        alerts: [{ ...(ALERTS[0] as Alert), count: 7, owner: 'lee' }],
        removed: [],
        status: 'critical',
        storms: [],
      }),
    );
    await waitFor(() => expect(rowOf('cam-low').textContent).toContain('×7'));
    expect(rowOf('cam-low').textContent).toContain('lee');
    // Let the once-a-frame work (regrouping) run, then check nothing else rendered.
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('critical'));
    expect([...renders.keys()]).toEqual(['cam-low']);
  });
});
