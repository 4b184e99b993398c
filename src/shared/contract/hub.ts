import { z } from 'zod';
import { ContractError, Envelope } from './errors';
import { text } from './strings';

/**
 * The hub protocol: what a console's core and a hub say to each other over socket.io (TLS, the
 * hub's certificate pinned by the console). The renderer never sees these messages: it talks to
 * its own core through the contract, and only the status bar knows a hub is behind it.
 *
 * Every message from a console is an acknowledged emit; the hub answers with the schema named
 * after it. The hub pushes `feed.push` and `hub.events` without being asked.
 */
/** 2: events travel in batches (`hub.events`), one message per push tick instead of one per event. */
export const HUB_PROTOCOL_VERSION = 2;
export const HUB_NAMESPACE = '/hub';

/** A seat proves itself with the credential an admin was shown when registering it. */
export const HubHandshake = z.strictObject({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  seatId: text().min(1).max(100),
  credential: text().min(1).max(200),
});
export type HubHandshake = z.infer<typeof HubHandshake>;

/**
 * Why the hub refused a handshake, for programs (socket.io's `connect_error.data`); the error's
 * message says it for people. `revoked`: an admin revoked the seat, so the console forgets what it
 * kept for it (offline sign-in verifiers).
 */
export const HubRefusal = z.strictObject({ reason: z.enum(['protocol', 'unregistered', 'revoked']) });
export type HubRefusal = z.infer<typeof HubRefusal>;

const Seq = z.number().int().nonnegative();

export const HubHello = z.strictObject({
  /** Stable per hub database: a replica of another hub is thrown away, never mixed. */
  hubId: text().min(1),
  /** The highest sequence number the hub has written. */
  head: Seq,
  /** The lowest `afterSeq` the hub can catch a console up from; below it, a snapshot. */
  oldest: Seq,
  /** The hub's clock, so a console can show how far its own is off. */
  serverTime: z.number().int(),
  seatName: text(),
});
export type HubHello = z.infer<typeof HubHello>;

/** One row as it travels: the hub's current projected row, or null when the row no longer exists. */
export const FeedChange = z.strictObject({
  seq: Seq,
  table: text().min(1),
  /** JSON array of the row's key column values, as the trigger wrote it. */
  key: text().min(1),
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type FeedChange = z.infer<typeof FeedChange>;

export const FeedChangesRequest = z.strictObject({ afterSeq: Seq, limit: z.number().int().min(1).max(5000) });
export type FeedChangesRequest = z.infer<typeof FeedChangesRequest>;

/** Changes after `fromSeq` in seq order, up to `toSeq`; `more` when the hub has changes after `toSeq`. */
export const FeedChanges = z.strictObject({
  kind: z.literal('changes'),
  fromSeq: Seq,
  toSeq: Seq,
  changes: z.array(FeedChange),
  head: Seq,
  more: z.boolean(),
});
export type FeedChanges = z.infer<typeof FeedChanges>;

export const SnapshotNeeded = z.strictObject({ kind: z.literal('snapshot-needed'), oldest: Seq, head: Seq });
export type SnapshotNeeded = z.infer<typeof SnapshotNeeded>;

export const FeedChangesAnswer = z.discriminatedUnion('kind', [FeedChanges, SnapshotNeeded]);
export type FeedChangesAnswer = z.infer<typeof FeedChangesAnswer>;

/** Where the next snapshot page starts: a table and the last key sent from it. */
export const SnapshotCursor = z.strictObject({ table: text().min(1), afterKey: text().nullable() });
export type SnapshotCursor = z.infer<typeof SnapshotCursor>;

export const SnapshotRequest = z.strictObject({
  /** null for the first page; the hub then fixes `asOfSeq` at its head. */
  cursor: SnapshotCursor.nullable(),
  asOfSeq: Seq.nullable(),
});
export type SnapshotRequest = z.infer<typeof SnapshotRequest>;

export const SnapshotPage = z.strictObject({
  asOfSeq: Seq,
  table: text().min(1),
  rows: z.array(z.record(z.string(), z.unknown())),
  /** null after the last page of the last table: the console then catches up from `asOfSeq`. */
  next: SnapshotCursor.nullable(),
});
export type SnapshotPage = z.infer<typeof SnapshotPage>;

/** Any contract method, run on the hub for this seat as the person the session token signs in (null: nobody). */
export const HubCall = z.strictObject({
  method: text().min(1).max(100),
  input: z.unknown(),
  sessionToken: text().max(200).nullable(),
});
export type HubCall = z.infer<typeof HubCall>;

export const HubCallAnswer = z.strictObject({
  envelope: Envelope,
  /** Set when the call signed somebody in (auth.signIn, auth.setup): the console keeps it for that person. */
  sessionToken: text().nullable(),
});
export type HubCallAnswer = z.infer<typeof HubCallAnswer>;

/**
 * The person a seat vouches for, for a command made while the hub could not be asked (an offline
 * sign-in, or a hub session lost with the link): the hub applies it as that person, with the role
 * they have on the hub now, if they signed in online at this seat within the last 7 days.
 */
export const VouchedPerson = z.strictObject({
  personId: text().min(1).max(100),
  /**
   * When the person last signed in online at this seat, as the console knows it (null when it does
   * not, after a restart); for the record only: the hub checks its own sessions.
   */
  signedInAt: z.number().int().nullable(),
});
export type VouchedPerson = z.infer<typeof VouchedPerson>;

/**
 * A command, applied by the hub exactly once per `id`: a resend (after a lost answer, or from an
 * outbox after a restart) answers the first receipt and changes nothing. It acts as the person
 * `sessionToken` signs in, or (a command from the outbox) the person `asPerson` names; never both.
 */
export const HubCommand = z.strictObject({
  id: z.uuid(),
  method: text().min(1).max(100),
  input: z.unknown(),
  sessionToken: text().max(200).nullable(),
  asPerson: VouchedPerson.nullable(),
  /** When the person gave it at the seat (differs from when the hub applied it after an outage). */
  issuedAt: z.number().int(),
});
export type HubCommand = z.infer<typeof HubCommand>;

/**
 * `applied`: the change and this receipt committed together; the console's replica has it once it
 * applied `seq`. `rejected`: permission, validation or conflict; final, never retried, never
 * blocks the commands behind it. A network failure or `unavailable` answer is no receipt at all:
 * the console sends the same id again.
 */
export const CommandReceipt = z.discriminatedUnion('outcome', [
  z.strictObject({ id: z.uuid(), outcome: z.literal('applied'), seq: Seq, appliedAt: z.number().int(), value: z.unknown() }),
  z.strictObject({ id: z.uuid(), outcome: z.literal('rejected'), appliedAt: z.number().int(), error: ContractError }),
]);
export type CommandReceipt = z.infer<typeof CommandReceipt>;

/** The answer to `hub.command`: a receipt, or a retryable failure that stored nothing. */
export const HubCommandAnswer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('receipt'), receipt: CommandReceipt }),
  z.strictObject({ kind: z.literal('retry'), reason: text() }),
]);
export type HubCommandAnswer = z.infer<typeof HubCommandAnswer>;

/** Pushed by the hub after commits: the changes after the last seq it pushed to this socket. */
export const FeedPush = FeedChanges;
export type FeedPush = FeedChanges;

/** A hub event (alarm, attention, notice) for the console's renderer, to show once its replica has applied `atSeq`. */
export const HubEvent = z.strictObject({ atSeq: Seq, event: text().min(1), payload: z.unknown() });
export type HubEvent = z.infer<typeof HubEvent>;

/** The most events in one `hub.events` message; a busier push tick sends several. */
export const HUB_EVENTS_PER_MESSAGE = 1000;
/**
 * The hub events of one push tick, in the order they happened: an alert storm is a few messages
 * to every console, not one per event (each message is a frame every console parses).
 */
export const HubEvents = z.array(HubEvent).min(1).max(HUB_EVENTS_PER_MESSAGE);
export type HubEvents = z.infer<typeof HubEvents>;

/**
 * Who is signed in at this console now, by the hub session tokens it holds, and which incident
 * each has open: sent whenever that changes and after every (re)connection. The hub answers with
 * everyone's presence (`Presence`) and pushes it to every console as the `presence.changed` event;
 * a console's entry goes when it disconnects. Nothing of it is stored or audited.
 */
export const PresenceReport = z.strictObject({
  sessions: z.array(z.strictObject({ sessionToken: text().min(1).max(200), viewing: text().max(100).nullable() })).max(100),
});
export type PresenceReport = z.infer<typeof PresenceReport>;

/** Socket event names, console -> hub (acknowledged) and hub -> console (pushed). */
export const HUB_MESSAGES = {
  hello: 'hub.hello',
  changes: 'feed.changes',
  snapshot: 'feed.snapshot',
  call: 'hub.call',
  command: 'hub.command',
  presence: 'hub.presence',
  push: 'feed.push',
  events: 'hub.events',
} as const;
