import { Envelope, events, methods, type EventName, type EventPayload, type MethodName, type MethodOutput } from '../../shared/contract';
import { loadPatternEngine, patternEngineReady } from '../../shared/contract/patterns';
import { TransportError } from './transport';

/**
 * Checks core's data against the contract. A schema holding an SOP pattern refuses it while the
 * pattern engine is not loaded (the first bundle does without it), so data that failed before the
 * engine was there is checked again once it is: never taken unchecked, never refused for that alone.
 */
async function checked<T>(
  parse: () => { success: true; data: T } | { success: false },
): Promise<{ success: true; data: T } | { success: false }> {
  const first = parse();
  if (first.success || patternEngineReady()) return first;
  await loadPatternEngine();
  return parse();
}

/**
 * Turns what core answered into the method's output, or a TransportError. The output is checked
 * against the contract so a core of another version fails loudly here, not deep inside a page.
 */
export async function unwrapEnvelope<M extends MethodName>(method: M, raw: unknown): Promise<MethodOutput<M>> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) {
    throw new TransportError(
      'internal',
      `Core answered ${method} with something that is not a reply; core and console versions may differ.`,
    );
  }
  if (!envelope.data.ok) {
    const { code, message, fields, versions } = envelope.data.error;
    throw new TransportError(code, message, fields ?? [], versions ?? null);
  }
  const value = envelope.data.value;
  const output = await checked<unknown>(() => methods[method].output.safeParse(value));
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

/**
 * Hands a matching event to the listener at once; one refused before the pattern engine was loaded
 * is checked again once it is. One that does not match the contract is ignored, loudly.
 */
export function deliverEvent<E extends EventName>(event: E, raw: unknown, listener: (payload: EventPayload<E>) => void): void {
  const ignored = () => console.error(`Ignored a ${event} event that does not match the contract`);
  const payload = parseEventPayload(event, raw);
  if (payload !== null) listener(payload);
  else if (patternEngineReady()) ignored();
  else {
    loadPatternEngine().then(() => {
      const again = parseEventPayload(event, raw);
      if (again === null) ignored();
      else listener(again);
    }, ignored);
  }
}
