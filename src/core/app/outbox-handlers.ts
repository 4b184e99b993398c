import { WatchroomError, type OutboxEntry } from '../../shared/contract';
import type { OutboxStore, StoredOutboxEntry } from '../replication';
import type { Capability, MethodsOf } from '../service';

/** An entry as the renderer sees it: when the person signed in online is for the hub alone, its position for the sender. */
export function shownEntry({ signedInAt: _signedInAt, position: _position, ...entry }: StoredOutboxEntry): OutboxEntry {
  return entry;
}

/**
 * outbox.*: a console's commands made while its hub could not be asked. Answered on the
 * workstation's dispatcher, so a drop is recorded in this console's own log (the hub never saw
 * the command). `outbox.redo` needs the hub link: a console on a hub answers it itself.
 */
export function createOutboxHandlers(store: OutboxStore): Capability<MethodsOf<'outbox'>>['handlers'] {
  return {
    'outbox.list': () => ({ entries: store.list().map(shownEntry) }),
    'outbox.drop': ({ id }) => {
      const entry = store.get(id);
      if (entry?.state !== 'refused')
        throw new WatchroomError('not_found', 'There is no command the hub refused with this id (synced or dropped since?)');
      store.remove(id);
      const counts = store.counts();
      return {
        value: counts,
        target: `outbox:${id}`,
        before: { method: entry.method, input: entry.input, person: entry.personName, issuedAt: entry.issuedAt, refused: entry.error },
        events: [{ event: 'outbox.changed', payload: counts }],
      };
    },
    'outbox.redo': () => {
      throw new WatchroomError('unavailable', 'Only a console connected to a hub keeps commands to give again');
    },
  };
}
