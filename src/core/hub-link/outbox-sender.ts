import type { HubCommand } from '../../shared/contract';
import type { TimerHandle, Timers } from '../../shared/domain/clock';
import type { Logger } from '../logging';
import type { OutboxStore, StoredOutboxEntry } from '../replication';
import type { HubLink } from './link';

export interface OutboxSenderOptions {
  store: OutboxStore;
  link: Pick<HubLink, 'online' | 'send' | 'holds'>;
  timers: Timers;
  logger: Logger;
  /** An entry left the outbox or was refused: the counts and the pending overlay changed. */
  onChanged(): void;
}

export interface OutboxSender {
  /** Sends what waits, in order, if the link is online and nothing is being sent (after a catch-up, after a new entry). */
  drain(): void;
  /** Resolves once the current drain (if any) has ended; for tests and the bench. */
  idle(): Promise<void>;
  stop(): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** An outbox entry as the hub takes it: under its own id, as the person the seat vouches for. */
export function outboxCommand(entry: StoredOutboxEntry): HubCommand {
  return {
    id: entry.id,
    method: entry.method,
    input: entry.input ?? null,
    sessionToken: null,
    asPerson: { personId: entry.personId, signedInAt: entry.signedInAt },
    issuedAt: entry.issuedAt,
  };
}

/**
 * Replays a console's outbox to its hub, one entry at a time in the order they were made. No
 * answer (offline, lost) or `retry` keeps the entry and the ones behind it for the next try, with
 * backoff; `rejected` marks it refused and the next goes on; `applied` removes it once the replica
 * holds its change. A resend after a lost answer or a restart is safe: the hub answers an id it
 * has seen with its first receipt.
 */
export function createOutboxSender({ store, link, timers, logger, onChanged }: OutboxSenderOptions): OutboxSender {
  let running: Promise<void> | null = null;
  /** Asked to drain while a drain was ending: go round once more, so an entry added just then is not left waiting. */
  let again = false;
  let retryTimer: TimerHandle | null = null;
  let retryMs = FIRST_RETRY_MS;
  let stopped = false;

  function retryLater(): void {
    retryTimer ??= timers.after(retryMs, () => {
      retryTimer = null;
      drain();
    });
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  async function sendAll(): Promise<void> {
    for (let entry = store.nextPending(); entry !== null && !stopped; entry = store.nextPending()) {
      if (!link.online()) return;
      const answer = await link.send(outboxCommand(entry));
      if (answer === null || answer.kind === 'retry') {
        if (answer) logger.info({ method: entry.method, reason: answer.reason }, 'the hub asked to send an outbox command again');
        retryLater();
        return;
      }
      retryMs = FIRST_RETRY_MS;
      const { receipt } = answer;
      if (receipt.outcome === 'rejected') {
        logger.info({ method: entry.method, code: receipt.error.code }, 'the hub refused a command made offline');
        store.refuse(entry.id, receipt.error, receipt.appliedAt);
      } else {
        // Removed once the replica shows it: until then the pending overlay keeps showing the change.
        if (!(await link.holds(receipt.seq))) {
          retryLater();
          return;
        }
        store.remove(entry.id);
      }
      onChanged();
    }
  }

  function drain(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = sendAll()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'sending the outbox failed');
        retryLater();
      })
      .finally(() => {
        running = null;
        if (again && retryTimer === null) drain();
      });
  }

  return {
    drain,
    idle: async () => {
      while (running) await running;
    },
    stop() {
      stopped = true;
      retryTimer?.cancel();
    },
  };
}
