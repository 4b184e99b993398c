import { z } from 'zod';
import { ContractError } from './errors';
import { text } from './strings';

/**
 * A console's outbox (issue 14, offline work): commands made while its hub could not be asked,
 * kept in the replica database and sent in order once the hub is back. `pending` waits for the
 * hub; `refused` was rejected by it (permission, validation, conflict) and waits for somebody to
 * redo or drop it. A command the hub applied leaves the outbox once the replica holds its change.
 */
export const OutboxEntryState = z.enum(['pending', 'refused']);
export type OutboxEntryState = z.infer<typeof OutboxEntryState>;

export const OutboxEntry = z.strictObject({
  /** The client-made id the hub applies it under, exactly once. */
  id: z.uuid(),
  method: text(),
  input: z.unknown(),
  personId: text(),
  personName: text(),
  seat: text(),
  issuedAt: z.number().int(),
  /** The replica's seq when it was made: the hub's state it was based on. */
  basedOnSeq: z.number().int().nonnegative(),
  state: OutboxEntryState,
  /** The hub's rejection (its message says what the hub has now) once refused. */
  error: ContractError.nullable(),
  refusedAt: z.number().int().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const OutboxList = z.strictObject({ entries: z.array(OutboxEntry) });
export type OutboxList = z.infer<typeof OutboxList>;

export const OutboxEntryIdInput = z.strictObject({ id: text().min(1).max(100) });

/**
 * Redo: the same command again, as a new one. `onCurrentVersion` is "Keep mine" for an edit the hub
 * refused as stale: the edit is given again based on the version the hub has now.
 */
export const OutboxRedoInput = z.strictObject({ id: text().min(1).max(100), onCurrentVersion: z.boolean().default(false) });

/** How many commands wait for the hub and how many it refused: the status bar's "3 changes waiting to sync". */
export const OutboxChanged = z.strictObject({ pending: z.number().int().nonnegative(), refused: z.number().int().nonnegative() });
export type OutboxChanged = z.infer<typeof OutboxChanged>;

/**
 * What a command answers when it went into the outbox instead of to the hub: success, marked
 * pending. `value` is what the command would answer, as the console sees it with the pending
 * commands applied (an alert acknowledged, an incident with the note), or null when it cannot tell.
 */
export const PendingSync = z.strictObject({ outboxId: z.uuid() });
export type PendingSync = z.infer<typeof PendingSync>;

/** Redo: `applied` when the hub applied it now, false when it went into the outbox again (the hub still cannot be asked). */
export const OutboxRedone = z.strictObject({ applied: z.boolean() });
export type OutboxRedone = z.infer<typeof OutboxRedone>;
