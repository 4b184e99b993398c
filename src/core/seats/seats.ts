import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { WatchroomError, type EventMessage, type HubRefusal, type Seat } from '../../shared/contract';
import type { SeatRow } from '../db';
import type { Capability, CapabilityContext, MethodsOf } from '../service';

/** Who is at the consoles connected with each seat now: the hub's transport knows, the seat list shows it. */
export interface SeatPresence {
  of(seatId: string): { online: boolean; signedIn: string[] };
}

export type SeatAuthentication =
  { ok: true; seat: { id: string; name: string } } | { ok: false; reason: string; refusal: HubRefusal['reason'] };

export interface Seats extends Capability<MethodsOf<'seats'>> {
  /** A console's handshake: the seat exists, is not revoked, and the credential is the one shown at registration. */
  authenticate(seatId: string, credential: string): SeatAuthentication;
  /** Whether a seat may still be connected (revoked seats are dropped at once). */
  isActive(seatId: string): boolean;
  /** A console connected or left with this seat: its last-seen time, and every admin's seat list. */
  noteSeen(seatId: string, change: 'connected' | 'disconnected'): void;
}

/** 32 random bytes: guessing one is hopeless, so a plain SHA-256 of it is all the hub needs to keep. */
const credentialHash = (credential: string) => createHash('sha256').update(credential, 'utf8').digest('hex');

// One answer for every failure, so a caller cannot tell a wrong id from a wrong credential.
const REFUSED = 'This seat is not registered with the hub, or its credential is wrong: ask an admin to register it again';

function changed(seatId: string, reason: 'registered' | 'revoked' | 'connected' | 'disconnected'): EventMessage {
  return { event: 'seats.changed', payload: { seatId, reason } };
}

export function createSeats(context: CapabilityContext & { presence: SeatPresence }): Seats {
  const repo = context.repos.hub;
  const shown = (row: SeatRow): Seat => {
    const presence = row.revokedAt === null ? context.presence.of(row.id) : { online: false, signedIn: [] };
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      revokedAt: row.revokedAt,
      lastSeenAt: row.lastSeenAt,
      ...presence,
    };
  };
  const described = (row: SeatRow) => ({ name: row.name, revokedAt: row.revokedAt });

  return {
    handlers: {
      'seats.list': () => repo.listSeats().map(shown),
      'seats.register': (input, ctx) => {
        if (repo.listSeats().some((row) => row.revokedAt === null && row.name.toLowerCase() === input.name.toLowerCase()))
          throw new WatchroomError('conflict', `A seat named ${input.name} is registered already`, [
            { path: 'name', message: 'Taken by a registered seat' },
          ]);
        const credential = randomBytes(32).toString('base64url');
        const row: SeatRow = {
          id: randomUUID(),
          name: input.name,
          credentialHash: credentialHash(credential),
          createdAt: context.clock.now(),
          createdBy: ctx.actor.displayName,
          revokedAt: null,
          lastSeenAt: null,
        };
        repo.insertSeat(row);
        return {
          value: { seat: shown(row), seatId: row.id, credential },
          target: `seat:${row.id}`,
          // Never the credential: it is shown once, to the admin who registered the seat.
          after: described(row),
          events: [changed(row.id, 'registered')],
        };
      },
      'seats.revoke': (input) => {
        const before = repo.getSeat(input.seatId);
        if (!before) throw new WatchroomError('not_found', 'There is no such seat');
        if (before.revokedAt !== null) throw new WatchroomError('conflict', `${before.name} was revoked already`);
        repo.updateSeat(before.id, { revokedAt: context.clock.now() });
        const after = repo.getSeat(before.id)!;
        return {
          value: shown(after),
          target: `seat:${before.id}`,
          before: described(before),
          after: described(after),
          events: [changed(before.id, 'revoked')],
        };
      },
    },
    authenticate(seatId, credential) {
      const row = repo.getSeat(seatId);
      // Compared even for an unknown seat, so the answer takes as long either way.
      const expected = Buffer.from(row?.credentialHash ?? credentialHash(randomUUID()), 'hex');
      const matches = timingSafeEqual(expected, Buffer.from(credentialHash(credential), 'hex'));
      if (!row || !matches) return { ok: false, reason: REFUSED, refusal: 'unregistered' };
      if (row.revokedAt !== null)
        return { ok: false, reason: `The seat ${row.name} was revoked by an admin: it may no longer connect`, refusal: 'revoked' };
      return { ok: true, seat: { id: row.id, name: row.name } };
    },
    isActive: (seatId) => repo.getSeat(seatId)?.revokedAt === null,
    noteSeen(seatId, change) {
      context.repos.transaction(() => repo.updateSeat(seatId, { lastSeenAt: context.clock.now() }));
      context.emit(changed(seatId, change));
    },
    start() {},
    stop() {},
  };
}
