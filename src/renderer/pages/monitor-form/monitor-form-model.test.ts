import { describe, expect, it } from 'vitest';
import { testMonitor } from '../../testing/monitoring-fixtures';
import { draftFromMonitor, emptyDraft, fieldForPath, placeServerErrors, validateDraft } from './monitor-form-model';

describe('the monitor form model', () => {
  it('reads numbers with messages in words', () => {
    const result = validateDraft({ ...emptyDraft('s1'), name: 'x', url: 'https://x.example', intervalSeconds: '', timeoutSeconds: '2.5' });
    expect(result).toEqual({ ok: false, errors: { intervalSeconds: 'Enter a number of seconds', timeoutSeconds: 'Use a whole number' } });
  });

  it('leaves optional HTTP checks out when empty, and keeps settings the form does not show', () => {
    const monitor = testMonitor('m', {
      probe: { kind: 'http', url: 'https://x.example', method: 'POST', headers: { 'X-Key': 'k' }, body: '{}', expectedStatus: ['200'], followRedirects: false, maxRedirects: 2, verifyTls: true },
    });
    const result = validateDraft(draftFromMonitor(monitor));
    expect(result.ok && result.input.probe).toEqual(monitor.probe);
  });

  it('places nested and update-prefixed paths on the field that shows them', () => {
    expect(fieldForPath('probe.expectedStatus.1', 'http')).toBe('probe.expectedStatus');
    expect(fieldForPath('probe.keyword.text', 'http')).toBe('probe.keyword');
    expect(fieldForPath('probe.port', 'http')).toBeNull();
    expect(placeServerErrors([{ path: 'monitor.probe.host', message: 'No such host' }, { path: '', message: 'Refused' }], 'tcp')).toEqual({
      byField: { 'probe.host': 'No such host' },
      unplaced: ['Refused'],
    });
  });
});
