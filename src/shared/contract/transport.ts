import { z } from 'zod';
import { Envelope } from './errors';
import { eventNames, type EventName } from './events';

/**
 * A socket.io console's events: the plain emit it sends, whenever the events it listens to change and
 * at every (re)connection, naming every event it has a listener for. Core then sends that socket only
 * those (and always `auth.changed`, which the transports themselves act on). A socket that has not
 * said, or said something this schema refuses, gets every event: the list only ever saves work.
 */
export const EVENT_INTEREST = 'events.interest';
export const EventInterest = z
  .object({ events: z.array(z.enum(eventNames as [EventName, ...EventName[]])).max(eventNames.length) })
  .strict();
export type EventInterest = z.infer<typeof EventInterest>;

/**
 * Framing for message-port transports (Electron main <-> core utility process).
 * socket.io carries the same calls as acknowledged emits and needs no framing of its own.
 */
export const PortRequest = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  method: z.string(),
  input: z.unknown(),
  /** Which renderer (window) called: core keeps each one's session token, so none ever reaches a page. */
  connection: z.string(),
});
export type PortRequest = z.infer<typeof PortRequest>;

export const PortMessageFromCore = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: Envelope }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('ready') }),
]);
export type PortMessageFromCore = z.infer<typeof PortMessageFromCore>;

/** First message main sends the utility process: the database key travels here, never in argv or env. */
export const CoreInitMessage = z.object({
  type: z.literal('init'),
  dataDir: z.string().min(1),
  /** 32-byte database key, hex encoded. */
  dbKeyHex: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when the key store could not return the previous key: core starts a fresh cache and says why. */
  freshCacheReason: z.string().nullable(),
  version: z.string(),
});
export type CoreInitMessage = z.infer<typeof CoreInitMessage>;
