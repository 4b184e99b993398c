import { describe, expect, it } from 'vitest';
import type { Handover } from '../contract';
import { handoverReport } from './handover-report';

const AT = Date.UTC(2026, 11, 3, 19, 0);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const HANDOVER: Handover = {
  id: 'h1',
  boundaryAt: AT,
  state: 'complete',
  outgoingId: 'u1',
  outgoing: 'Olga Operator',
  incomingId: 'u2',
  incoming: 'Otto Operator',
  generalNote: 'Quiet <night>',
  createdAt: AT - 30 * 60_000,
  handedOverAt: AT - 10 * 60_000,
  completedAt: AT + 5 * 60_000,
  items: [
    {
      id: 'incident:i1',
      kind: 'incident',
      subjectId: 'i1',
      title: 'INC-7 Fence alarm',
      facts: ['P1 · investigating', 'Owner: Olga Operator'],
      note: 'Police reference pending',
      state: 'accepted',
      question: 'Which station?',
      askedAt: AT,
      answer: 'North',
      answeredAt: AT + 60_000,
      acceptedBy: 'Otto Operator',
      acceptedAt: AT + 5 * 60_000,
    },
  ],
};

describe('the printable handover', () => {
  it('holds who signed it, the general note and every item with its facts, note, question, answer and acceptance, escaped', () => {
    const report = handoverReport(HANDOVER, { consoleName: 'Watchroom North', formatTime: hhmm, now: AT + 10 * 60_000 });
    expect(report.fileStem).toBe('handover-2026-12-03-19-00');
    for (const text of [
      'Shift handover 19:00',
      'Olga Operator, signed 18:50',
      'Otto Operator, signed 19:05',
      'Quiet &lt;night&gt;',
      '1. Incident: INC-7 Fence alarm',
      'P1 · investigating',
      'Police reference pending',
      'Which station?',
      'North',
      'Accepted by Otto Operator at 19:05',
    ])
      expect(report.html).toContain(text);
    expect(report.markdown).toContain('Police reference pending');
  });
});
