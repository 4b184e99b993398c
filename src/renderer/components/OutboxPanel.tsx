import { useQuery } from '@tanstack/react-query';
import { isMethodName, methods, type OutboxEntry } from '../../shared/contract';
import { useEffectiveSettings } from '../api/queries';
import { queryKeys } from '../api/query-keys';
import { useTransport } from '../api/transport-context';
import { useCommand } from '../api/use-command';
import { formatTimestamp } from '../format/time';
import { CommandButton } from './CommandButton';
import { VersionConflict } from './VersionConflict';

/** This console's outbox; outbox.changed events make it stale. */
export function useOutbox() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.outbox, queryFn: () => transport.call('outbox.list', undefined), staleTime: Infinity });
}

/** A command in words: the contract's own summary of it ("Acknowledge an alert with a reason code and a note"). */
function describeCommand(entry: OutboxEntry): string {
  return isMethodName(entry.method) ? methods[entry.method].summary : entry.method;
}

function RefusedEntry({ entry }: { entry: OutboxEntry }) {
  const { timeZone } = useEffectiveSettings();
  const redo = useCommand('outbox.redo', { stale: [queryKeys.outbox] });
  const drop = useCommand('outbox.drop', { stale: [queryKeys.outbox] });
  const busy = redo.isPending || drop.isPending;
  const failed = redo.error ?? drop.error;
  return (
    <li className="outbox-entry" data-testid="outbox-refused">
      <div className="outbox-entry__what">
        <strong>{describeCommand(entry)}</strong> by {entry.personName} at {formatTimestamp(entry.issuedAt, timeZone)}
      </div>
      {entry.error?.versions ? (
        // A stale edit: what was typed offline beside what the hub has now.
        <VersionConflict
          versions={entry.error.versions}
          message={entry.error.message}
          pending={busy}
          onKeepMine={() => redo.mutate({ id: entry.id, onCurrentVersion: true })}
          onTakeTheirs={() => drop.mutate({ id: entry.id })}
        />
      ) : (
        // The hub's reason says what it has now ("Alert already acknowledged by Anna Berg at 14:02").
        <p className="outbox-entry__reason" data-testid="outbox-reason">
          Refused: {entry.error?.message ?? 'the hub gave no reason'}
        </p>
      )}
      <div className="outbox-entry__actions" hidden={entry.error?.versions !== undefined}>
        <CommandButton method="outbox.redo" disabled={busy} onClick={() => redo.mutate({ id: entry.id })}>
          Redo
        </CommandButton>
        <CommandButton method="outbox.drop" disabled={busy} onClick={() => drop.mutate({ id: entry.id })}>
          Drop
        </CommandButton>
      </div>
      {failed ? (
        <p className="outbox-entry__error" role="alert">
          {failed.message}
        </p>
      ) : null}
    </li>
  );
}

/**
 * What this console did while the hub could not be asked: how many changes wait to sync, and the
 * ones the hub refused, each with who, when and why, to redo or drop. Shown only while there are any.
 */
export function OutboxPanel() {
  const entries = useOutbox().data?.entries ?? [];
  const pending = entries.filter((entry) => entry.state === 'pending').length;
  const refused = entries.filter((entry) => entry.state === 'refused');
  if (pending === 0 && refused.length === 0) return null;
  return (
    <section className="notices" aria-label="Changes made offline">
      {pending > 0 ? (
        <div className="notice notice--warning" role="status" data-testid="outbox-pending">
          <div className="notice__text">
            <strong className="notice__title">{pending === 1 ? '1 change waiting to sync' : `${pending} changes waiting to sync`}</strong>
          </div>
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="notice notice--critical" data-testid="outbox-refused-list">
          <div className="notice__text">
            <strong className="notice__title">Changes made offline that the hub refused</strong>
            <ul className="outbox-list">
              {refused.map((entry) => (
                <RefusedEntry key={entry.id} entry={entry} />
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </section>
  );
}
