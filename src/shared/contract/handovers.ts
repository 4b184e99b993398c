import { z } from 'zod';
import { text } from './strings';

const id = text().min(1).max(200);
const timestamp = z.number().int();
const note = text().max(4000, 'At most 4,000 characters');

/** A shift boundary on the console's clock (its time zone setting): "07:00", "19:00". */
export const ShiftBoundary = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time such as 07:00');

/**
 * When shifts change, in the console's time zone. None: the console has no shifts, so nothing
 * asks for a handover and no supervisor alert is raised.
 */
export const ShiftPlan = z
  .object({
    boundaries: z.array(ShiftBoundary),
    /** Who set them last, and when: boundaries before this moment never ask for a handover. */
    setBy: z.string().nullable(),
    setAt: timestamp.nullable(),
  })
  .strict();
export type ShiftPlan = z.infer<typeof ShiftPlan>;

export const SetShiftsInput = z
  .object({
    boundaries: z
      .array(ShiftBoundary)
      .max(6, 'At most 6 shifts a day')
      .refine((times) => new Set(times).size === times.length, { message: 'Each shift change only once' }),
  })
  .strict();

/** What a handover item is about: each is accepted on its own by the incoming operator. */
export const HANDOVER_ITEM_KINDS = ['incident', 'alert', 'silence', 'sop-step', 'backup', 'monitor', 'health', 'nothing-open'] as const;
export const HandoverItemKind = z.enum(HANDOVER_ITEM_KINDS);
export type HandoverItemKind = z.infer<typeof HandoverItemKind>;

/** open: waiting for the incoming operator; question: they asked, the outgoing has not answered yet; accepted: theirs now. */
export const HandoverItemState = z.enum(['open', 'question', 'accepted']);

export const HandoverItem = z
  .object({
    /** Stable within its handover: `incident:<id>`, `alert:<id>`, … so a rebuilt draft keeps its notes. */
    id: z.string(),
    kind: HandoverItemKind,
    /** The incident, alert, silence, backup job or monitor it is about; null for the console's health and "nothing open". */
    subjectId: z.string().nullable(),
    title: z.string(),
    /** What held when the handover was built, a line each: priority, clocks, owner, next step, age. */
    facts: z.array(z.string()),
    /** The outgoing operator's note on it. */
    note: z.string(),
    state: HandoverItemState,
    question: z.string().nullable(),
    askedAt: timestamp.nullable(),
    answer: z.string().nullable(),
    answeredAt: timestamp.nullable(),
    acceptedBy: z.string().nullable(),
    acceptedAt: timestamp.nullable(),
  })
  .strict();
export type HandoverItem = z.infer<typeof HandoverItem>;

/** draft: the outgoing operator writes notes; handed-over: signed by the outgoing, the incoming goes through it; complete: every item accepted. */
export const HandoverState = z.enum(['draft', 'handed-over', 'complete']);
export type HandoverState = z.infer<typeof HandoverState>;

export const Handover = z
  .object({
    id,
    /** The shift change it is for. */
    boundaryAt: timestamp,
    state: HandoverState,
    outgoingId: z.string(),
    outgoing: z.string(),
    /** The first other person who accepted or asked: the handover is theirs from then on. */
    incomingId: z.string().nullable(),
    incoming: z.string().nullable(),
    generalNote: z.string(),
    createdAt: timestamp,
    handedOverAt: timestamp.nullable(),
    completedAt: timestamp.nullable(),
    items: z.array(HandoverItem),
  })
  .strict();
export type Handover = z.infer<typeof Handover>;

/** What the Hand over page opens on: the shifts, the shift change nearest now, and its handover if one was started. */
export const HandoverCurrent = z
  .object({
    shifts: ShiftPlan,
    /** The shift change nearest now; null when the console has no shifts. */
    boundaryAt: timestamp.nullable(),
    handover: Handover.nullable(),
  })
  .strict();
export type HandoverCurrent = z.infer<typeof HandoverCurrent>;

export const HandoverIdInput = z.object({ id }).strict();
export const HandoverItemInput = z.object({ id, itemId: text().min(1).max(300) }).strict();
export const HandoverNotesInput = z
  .object({
    id,
    generalNote: note,
    /** Notes per item; items left out keep theirs. */
    items: z
      .array(z.object({ itemId: text().min(1).max(300), note }).strict())
      .max(1000)
      .default([]),
  })
  .strict();
export const HandoverQuestionInput = z
  .object({ id, itemId: text().min(1).max(300), question: text().trim().min(1, 'Ask something').max(2000, 'At most 2,000 characters') })
  .strict();
export const HandoverAnswerInput = z
  .object({ id, itemId: text().min(1).max(300), answer: text().trim().min(1, 'Answer something').max(2000, 'At most 2,000 characters') })
  .strict();

export const HandoversChanged = z.object({ handover: Handover }).strict();
