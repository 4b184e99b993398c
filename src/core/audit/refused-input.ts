import { createHash } from 'node:crypto';
import { redactSecrets } from '../../shared/domain/redact';

/** At most this much of a refused command's input is kept: audit rows are kept for years. */
export const REFUSED_INPUT_EXCERPT_BYTES = 2048;

export interface RefusedInputSummary {
  /** Size and SHA-256 of the input as received (serialized as JSON), to match it with the file or request it came from. */
  bytes: number;
  sha256: string;
  /** The start of the input, secrets redacted, cut on a character boundary. */
  excerpt: string;
  truncated: boolean;
}

function serialize(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** The longest start of `value` that fits in `maxBytes` of UTF-8 without splitting a character. */
function cutToBytes(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  let bytes = 0;
  let end = 0;
  for (const character of value) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += character.length;
  }
  return value.slice(0, end);
}

/** What the audit log keeps of a refused command's input instead of the input itself (up to 1 MB). */
export function summarizeRefusedInput(input: unknown): RefusedInputSummary {
  const received = serialize(input);
  const redacted = serialize(redactSecrets(input));
  const excerpt = cutToBytes(redacted, REFUSED_INPUT_EXCERPT_BYTES);
  return {
    bytes: Buffer.byteLength(received),
    sha256: createHash('sha256').update(received).digest('hex'),
    excerpt,
    truncated: excerpt.length < redacted.length,
  };
}
