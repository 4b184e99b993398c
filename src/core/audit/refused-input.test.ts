import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REFUSED_INPUT_EXCERPT_BYTES, summarizeRefusedInput } from './index';

describe('what the audit log keeps of a refused input', () => {
  it('keeps the size and SHA-256 of the input as received, and its first 2 KB with secrets redacted', () => {
    const input = { url: 'https://hooks.example/', password: 'hunter2', notes: 'n'.repeat(5000) };
    const summary = summarizeRefusedInput(input);
    const received = JSON.stringify(input);
    expect(summary).toMatchObject({
      bytes: Buffer.byteLength(received),
      sha256: createHash('sha256').update(received).digest('hex'),
      truncated: true,
    });
    expect(summary.excerpt.startsWith('{"url":"https://hooks.example/","password":"[redacted]","notes":"nnn')).toBe(true);
    expect(Buffer.byteLength(summary.excerpt)).toBe(REFUSED_INPUT_EXCERPT_BYTES);
    expect(JSON.stringify(summary)).not.toContain('hunter2');
  });

  it('cuts on a character boundary, never inside a multi-byte or surrogate-pair character', () => {
    // 2046 bytes of JSON before the emoji: the 4-byte emoji would end past 2 KB.
    const summary = summarizeRefusedInput({ t: `${'a'.repeat(2046 - '{"t":"'.length)}🚨🚨` });
    expect(summary.excerpt.endsWith('a')).toBe(true);
    expect(summary.excerpt.isWellFormed()).toBe(true);
    expect(Buffer.byteLength(summary.excerpt)).toBe(2046);
  });

  it('keeps a small input whole', () => {
    expect(summarizeRefusedInput({ id: 'cam-1' })).toMatchObject({ excerpt: '{"id":"cam-1"}', truncated: false, bytes: 14 });
  });
});
