import { describe, expect, it } from 'vitest';
import { testMonitor } from '../../testing/monitoring-fixtures';
import { MonitorInput } from '../../../shared/contract';
import { draftFromMonitor, emptyDraft, fieldForPath, PROBE_KINDS, placeServerErrors, validateDraft } from './monitor-form-model';

describe('the monitor form model', () => {
  it('reads numbers with messages in words', () => {
    const result = validateDraft({ ...emptyDraft('s1'), name: 'x', url: 'https://x.example', intervalSeconds: '', timeoutSeconds: '2.5' });
    expect(result).toEqual({ ok: false, errors: { intervalSeconds: 'Enter a number of seconds', timeoutSeconds: 'Use a whole number' } });
  });

  it('leaves optional HTTP checks out when empty, and keeps settings the form does not show', () => {
    const monitor = testMonitor('m', {
      probe: {
        kind: 'http',
        url: 'https://x.example',
        method: 'POST',
        headers: { 'X-Key': 'k' },
        body: '{}',
        expectedStatus: ['200'],
        followRedirects: false,
        maxRedirects: 2,
        verifyTls: true,
      },
    });
    const result = validateDraft(draftFromMonitor(monitor));
    expect(result.ok && result.input.probe).toEqual(monitor.probe);
  });

  it.each(PROBE_KINDS)('sends only keys the strict contract knows for a %s monitor, every field filled in', (kind) => {
    const draft = {
      ...emptyDraft('s1'),
      kind,
      name: 'Gate',
      url: 'https://gate.example/health',
      keywordText: 'OK',
      jsonPath: '$.status',
      jsonPathValue: 'up',
      host: 'gate.example',
      port: '443',
      dnsName: 'gate.example',
      resolver: '10.0.0.53',
      expected: '10.0.0.1',
      servername: 'gate.example',
      tags: 'video, gate',
    };
    const result = validateDraft(draft);
    expect(result).toMatchObject({ ok: true, input: { probe: { kind } } });
    // What the form sends is what core parses: a strict schema that refuses any key it does not know.
    if (result.ok) expect(MonitorInput.safeParse(result.input).success).toBe(true);
  });

  it('places nested and update-prefixed paths on the field that shows them', () => {
    expect(fieldForPath('probe.expectedStatus.1', 'http')).toBe('probe.expectedStatus');
    expect(fieldForPath('probe.keyword.text', 'http')).toBe('probe.keyword');
    expect(fieldForPath('probe.port', 'http')).toBeNull();
    expect(
      placeServerErrors(
        [
          { path: 'monitor.probe.host', message: 'No such host' },
          { path: '', message: 'Refused' },
        ],
        'tcp',
      ),
    ).toEqual({
      byField: { 'probe.host': 'No such host' },
      unplaced: ['Refused'],
    });
  });
});
