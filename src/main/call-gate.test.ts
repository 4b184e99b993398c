import { describe, expect, it, vi } from 'vitest';
import { MAX_PAYLOAD_BYTES, type Envelope } from '../shared/contract';
import { gateCall, payloadBytes } from './call-gate';

const answer: Envelope = { ok: true, value: 'from core' };

describe('gateCall', () => {
  it('forwards valid input to core, as sent, and returns core’s envelope', async () => {
    const forward = vi.fn(async () => answer);
    await expect(gateCall('settings.set', { uiScale: 'wall' }, forward)).resolves.toBe(answer);
    expect(forward).toHaveBeenCalledWith('settings.set', { uiScale: 'wall' });
  });

  it('lets methods without arguments be called with nothing', async () => {
    const forward = vi.fn(async () => answer);
    await expect(gateCall('app.info', undefined, forward)).resolves.toBe(answer);
  });

  it('answers invalid input with invalid_input and the offending field paths, without bothering core', async () => {
    const forward = vi.fn(async () => answer);
    const envelope = await gateCall('settings.set', { healthRefreshSeconds: 0, uiScale: 'huge' }, forward);
    expect(forward).not.toHaveBeenCalled();
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid_input');
    expect(envelope.error.fields?.map((field) => field.path).sort()).toEqual(['healthRefreshSeconds', 'uiScale']);
  });

  it('refuses unknown fields on a strict input', async () => {
    const forward = vi.fn(async () => answer);
    const envelope = await gateCall('app.info', { sneaky: true }, forward);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(forward).not.toHaveBeenCalled();
  });

  it('names an unknown key of a probe at its own path, with the key that was probably meant', async () => {
    const forward = vi.fn(async () => answer);
    const input = { siteId: 's', name: 'Gate', probe: { kind: 'http', url: 'https://gate.example/', verifyTLS: false } };
    expect(await gateCall('monitors.create', input, forward)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: [{ path: 'probe.verifyTLS', message: '"verifyTLS" is not a known field; did you mean "verifyTls"?' }],
      },
    });
    expect(forward).not.toHaveBeenCalled();
  });

  it('refuses a lone surrogate anywhere, keys included, with the answer core gives, without bothering core', async () => {
    const forward = vi.fn(async () => answer);
    expect(await gateCall('monitors.delete', { id: '\ud800' }, forward)).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'The input of monitors.delete has a broken character in "id" (a lone UTF-16 surrogate); retype or paste it again',
        fields: [{ path: 'id', message: 'contains a broken character (a lone UTF-16 surrogate); retype or paste it again' }],
      },
    });
    expect(await gateCall('settings.set', { '\udc00': 'x' }, forward)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: '\ufffd' }] },
    });
    expect(forward).not.toHaveBeenCalled();
  });

  it('refuses input over the payload limit with payload_too_large, before parsing it', async () => {
    const forward = vi.fn(async () => answer);
    const envelope = await gateCall('settings.set', { consoleName: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) }, forward);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(forward).not.toHaveBeenCalled();
  });

  it('refuses input that is not plain JSON data', async () => {
    const forward = vi.fn(async () => answer);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(gateCall('settings.set', cyclic, forward)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expect(gateCall('settings.set', { n: 1n }, forward)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(forward).not.toHaveBeenCalled();
  });
});

describe('payloadBytes', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(payloadBytes('é')).toBe(4); // "é" in quotes: 1 + 2 + 1
    expect(payloadBytes(undefined)).toBe(0);
  });
});
