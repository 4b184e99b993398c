/**
 * What main checks before a renderer call reaches core: the size of the input and its shape.
 * Core checks the input again (the port is a boundary too); this gate keeps junk off the port and
 * gives the renderer the same answers core would.
 */
import { invalidInput, MAX_PAYLOAD_BYTES, methods, refuseBrokenString, type Envelope, type MethodName } from '../shared/contract';

export type ForwardCall = (method: MethodName, input: unknown) => Promise<Envelope>;

/** Serialized size in bytes, or null when the input is not plain JSON data (cycles, BigInt). */
export function payloadBytes(input: unknown): number | null {
  if (input === undefined) return 0;
  try {
    const json = JSON.stringify(input);
    return json === undefined ? 0 : new TextEncoder().encode(json).byteLength;
  } catch {
    return null;
  }
}

export async function gateCall(method: MethodName, input: unknown, forward: ForwardCall): Promise<Envelope> {
  const bytes = payloadBytes(input);
  if (bytes === null) return { ok: false, error: { code: 'invalid_input', message: 'Invalid input: it must be plain JSON data' } };
  if (bytes > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      error: { code: 'payload_too_large', message: `The input is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} bytes are accepted` },
    };
  }
  const broken = refuseBrokenString(method, input);
  if (broken) return { ok: false, error: broken };
  const parsed = methods[method].input.safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error, { schema: methods[method].input, input }).toContractError() };
  // The input goes on as the renderer sent it: core parses it with the same schema, and a
  // transform in a schema must not be applied twice.
  return forward(method, input);
}

export const FORBIDDEN_SENDER: Envelope = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the console window itself may call the console core' },
};
