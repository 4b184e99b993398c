import { Envelope, events, methods, type EventName, type EventPayload, type MethodName, type MethodOutput } from '../../shared/contract';
import { TransportError } from './transport';

/**
 * Turns what core answered into the method's output, or a TransportError. The output is checked
 * against the contract so a core of another version fails loudly here, not deep inside a page.
 */
export function unwrapEnvelope<M extends MethodName>(method: M, raw: unknown): MethodOutput<M> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) {
    throw new TransportError(
      'internal',
      `Core answered ${method} with something that is not a reply; core and console versions may differ.`,
    );
  }
  if (!envelope.data.ok) {
    const { code, message, fields } = envelope.data.error;
    throw new TransportError(code, message, fields ?? []);
  }
  const output = methods[method].output.safeParse(envelope.data.value);
  if (!output.success) {
    throw new TransportError(
      'internal',
      `Core answered ${method} with data this console does not understand; core and console versions may differ.`,
    );
  }
  return output.data as MethodOutput<M>;
}

/** The event's payload when it matches the contract, else null (a core of another version). */
export function parseEventPayload<E extends EventName>(event: E, raw: unknown): EventPayload<E> | null {
  const parsed = events[event].safeParse(raw);
  return parsed.success ? (parsed.data as EventPayload<E>) : null;
}
