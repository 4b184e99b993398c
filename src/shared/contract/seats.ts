import { z } from 'zod';
import { text } from './strings';

/** The name an admin gives a console registered with the hub ("Desk 3", "Supervisor laptop"). */
export const SeatName = text().trim().min(1, 'Name the seat').max(80, 'At most 80 characters');

export const SeatRegisterInput = z.object({ name: SeatName }).strict();
export const SeatIdInput = z.object({ seatId: text().min(1).max(100) }).strict();

/** A console registered with this hub. */
export const Seat = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
  /** Who registered it, as named then. */
  createdBy: z.string(),
  revokedAt: z.number().int().nullable(),
  /** A console is connected with this seat's credential now. */
  online: z.boolean(),
  /** When a console last connected or left with it; null when none ever did. */
  lastSeenAt: z.number().int().nullable(),
  /** Who is signed in at the consoles connected with it now, by name. */
  signedIn: z.array(z.string()),
});
export type Seat = z.infer<typeof Seat>;

/** The seat just registered, with its credential: shown this once, the hub keeps only a hash of it. */
export const RegisteredSeat = z.object({ seat: Seat, seatId: z.string(), credential: z.string() }).strict();
export type RegisteredSeat = z.infer<typeof RegisteredSeat>;

/** One person signed in at a seat, and the incident they have open there (null: none). */
export const PresentPerson = z
  .object({
    userId: text(),
    displayName: z.string(),
    /** The seat's name: the hub's name of the console, or this workstation's seat when there is no hub. */
    seat: z.string(),
    viewing: text().nullable(),
  })
  .strict();
export type PresentPerson = z.infer<typeof PresentPerson>;

/** Who is signed in at which seat now, live; kept in memory (never in the audit log). */
export const Presence = z.object({ people: z.array(PresentPerson) }).strict();
export type Presence = z.infer<typeof Presence>;

export const PresenceViewInput = z.object({ incidentId: text().min(1).max(100).nullable() }).strict();
