import type { Actor } from '../service';

/**
 * Who a call through a seat acts as, from the session token that seat holds: signed out, locked
 * or signed in (the people capability's actorFor; never throws). Transports keep the token where
 * the page's script cannot read it and ask this before every call, so an ended session stops at once.
 */
export type ActorForSeat = (sessionToken: string | null, seat: string, address: string | null) => Actor;
