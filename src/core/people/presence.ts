import type { Presence } from '../../shared/contract';
import type { Handlers } from '../service';
import type { PeopleDeps } from './context';

/**
 * Presence on a console with no hub: the people signed in at its own seats (serve mode's browsers
 * are seats too), and which incident each has open. Kept in memory, never audited: it is gone
 * when the session ends or core stops. A console on a hub answers these itself, from the hub.
 */
export function createPresenceHandlers(deps: PeopleDeps): Pick<Handlers, 'presence.list' | 'presence.view'> {
  const repo = deps.repos.people;
  /** The incident each session has open, by session id. */
  const viewing = new Map<string, string | null>();

  function list(): Presence {
    const open = repo.listOpenSessions().filter((row) => row.kind === 'person');
    const openIds = new Set(open.map((row) => row.id));
    for (const id of viewing.keys()) if (!openIds.has(id)) viewing.delete(id);
    return {
      people: open.flatMap((row) => {
        const user = repo.getUser(row.userId);
        return user ? [{ userId: user.id, displayName: user.displayName, seat: row.seat, viewing: viewing.get(row.id) ?? null }] : [];
      }),
    };
  }

  return {
    'presence.list': () => list(),
    'presence.view': (input, { actor }) => {
      if (actor.sessionId === null || (viewing.get(actor.sessionId) ?? null) === input.incidentId) return list();
      viewing.set(actor.sessionId, input.incidentId);
      const presence = list();
      deps.emit({ event: 'presence.changed', payload: presence });
      return presence;
    },
  };
}
