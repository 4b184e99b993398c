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
/** Applied entries leave the outbox in batches of at most this many (one wait for the replica each). */
const SETTLE_EVERY = 200;
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
 * backoff; `rejected` marks it refused and the next goes on; `applied` sends the next at once and
 * removes it once the replica holds its change. A resend after a lost answer or a restart is safe: the hub answers an id it
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

  /**
   * Entries the hub applied, by id, with the seq of their change: the next one goes at once, and
   * they leave the outbox together once the replica holds the last (until then the overlay shows them).
   */
  async function settle(applied: Map<string, number>): Promise<boolean> {
    if (applied.size === 0) return true;
    if (!(await link.holds(Math.max(...applied.values())))) return false;
    for (const id of applied.keys()) store.remove(id);
    applied.clear();
    onChanged();
    return true;
  }

  async function sendAll(): Promise<void> {
    const applied = new Map<string, number>();
    try {
      let position = 0;
      for (let entry = store.nextPending(); entry !== null && !stopped; entry = store.nextPending(position)) {
        if (!link.online()) return;
        const answer = await link.send(outboxCommand(entry));
        if (answer === null || answer.kind === 'retry') {
          if (answer) logger.info({ method: entry.method, reason: answer.reason }, 'the hub asked to send an outbox command again');
          retryLater();
          return;
        }
        retryMs = FIRST_RETRY_MS;
        position = entry.position;
        const { receipt } = answer;
        if (receipt.outcome === 'applied') {
          applied.set(entry.id, receipt.seq);
          if (applied.size >= SETTLE_EVERY && !(await settle(applied))) return retryLater();
          continue;
        }
        logger.info({ method: entry.method, code: receipt.error.code }, 'the hub refused a command made offline');
        store.refuse(entry.id, receipt.error, receipt.appliedAt);
        onChanged();
      }
    } finally {
      // Whatever the hub applied leaves once the replica holds it; if it does not in time, the next
      // drain sends those ids again and the hub answers their first receipts.
      if (!(await settle(applied))) retryLater();
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
