import { describe, expect, it } from 'vitest';
import { maskUrl, maskUrlsIn, redactSecrets, REDACTED } from './redact';

describe('maskUrl', () => {
  it('hides user and password, credential query values and token-like path segments, and leaves an ordinary URL exactly as it was', () => {
    expect(maskUrl('https://user:pass@recorder.site-a.example/health')).toBe('https://••••@recorder.site-a.example/health');
    expect(maskUrl('https://api.example/status?format=json&api_key=abc&token=xyz')).toBe(
      'https://api.example/status?format=json&api_key=••••&token=••••',
    );
    expect(maskUrl('https://api.example/v1/Zx81kLmQ02PaaR77/health')).toBe('https://api.example/v1/••••/health');
    expect(maskUrl('https://recorder.site-a.example/health?verbose=1')).toBe('https://recorder.site-a.example/health?verbose=1');
  });

  it("hides a webhook's whole address after its first path segment: the address is the credential", () => {
    expect(maskUrl('https://hooks.example/services/T000/B000/XXXX?token=abc', { wholePath: true })).toBe(
      'https://hooks.example/services/••••',
    );
    expect(maskUrl('https://hooks.example/hook?token=abc', { wholePath: true })).toBe('https://hooks.example/hook/••••');
    expect(maskUrl('https://hooks.example/', { wholePath: true })).toBe('https://hooks.example/');
    expect(maskUrl('https://ops:hunter2@hooks.example/notify', { wholePath: true })).toBe('https://••••@hooks.example/notify');
  });

  it('masks every URL inside a text', () => {
    expect(maskUrlsIn('too many redirects; the last one pointed to https://a:b@x.example/login?session=42')).toBe(
      'too many redirects; the last one pointed to https://••••@x.example/login?session=••••',
    );
  });
});

describe('redactSecrets', () => {
  it('redacts secret keys, every header value, webhook addresses and URL credentials at any depth', () => {
    const redacted = redactSecrets({
      channel: {
        config: {
          kind: 'webhook',
          url: 'https://hooks.example/services/T000/B000/XXXX',
          secret: 'a-very-long-signing-secret',
          headers: { 'X-Api-Key': 'k-123', 'X-Team': 'night' },
        },
      },
      monitor: { probe: { kind: 'http', url: 'https://user:pass@host.example/', headers: { Authorization: 'Bearer abc' } } },
      email: { kind: 'email', password: 'smtp-pass' },
    });
    expect(redacted).toEqual({
      channel: {
        config: {
          kind: 'webhook',
          url: 'https://hooks.example/services/••••',
          secret: REDACTED,
          headers: { 'X-Api-Key': REDACTED, 'X-Team': REDACTED },
        },
      },
      monitor: { probe: { kind: 'http', url: 'https://••••@host.example/', headers: { Authorization: REDACTED } } },
      email: { kind: 'email', password: REDACTED },
    });
    const text = JSON.stringify(redacted);
    for (const secret of ['XXXX', 'a-very-long-signing-secret', 'k-123', 'pass@', 'Bearer abc', 'smtp-pass'])
      expect(text).not.toContain(secret);
  });

  it('redacts a JSON document held in a string, as an imported file is', () => {
    const file = JSON.stringify(
      { monitors: [{ probe: { kind: 'http', url: 'https://u:p@h.example/', headers: { Authorization: 'Bearer abc' } } }] },
      null,
      2,
    );
    const redacted = redactSecrets({ text: file }) as { text: string };
    expect(redacted.text).not.toContain('Bearer abc');
    expect(redacted.text).not.toContain('u:p@');
    expect(JSON.parse(redacted.text)).toEqual({
      monitors: [{ probe: { kind: 'http', url: 'https://••••@h.example/', headers: { Authorization: REDACTED } } }],
    });
  });
});
