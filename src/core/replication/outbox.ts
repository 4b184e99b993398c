import type Database from 'better-sqlite3';
import type { ContractError, OutboxEntry } from '../../shared/contract';

/** What a command going into the outbox carries: who made it, where and when, and what it was based on. */
export interface NewOutboxEntry {
  id: string;
  method: string;
  input: unknown;
  personId: string;
  personName: string;
  /** When the person last signed in online at this seat, as the console knows it; null when it does not. */
  signedInAt: number | null;
  seat: string;
  issuedAt: number;
  basedOnSeq: number;
}

export interface StoredOutboxEntry extends OutboxEntry {
  /** Its place in the order the commands were made. */
  position: number;
  signedInAt: number | null;
}

/**
 * The outbox table of a console's replica database (console-local: neither replicated nor in the
 * change feed). Entries keep the order they were made in; every change is its own statement, so
 * a console killed at any point restarts with what it had.
 */
export interface OutboxStore {
  add(entry: NewOutboxEntry): StoredOutboxEntry;
  /** Every entry in the order it was made, pending and refused. */
  list(): StoredOutboxEntry[];
  /** The first pending entry after `position` (0: from the start), the next to send; null when none is. */
  nextPending(afterPosition?: number): StoredOutboxEntry | null;
  get(id: string): StoredOutboxEntry | null;
  refuse(id: string, error: ContractError, at: number): void;
  /** False when there was no such entry. */
  remove(id: string): boolean;
  counts(): { pending: number; refused: number };
}

interface OutboxRow {
  position: number;
  id: string;
  method: string;
  input_json: string | null;
  person_id: string;
  person_name: string;
  signed_in_at: number | null;
  seat: string;
  issued_at: number;
  based_on_seq: number;
  state: 'pending' | 'refused';
  error_json: string | null;
  refused_at: number | null;
}

function fromRow(row: OutboxRow): StoredOutboxEntry {
  return {
    position: row.position,
    id: row.id,
    method: row.method,
    input: row.input_json === null ? undefined : (JSON.parse(row.input_json) as unknown),
    personId: row.person_id,
    personName: row.person_name,
    signedInAt: row.signed_in_at,
    seat: row.seat,
    issuedAt: row.issued_at,
    basedOnSeq: row.based_on_seq,
    state: row.state,
    error: row.error_json === null ? null : (JSON.parse(row.error_json) as ContractError),
    refusedAt: row.refused_at,
  };
}

export function createOutboxStore(sqlite: Database.Database): OutboxStore {
  const insert = sqlite.prepare(
    `INSERT INTO outbox (id, method, input_json, person_id, person_name, signed_in_at, seat, issued_at, based_on_seq, state)
     VALUES (@id, @method, @inputJson, @personId, @personName, @signedInAt, @seat, @issuedAt, @basedOnSeq, 'pending')`,
  );
  const all = sqlite.prepare<[], OutboxRow>('SELECT * FROM outbox ORDER BY position');
  const first = sqlite.prepare<[number], OutboxRow>(
    "SELECT * FROM outbox WHERE state = 'pending' AND position > ? ORDER BY position LIMIT 1",
  );
  const byId = sqlite.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const refuse = sqlite.prepare("UPDATE outbox SET state = 'refused', error_json = ?, refused_at = ? WHERE id = ?");
  const remove = sqlite.prepare('DELETE FROM outbox WHERE id = ?');
  const counts = sqlite.prepare<[], { pending: number | null; refused: number | null }>(
    "SELECT SUM(state = 'pending') AS pending, SUM(state = 'refused') AS refused FROM outbox",
  );
  return {
    add(entry) {
      insert.run({ ...entry, inputJson: entry.input === undefined ? null : JSON.stringify(entry.input) });
      return fromRow(byId.get(entry.id)!);
    },
    list: () => all.all().map(fromRow),
    nextPending(afterPosition = 0) {
      const row = first.get(afterPosition);
      return row ? fromRow(row) : null;
    },
    get(id) {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    refuse: (id, error, at) => void refuse.run(JSON.stringify(error), at, id),
    remove: (id) => remove.run(id).changes === 1,
    counts() {
      const row = counts.get();
      return { pending: row?.pending ?? 0, refused: row?.refused ?? 0 };
    },
  };
}
