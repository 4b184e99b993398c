import type { Actor, Dispatcher } from '../service';

/**
 * Who a call through a seat acts as, from the session token that seat holds: signed out, locked
 * or signed in (the people capability's actorFor; never throws). Transports keep the token where
 * the page's script cannot read it and ask this before every call, so an ended session stops at once.
 */
export type ActorForSeat = (sessionToken: string | null, seat: string, address: string | null) => Actor;

/** Commands after which who a token is may have changed: a user's role, sites or state, a session. */
const PEOPLE_ACTIONS = /^(auth|users|sessions|devices)\./;

/**
 * actorFor, remembered per token and seat until core says who a token is may have changed: a
 * session started, locked, unlocked or ended (auth.changed, also sent by the sweep that locks idle
 * seats and ends expired sessions), or a command on people ran (a role or sites changed). Reading
 * the session and its user for every call cost about 1 ms of a 0.35 ms app.health round trip.
 */
export function rememberedActors(actorFor: ActorForSeat, dispatcher: Pick<Dispatcher, 'subscribe'>): ActorForSeat {
  const known = new Map<string, Actor>();
  dispatcher.subscribe((message) => {
    if (message.event === 'auth.changed' || (message.event === 'audit.appended' && PEOPLE_ACTIONS.test(message.payload.action))) {
      known.clear();
    }
  });
  return (sessionToken, seat, address) => {
    if (sessionToken === null) return actorFor(null, seat, address);
    const key = JSON.stringify([sessionToken, seat, address]);
    const remembered = known.get(key);
    if (remembered !== undefined) return remembered;
    const actor = actorFor(sessionToken, seat, address);
    known.set(key, actor);
    return actor;
  };
}
