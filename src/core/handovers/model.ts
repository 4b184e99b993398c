import type { Handover, HandoverItem, ShiftPlan } from '../../shared/contract';
import type { HandoverItemRow, HandoverRow, ShiftPlanRow } from '../db';

export function toShiftPlan(row: ShiftPlanRow | undefined): ShiftPlan {
  return row ? { boundaries: row.boundaries, setBy: row.setBy, setAt: row.setAt } : { boundaries: [], setBy: null, setAt: null };
}

export function toHandoverItem(row: HandoverItemRow): HandoverItem {
  return {
    id: row.itemId,
    kind: row.kind,
    subjectId: row.subjectId,
    title: row.title,
    facts: row.facts,
    note: row.note,
    state: row.state,
    question: row.question,
    askedAt: row.askedAt,
    answer: row.answer,
    answeredAt: row.answeredAt,
    acceptedBy: row.acceptedBy,
    acceptedAt: row.acceptedAt,
  };
}

export function toHandoverItemRow(handoverId: string, position: number, item: HandoverItem): HandoverItemRow {
  return {
    handoverId,
    itemId: item.id,
    position,
    kind: item.kind,
    subjectId: item.subjectId,
    title: item.title,
    facts: item.facts,
    note: item.note,
    state: item.state,
    question: item.question,
    askedAt: item.askedAt,
    answer: item.answer,
    answeredAt: item.answeredAt,
    acceptedBy: item.acceptedBy,
    acceptedAt: item.acceptedAt,
  };
}

export function toHandover(row: HandoverRow, items: HandoverItemRow[]): Handover {
  return {
    id: row.id,
    boundaryAt: row.boundaryAt,
    state: row.state,
    outgoingId: row.outgoingId,
    outgoing: row.outgoing,
    incomingId: row.incomingId,
    incoming: row.incoming,
    generalNote: row.generalNote,
    createdAt: row.createdAt,
    handedOverAt: row.handedOverAt,
    completedAt: row.completedAt,
    items: items.map(toHandoverItem),
  };
}

export function toHandoverRow(handover: Handover): HandoverRow {
  const { items: _items, ...row } = handover;
  return row;
}
