import { z } from 'zod';
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
 * Answers whose one long list is checked a slice at a time, the page getting the thread back between
 * slices: the whole board's 2,000 monitors checked in one go were most of one long task just after the
 * board appeared (measured 53-129 ms of zod of a 220-290 ms task on a loaded machine). Every item is
 * still checked against the contract. Only for a store that keeps what events brought meanwhile
 * (MonitorStore.load keeps the newer state): the alert store's load replaces every alert, so an
 * alerts.changed arriving between slices would be undone by the older snapshot. Each slice is checked
 * with the list's own schema, so a list here must have no rule on its length.
 */
const SLICED_LISTS: { readonly [M in MethodName]?: string } = { 'board.snapshot': 'monitors' };
const SLICE_ITEMS = 250;

/** Lets the page run its other tasks (a frame, an event) and comes back at once: a message, not a timer, which a hidden tab would slow to one a second. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

type Checked = { success: true; data: unknown } | { success: false };

/** The output's schema checked on everything but `key`'s list, then that list in slices; refused as a whole if any item is. */
async function checkedInSlices(method: MethodName, key: string, value: unknown): Promise<Checked> {
  const schema = methods[method].output;
  const items: unknown = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const list = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(items) || !(list instanceof z.ZodArray)) return checked<unknown>(() => schema.safeParse(value));
  const rest = await checked<unknown>(() => schema.safeParse({ ...(value as object), [key]: [] }));
  if (!rest.success) return rest;
  const parsed: unknown[] = [];
  for (let start = 0; start < items.length; start += SLICE_ITEMS) {
    if (start > 0) await yieldToPage();
    const slice = await checked<unknown[]>(() => list.safeParse(items.slice(start, start + SLICE_ITEMS)));
    if (!slice.success) return slice;
    parsed.push(...slice.data);
  }
  return { success: true, data: { ...(rest.data as object), [key]: parsed } };
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
  const list = SLICED_LISTS[method];
  const output =
    list === undefined ? await checked<unknown>(() => methods[method].output.safeParse(value)) : await checkedInSlices(method, list, value);
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
