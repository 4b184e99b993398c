// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OnCallNow, OnCallSchedule, OnShiftNow, Person } from '../../../shared/contract';
import { DEFAULT_ROUTING } from '../../../shared/domain/routing';
import { TransportProvider } from '../../api/transport-context';
import { OnCallIndicator } from '../../components/OnCallIndicator';
import { FakeTransport, type FakeHandlers } from '../../testing/fake-transport';
import { T0 } from '../../testing/monitoring-fixtures';
import { alertConfigTransport, fill, openTab, renderAlertConfig, testChannel } from './testing';

const PEOPLE: Person[] = [
  { id: 'u-bob', displayName: 'Bob Stone', role: 'supervisor' },
  { id: 'u-carla', displayName: 'Carla Diaz', role: 'supervisor' },
];

const SUPERVISORS: OnCallSchedule = {
  id: 'sup',
  name: 'Supervisors',
  people: ['u-carla', 'u-bob'],
  handoffWeekday: 1,
  handoffTime: '07:00',
  rotationWeeks: 1,
  startsOn: '2026-11-16',
  overrides: [],
  updatedAt: T0,
};

const ON_CALL: OnCallNow[] = [
  {
    scheduleId: 'sup',
    scheduleName: 'Supervisors',
    now: { userId: 'u-bob', displayName: 'Bob Stone', because: 'rotation', until: Date.UTC(2026, 10, 30, 7) },
    next: { userId: 'u-carla', displayName: 'Carla Diaz', because: 'rotation', from: Date.UTC(2026, 10, 30, 7) },
  },
];

/** Anna took the day shift over at the 07:00 handover. */
const ANNA_ON_SHIFT: OnShiftNow = {
  people: [{ userId: 'u-anna', displayName: 'Anna Berg' }],
  because: 'handover',
  boundaryAt: Date.UTC(2026, 10, 23, 7),
};

/** The Routing tab of the Rules page: Bob and Carla take turns on call, Anna is on shift; `answers` answer the change a test makes. */
async function openRouting(answers: FakeHandlers) {
  const transport = alertConfigTransport({
    'users.people': () => PEOPLE,
    'oncall.schedules': () => [SUPERVISORS],
    'oncall.now': () => ON_CALL,
    'oncall.onShift': () => ANNA_ON_SHIFT,
    'channels.list': () => [testChannel('bob-pager', { name: 'Bob pager' })],
    ...answers,
  });
  await renderAlertConfig(transport);
  openTab('routing');
  return transport;
}

/** The header's on-call indicator on its own; invalidating the returned client's queries makes it read core again. */
function renderOnCallIndicator(transport: FakeTransport) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <OnCallIndicator />
      </TransportProvider>
    </QueryClientProvider>,
  );
  return queryClient;
}

describe('routing and on call on the Rules page', () => {
  it('says who is on call now and next, and saves the routing table as ticked, with the pager reaching the on-call supervisor', async () => {
    const transport = await openRouting({ 'routing.set': (input) => input });
    expect((await screen.findByTestId('on-call-now-item')).textContent).toBe(
      'Supervisors: Bob Stone until 2026-11-30 07:00 UTC, then Carla Diaz',
    );
    expect((await screen.findByTestId('on-shift-now')).textContent).toBe(
      'On shift: Anna Berg (since 07:00 handover) — escalation level 1, the operator on shift, reaches them',
    );
    const medium = screen.getAllByTestId('routing-row').find((row) => row.dataset.severity === 'medium')!;
    fireEvent.click(within(medium).getByTestId('routing-email'));
    fill('routing-pager-schedule', 'sup');
    fireEvent.click(screen.getByTestId('routing-save'));
    await waitFor(() => expect(transport.callsOf('routing.set')).toHaveLength(1));
    expect(transport.callsOf('routing.set')[0]).toEqual({
      routes: DEFAULT_ROUTING.routes.map((route) =>
        route.severity === 'medium' ? { severity: 'medium', destinations: ['chat', 'email'] } : route,
      ),
      pagerScheduleId: 'sup',
    });
  });

  it("names the on-call schedule as a level's target and saves that severity's levels", async () => {
    const transport = await openRouting({ 'routing.setLevels': (input) => input });
    const high = (await screen.findAllByTestId('levels-form')).find((form) => form.dataset.severity === 'high')!;
    const second = within(high).getAllByTestId('level')[1]!;
    fireEvent.change(within(second).getByTestId('level-target-kind'), { target: { value: 'schedule' } });
    fireEvent.change(within(second).getByTestId('level-minutes'), { target: { value: '20' } });
    fireEvent.click(within(high).getByTestId('levels-save'));
    await waitFor(() => expect(transport.callsOf('routing.setLevels')).toHaveLength(1));
    expect(transport.callsOf('routing.setLevels')[0]).toEqual({
      severity: 'high',
      levels: [
        { label: 'Operator on shift', target: { kind: 'role', role: 'operator' }, minutesToNext: 30 },
        { label: 'Supervisor on call', target: { kind: 'schedule', scheduleId: 'sup' }, minutesToNext: 20 },
        { label: 'Duty manager', target: { kind: 'role', role: 'admin' }, minutesToNext: null },
      ],
    });
  });

  it('creates a weekly rotation with an override typed in the console time zone, and says what is wrong beside a bad time', async () => {
    const transport = await openRouting({
      'oncall.save': (input) => ({ ...SUPERVISORS, ...input, id: 'new', overrides: [], updatedAt: T0 }),
    });
    fireEvent.click(await screen.findByTestId('schedule-new'));
    fill('schedule-name', 'Duty managers');
    fill('schedule-add-person', 'u-bob');
    fireEvent.click(screen.getByTestId('schedule-add'));
    fill('schedule-add-person', 'u-carla');
    fireEvent.click(screen.getByTestId('schedule-add'));
    fill('schedule-weekday', '5');
    fill('schedule-time', '18:00');
    fill('schedule-weeks', '2');
    fill('schedule-starts', '2026-12-04');
    fireEvent.click(screen.getByTestId('override-add'));
    fill('override-person', 'u-carla');
    fill('override-from', '2026-12-24 18:00');
    fill('override-to', 'Boxing Day');
    fireEvent.click(screen.getByTestId('schedule-save'));
    expect(screen.getByTestId('field-error').textContent).toBe('A time such as 2026-11-23 21:30');
    expect(transport.callsOf('oncall.save')).toEqual([]);

    fill('override-to', '2026-12-26 08:00');
    fill('override-note', 'Bob is away');
    fireEvent.click(screen.getByTestId('schedule-save'));
    await waitFor(() => expect(transport.callsOf('oncall.save')).toHaveLength(1));
    expect(transport.callsOf('oncall.save')[0]).toEqual({
      name: 'Duty managers',
      people: ['u-bob', 'u-carla'],
      handoffWeekday: 5,
      handoffTime: '18:00',
      rotationWeeks: 2,
      startsOn: '2026-12-04',
      overrides: [{ userId: 'u-carla', from: Date.UTC(2026, 11, 24, 18), to: Date.UTC(2026, 11, 26, 8), note: 'Bob is away' }],
    });
    await waitFor(() => expect(screen.queryByTestId('schedule-form')).toBeNull());
  });

  it('gives a person their pager as contact channel', async () => {
    const transport = await openRouting({ 'oncall.setContact': (input) => input });
    const bob = (await screen.findAllByTestId('contact-row')).find((row) => row.textContent?.includes('Bob Stone'))!;
    fireEvent.change(within(bob).getByTestId('contact-channel'), { target: { value: 'bob-pager' } });
    await waitFor(() => expect(transport.callsOf('oncall.setContact')).toEqual([{ userId: 'u-bob', channelId: 'bob-pager' }]));
  });
});

describe('the header', () => {
  it('says who is on shift by the handover, and who is on call in every schedule', async () => {
    renderOnCallIndicator(new FakeTransport({ 'oncall.now': () => ON_CALL, 'oncall.onShift': () => ANNA_ON_SHIFT }));
    await waitFor(() =>
      expect(screen.getByTestId('header-on-call').textContent).toBe(
        'On call — Supervisors: Bob Stone until 2026-11-30 07:00 UTC, then Carla Diaz',
      ),
    );
    expect(screen.getByTestId('header-on-shift').textContent).toBe('On shift: Anna Berg (since 07:00 handover)');
  });

  it('says the outgoing operator holds the shift until the handover is accepted, and who is signed in without one', async () => {
    let onShift: OnShiftNow = {
      people: [{ userId: 'u-olga', displayName: 'Olga Berg' }],
      because: 'handover-not-accepted',
      boundaryAt: Date.UTC(2026, 10, 23, 19),
    };
    const queryClient = renderOnCallIndicator(new FakeTransport({ 'oncall.onShift': () => onShift }));
    await waitFor(() =>
      expect(screen.getByTestId('header-on-shift').textContent).toBe('On shift: Olga Berg (until the 19:00 handover is accepted)'),
    );
    expect(screen.queryByTestId('header-on-call')).toBeNull();
    onShift = {
      people: [
        { userId: 'u-olga', displayName: 'Olga Berg' },
        { userId: 'u-otto', displayName: 'Otto Lind' },
      ],
      because: 'signed-in',
      boundaryAt: null,
    };
    await queryClient.invalidateQueries();
    await waitFor(() => expect(screen.getByTestId('header-on-shift').textContent).toBe('On shift: Olga Berg, Otto Lind (signed in)'));
  });
});
