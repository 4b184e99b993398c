// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Handover, HandoverCurrent, PrintReportRequest } from '../../../shared/contract';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const SHIFT_CHANGE = Date.UTC(2026, 10, 23, 19, 0);
const OUTGOING = personWhoAmI('operator');
/** The page's code loads lazily the first time: slower than one second on a busy machine. */
const PAGE_LOADS_WITHIN_MS = 10_000;

function handover(fields: Partial<Handover> = {}): Handover {
  return {
    id: 'h1',
    boundaryAt: SHIFT_CHANGE,
    state: 'draft',
    outgoingId: OUTGOING.id,
    outgoing: 'Ann Example',
    incomingId: null,
    incoming: null,
    generalNote: '',
    createdAt: SHIFT_CHANGE - 20 * 60_000,
    handedOverAt: null,
    completedAt: null,
    items: [
      {
        id: 'incident:i1',
        kind: 'incident',
        subjectId: 'i1',
        title: 'INC-7 Fence alarm',
        facts: ['P1 · investigating', 'Owner: Ann Example'],
        note: '',
        state: 'open',
        question: null,
        askedAt: null,
        answer: null,
        answeredAt: null,
        acceptedBy: null,
        acceptedAt: null,
      },
    ],
    ...fields,
  };
}

const current = (shown: Handover): HandoverCurrent => ({
  shifts: { boundaries: ['07:00', '19:00'], setBy: 'Sam Supervisor', setAt: 0 },
  boundaryAt: SHIFT_CHANGE,
  handover: shown,
});

describe('the Hand over page', () => {
  it('lets the outgoing operator write notes and sign: the notes are saved, then the handover handed over', async () => {
    const transport = new FakeTransport({
      'app.whoami': () => OUTGOING,
      'handovers.current': () => current(handover()),
      'handovers.list': () => [handover()],
      'handovers.setNotes': () => handover(),
      'handovers.handOver': () => handover({ state: 'handed-over', handedOverAt: SHIFT_CHANGE - 60_000 }),
    });
    renderApp({ transport, page: 'handover' });
    const note = await screen.findByTestId('handover-item-note', {}, { timeout: PAGE_LOADS_WITHIN_MS });
    expect(screen.queryByTestId('handover-accept')).toBeNull();
    fireEvent.change(note, { target: { value: 'Police reference pending' } });
    fireEvent.change(screen.getByTestId('handover-general-note'), { target: { value: 'Quiet night' } });
    fireEvent.click(screen.getByTestId('handover-hand-over'));
    await waitFor(() => expect(transport.callsOf('handovers.handOver')).toEqual([{ id: 'h1' }]));
    expect(transport.callsOf('handovers.setNotes')).toEqual([
      { id: 'h1', generalNote: 'Quiet night', items: [{ itemId: 'incident:i1', note: 'Police reference pending' }] },
    ]);
  });

  it('lets another operator accept or ask about each item once handed over, and follows the outgoing answer live', async () => {
    const signed = handover({ state: 'handed-over', handedOverAt: SHIFT_CHANGE - 60_000 });
    const transport = new FakeTransport({
      'app.whoami': () => ({ ...OUTGOING, id: 'user-otto', displayName: 'Otto Operator' }),
      'handovers.current': () => current(signed),
      'handovers.list': () => [signed],
      'handovers.ask': () => signed,
      'handovers.accept': () => signed,
    });
    renderApp({ transport, page: 'handover' });
    const item = await screen.findByTestId('handover-item', {}, { timeout: PAGE_LOADS_WITHIN_MS });
    expect(screen.queryByTestId('handover-item-note')).toBeNull();
    fireEvent.change(within(item).getByTestId('handover-ask-input'), { target: { value: 'Which station?' } });
    fireEvent.click(within(item).getByTestId('handover-ask'));
    await waitFor(() =>
      expect(transport.callsOf('handovers.ask')).toEqual([{ id: 'h1', itemId: 'incident:i1', question: 'Which station?' }]),
    );

    const answered = handover({
      state: 'handed-over',
      items: [{ ...signed.items[0]!, question: 'Which station?', answer: 'North', state: 'open' }],
    });
    transport.respond('handovers.current', () => current(answered));
    transport.emit('handovers.changed', { handover: answered });
    expect((await screen.findByTestId('handover-item-answer')).textContent).toBe('Answer: North');
    fireEvent.click(screen.getByTestId('handover-accept'));
    await waitFor(() => expect(transport.callsOf('handovers.accept')).toEqual([{ id: 'h1', itemId: 'incident:i1' }]));
  });

  describe('printed on the desktop', () => {
    afterEach(() => void Reflect.deleteProperty(window, 'watchroom'));

    it('sends the shell a PDF of the handover holding every item and note', async () => {
      const printReport = vi.fn((_request: PrintReportRequest) => Promise.resolve({ ok: true as const, value: { savedTo: '/tmp/h.pdf' } }));
      Object.assign(window, { watchroom: { printReport } });
      const done = handover({
        state: 'complete',
        items: [
          {
            ...handover().items[0]!,
            note: 'Police reference pending',
            state: 'accepted',
            acceptedBy: 'Otto Operator',
            acceptedAt: SHIFT_CHANGE,
          },
        ],
      });
      const transport = new FakeTransport({
        'app.whoami': () => OUTGOING,
        'handovers.current': () => current(done),
        'handovers.list': () => [done],
      });
      renderApp({ transport, page: 'handover' });
      fireEvent.click(await screen.findByTestId('handover-print', {}, { timeout: PAGE_LOADS_WITHIN_MS }));
      await waitFor(() => expect(printReport).toHaveBeenCalledTimes(1));
      const request = printReport.mock.calls[0]?.[0];
      expect(request?.fileStem).toBe('handover-2026-11-23-19-00');
      for (const text of ['INC-7 Fence alarm', 'Police reference pending', 'Accepted by Otto Operator'])
        expect(request?.html).toContain(text);
    });
  });
});
