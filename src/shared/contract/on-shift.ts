import { z } from 'zod';
import { text } from './strings';

/**
 * Who "the operator on shift" is now (issue 16): escalation level 1's default target, and what the
 * header and the Rules page show beside who is on call.
 *
 * - `handover`: the incoming operator of the completed handover into the current shift;
 * - `handover-not-accepted`: that handover is started but not accepted yet, so the outgoing operator still holds the shift;
 * - `signed-in`: no handover into this shift (or no shifts set), so the operators signed in now;
 * - `nobody`: none of those, so every operator is told rather than no one.
 */
export const OnShiftBecause = z.enum(['handover', 'handover-not-accepted', 'signed-in', 'nobody']);
export type OnShiftBecause = z.infer<typeof OnShiftBecause>;

export const OnShiftNow = z
  .object({
    people: z.array(z.object({ userId: text(), displayName: text() }).strict()),
    because: OnShiftBecause,
    /** The shift change of that handover; null when no handover decides. */
    boundaryAt: z.number().int().nullable(),
  })
  .strict();
export type OnShiftNow = z.infer<typeof OnShiftNow>;
