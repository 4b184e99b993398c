import type { Server, Socket } from 'socket.io';
import { EVENT_INTEREST, EventInterest, eventNames, type Envelope, type EventName } from '../../shared/contract';
import type { Logger } from '../logging';
import type { Connection, Dispatcher } from '../service';
import type { ActorForSeat } from './seat';

export interface SocketTransportOptions {
  actorFor: ActorForSeat;
  /** The session token a new connection's handshake carries (serve mode: the HttpOnly cookie), or null. */
  sessionToken(socket: Socket): string | null;
  logger: Logger;
}

type Ack = (envelope: Envelope) => void;

/** The room of sockets somebody is signed in to (locked ones included: the board stays on a locked seat). */
const SEATED = 'seated';

/** The room of the sockets that said they do not listen to `event` (EVENT_INTEREST): a broadcast skips them. */
const notListeningTo = (event: EventName) => `not-listening:${event}`;

/**
 * Puts the socket in the room of every event it did not name, or in none (every event) when what it
 * sent is not an interest. auth.changed goes to every socket whatever it said: the transports act on it.
 */
function followInterest(socket: Socket, raw: unknown): boolean {
  const interest = EventInterest.safeParse(raw);
  const listened = new Set<EventName>(interest.success ? interest.data.events : eventNames);
  for (const event of eventNames) {
    if (event === 'auth.changed' || listened.has(event)) void socket.leave(notListeningTo(event));
    else void socket.join(notListeningTo(event));
  }
  return interest.success;
}

/**
 * The contract over socket.io: each method is an acknowledged emit named after it, each event a
 * plain emit. The same dispatcher answers here as over Electron's message port. Who may connect
 * is decided before a socket exists, by serve mode's access gate (serve-server.ts); who each call
 * acts as is decided per call from the socket's session token, so an ended session stops at once
 * and its sockets are closed when core says so (auth.changed).
 */
export function attachSocketTransport(io: Server, dispatcher: Dispatcher, options: SocketTransportOptions): () => void {
  const tokens = new Map<Socket, string | null>();
  // The browser's address is its seat: serve mode has no workstation name to go by.
  const seatOf = (socket: Socket) => socket.handshake.address;
  const actorOf = (socket: Socket) => options.actorFor(tokens.get(socket) ?? null, seatOf(socket), socket.handshake.address);

  /**
   * Keeps the SEATED room in step with the socket's session and forgets a token that no longer
   * signs anyone in; answers false when the socket had a session and it has just ended.
   */
  function refresh(socket: Socket): boolean {
    if (actorOf(socket).access !== 'signed-out') {
      void socket.join(SEATED);
      return true;
    }
    void socket.leave(SEATED);
    const hadSession = tokens.get(socket) !== null;
    tokens.set(socket, null);
    return !hadSession;
  }

  io.on('connection', (socket) => {
    tokens.set(socket, options.sessionToken(socket));
    // A cookie of a session that ended while this browser was away signs nobody in: forgotten here.
    refresh(socket);
    const actor = actorOf(socket);
    options.logger.info({ client: socket.id, address: socket.handshake.address, actor: actor.id }, 'console connected');
    const connection: Connection = {
      seat: seatOf(socket),
      address: socket.handshake.address,
      // A client that signs in over the socket itself (not a browser, which uses HTTP for the cookie) keeps it for this socket only.
      bind: (sessionToken) => tokens.set(socket, sessionToken),
    };
    // Until the socket says which events it listens to, it gets all of them: an event sent in vain costs less than one missed.
    // Warned once per socket: a page that keeps sending a refused interest cannot fill the log.
    let warnedOfRefusedInterest = false;
    socket.on(EVENT_INTEREST, (raw: unknown) => {
      if (followInterest(socket, raw) || warnedOfRefusedInterest) return;
      warnedOfRefusedInterest = true;
      options.logger.warn({ client: socket.id }, 'refused an event interest; sending this console every event');
    });
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      // JSON has no undefined: a client's "no input" arrives as null.
      const input = args.length > 1 && args[0] !== null ? args[0] : undefined;
      void dispatcher.call(event, input, { actor: actorOf(socket), connection }).then((envelope) => {
        // Only auth.* calls change who the seat is; other calls leave the room as it is.
        if (typeof event === 'string' && event.startsWith('auth.')) refresh(socket);
        (ack as Ack)(envelope);
      });
    });
    socket.on('disconnect', (reason) => {
      tokens.delete(socket);
      options.logger.info({ client: socket.id, reason }, 'console disconnected');
    });
  });
  return dispatcher.subscribe((message) => {
    if (message.event !== 'auth.changed') {
      // A seat nobody is signed in to sees its sign-in screen, not the alerts.
      io.to(SEATED).except(notListeningTo(message.event)).emit(message.event, message.payload);
      return;
    }
    // Signed out, ended by an admin, the person deactivated: that browser loses the console at once
    // (it reconnects as a signed-out seat and shows the sign-in screen).
    for (const socket of [...tokens.keys()]) {
      if (!refresh(socket)) socket.disconnect(true);
    }
    io.emit(message.event, message.payload);
  });
}
