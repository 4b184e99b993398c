import { describe, expect, it } from 'vitest';
import { ProbeFailure, ProbeTimeout, describeError, outcomeFromError } from './outcome';

/** An error shaped as Node raises it (code, and for DNS the host name). */
function nodeError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), fields);
}

describe('describeError: what an operator reads', () => {
  it.each([
    [nodeError('connect ECONNREFUSED 10.0.0.5:554', { code: 'ECONNREFUSED' }), 'connection refused'],
    [
      nodeError('getaddrinfo ENOTFOUND nvr.site-z', { code: 'ENOTFOUND', hostname: 'nvr.site-z' }),
      'host name "nvr.site-z" not found (DNS)',
    ],
    [nodeError('getaddrinfo EAI_AGAIN nvr.site-z', { code: 'EAI_AGAIN' }), 'host name lookup failed (DNS temporarily unavailable)'],
    [nodeError('connect EHOSTUNREACH 10.0.0.5:80', { code: 'EHOSTUNREACH' }), 'host unreachable'],
    [nodeError('socket hang up', { code: 'ECONNRESET' }), 'connection closed by the target before it answered'],
    [nodeError('read ECONNRESET', { code: 'ECONNRESET' }), 'connection reset by the target'],
    [nodeError('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), 'TLS: certificate has expired'],
    [
      nodeError("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
      'TLS: certificate is not valid for this host name',
    ],
    [
      nodeError('Parse Error: Expected HTTP/', { code: 'HPE_INVALID_CONSTANT' }),
      'the answer is not valid HTTP (Parse Error: Expected HTTP/)',
    ],
  ])('%s', (error, text) => {
    expect(describeError(error)).toBe(text);
  });

  it('reads the first reason of a happy-eyeballs AggregateError', () => {
    const error = new AggregateError([nodeError('connect ECONNREFUSED ::1:80', { code: 'ECONNREFUSED' })], 'all attempts failed');
    expect(describeError(error)).toBe('connection refused');
  });

  it('keeps the message of an error it does not know, and copes with a thrown non-error', () => {
    expect(describeError(new Error('something odd'))).toBe('something odd');
    expect(describeError('a string')).toBe('probe failed: a string');
  });
});

describe('outcomeFromError', () => {
  const context = { signal: new AbortController().signal, timeoutMs: 10_000, now: () => 0 };

  it('turns the probe-internal errors into their outcomes', () => {
    expect(outcomeFromError(new ProbeTimeout(), context)).toEqual({ ok: false, latencyMs: null, error: 'timed out after 10000 ms' });
    expect(outcomeFromError(new ProbeFailure('status 503, expected 200-399', 12.345), context)).toEqual({
      ok: false,
      latencyMs: 12.35,
      error: 'status 503, expected 200-399',
    });
  });
});
