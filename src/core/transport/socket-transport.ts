import type { Server, Socket } from 'socket.io';
import type { Envelope } from '../../shared/contract';
import type { Logger } from '../logging';
import type { Actor, Dispatcher } from '../service';

export interface SocketTransportOptions {
  /** Who a connection acts as. */
  actorFor(socket: Socket): Actor;
  logger: Logger;
}

type Ack = (envelope: Envelope) => void;

/**
 * The contract over socket.io: each method is an acknowledged emit named after it, each event a
 * plain emit. The same dispatcher answers here as over Electron's message port. Who may connect
 * is decided before a socket exists, by serve mode's access gate (serve-server.ts).
 */
export function attachSocketTransport(io: Server, dispatcher: Dispatcher, options: SocketTransportOptions): () => void {
  io.on('connection', (socket) => {
    const actor = options.actorFor(socket);
    options.logger.info({ client: socket.id, address: socket.handshake.address, actor: actor.id }, 'console connected');
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      // JSON has no undefined: a client's "no input" arrives as null.
      const input = args.length > 1 && args[0] !== null ? args[0] : undefined;
      void dispatcher.call(event, input, { actor }).then((envelope) => (ack as Ack)(envelope));
    });
    socket.on('disconnect', (reason) => options.logger.info({ client: socket.id, reason }, 'console disconnected'));
  });
  return dispatcher.subscribe((message) => {
    io.emit(message.event, message.payload);
  });
}
