import { PortRequest, type PortMessageFromCore } from '../../shared/contract';
import type { Logger } from '../logging';
import type { Actor, Dispatcher } from '../service';

/** The part of Electron's MessagePortMain (and Node's MessagePort) this transport uses. */
export interface MessagePortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start?(): void;
}

/**
 * The contract over a message port: main forwards each renderer call as {type:'call'} and gets
 * {type:'result'} back; events flow the other way. Main has already checked the sender and the
 * input; core checks the input again because the port is a boundary too.
 */
export function servePort(port: MessagePortLike, dispatcher: Dispatcher, actorFor: (id: string) => Actor, logger: Logger): () => void {
  port.on('message', ({ data }) => {
    const request = PortRequest.safeParse(data);
    if (!request.success) {
      logger.warn({ issues: request.error.issues.length }, 'dropped a malformed message from main');
      return;
    }
    const { id, method, input, actor } = request.data;
    void dispatcher.call(method, input, { actor: actorFor(actor) }).then((envelope) => {
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
