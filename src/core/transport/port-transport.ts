import { PortRequest, type PortMessageFromCore } from '../../shared/contract';
import type { Logger } from '../logging';
import type { Connection, Dispatcher } from '../service';
import { rememberedActors, type ActorForSeat } from './seat';

/** The part of Electron's MessagePortMain (and Node's MessagePort) this transport uses. */
export interface MessagePortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start?(): void;
}

export interface PortSeatOptions {
  actorFor: ActorForSeat;
  /** The workstation's name: every window of the desktop app sits at the same seat. */
  seat: string;
}

/**
 * The contract over a message port: main forwards each renderer call as {type:'call'} and gets
 * {type:'result'} back; events flow the other way. Main has already checked the sender and the
 * input; core checks the input again because the port is a boundary too. Each renderer connection
 * (main names it) has its own session token, kept here in core: a page never holds one.
 */
export function servePort(
  port: MessagePortLike,
  dispatcher: Dispatcher,
  { actorFor: readActor, seat }: PortSeatOptions,
  logger: Logger,
): () => void {
  const actorFor = rememberedActors(readActor, dispatcher);
  const tokens = new Map<string, string>();
  const connectionOf = (name: string): Connection => ({
    seat,
    address: null,
    bind(sessionToken) {
      if (sessionToken === null) tokens.delete(name);
      else tokens.set(name, sessionToken);
    },
  });
  port.on('message', ({ data }) => {
    const request = PortRequest.safeParse(data);
    if (!request.success) {
      logger.warn({ issues: request.error.issues.length }, 'dropped a malformed message from main');
      return;
    }
    const { id, method, input, connection } = request.data;
    const actor = actorFor(tokens.get(connection) ?? null, seat, null);
    void dispatcher.call(method, input, { actor, connection: connectionOf(connection) }).then((envelope) => {
      const reply: PortMessageFromCore = { type: 'result', id, envelope };
      port.postMessage(reply);
    });
  });
  port.start?.();
  const unsubscribe = dispatcher.subscribe((message) => {
    const event: PortMessageFromCore = { type: 'event', event: message.event, payload: message.payload };
    port.postMessage(event);
  });
  const ready: PortMessageFromCore = { type: 'ready' };
  port.postMessage(ready);
  return unsubscribe;
}
