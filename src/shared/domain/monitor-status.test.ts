import { describe, expect, it } from 'vitest';
import { alertGate, effectiveStatus, type StatusInputs } from './monitor-status';

const base: StatusInputs = {
  verdict: 'down',
  paused: false,
  maintenance: null,
  parentVerdict: null,
  parentId: null,
  consoleOffline: false,
};
const names = (id: string) => (id === 'uplink' ? 'Gate uplink' : id);

describe('dependency suppression', () => {
  it('shows a failing child of a down parent unknown, and a child that answers its own status', () => {
    expect(effectiveStatus({ ...base, parentVerdict: 'down', parentId: 'uplink' })).toEqual({
      status: 'unknown',
      cause: { kind: 'unreachable', parentId: 'uplink' },
    });
    expect(effectiveStatus({ ...base, verdict: 'up', parentVerdict: 'down', parentId: 'uplink' })).toEqual({
      status: 'up',
      cause: { kind: 'own' },
    });
  });

  it('takes transitivity from the parent’s own verdict: a parent that is itself only unreachable does not count as down', () => {
    expect(effectiveStatus({ ...base, parentVerdict: 'unknown', parentId: 'camera' })).toEqual({ status: 'down', cause: { kind: 'own' } });
  });

  it('holds back the alert of a child behind a dead uplink, but lets it resolve once the child answers', () => {
    const suppressed = effectiveStatus({ ...base, parentVerdict: 'down', parentId: 'uplink' });
    expect(alertGate({ verdict: 'down', cause: suppressed.cause, flapping: false }, names)).toEqual({
      mayRaise: false,
      mayResolve: false,
      heldBecause: 'its parent Gate uplink is down (one outage, one alert)',
    });
    // Still behind the dead uplink, the child answers again: its open alert resolves.
    expect(alertGate({ verdict: 'up', cause: suppressed.cause, flapping: false }, names)).toMatchObject({
      mayResolve: true,
      heldBecause: null,
    });
  });

  it('never raises for maintenance, pauses, a dead console uplink or flapping, and always resolves on a good verdict', () => {
    const held = [
      { cause: { kind: 'maintenance', source: 'site' }, flapping: false, reason: 'its site is in maintenance' },
      { cause: { kind: 'paused' }, flapping: false, reason: 'paused' },
      { cause: { kind: 'console-offline' }, flapping: false, reason: "the console's own uplink is down" },
      { cause: { kind: 'own' }, flapping: true, reason: 'flapping (held until it settles)' },
    ] as const;
    for (const { cause, flapping, reason } of held) {
      expect(alertGate({ verdict: 'down', cause, flapping }, names)).toEqual({ mayRaise: false, mayResolve: false, heldBecause: reason });
      expect(alertGate({ verdict: 'up', cause, flapping }, names).mayResolve).toBe(true);
    }
    expect(alertGate({ verdict: 'down', cause: { kind: 'own' }, flapping: false }, names)).toEqual({
      mayRaise: true,
      mayResolve: false,
      heldBecause: null,
    });
    expect(alertGate({ verdict: 'degraded', cause: { kind: 'own' }, flapping: false }, names).mayRaise).toBe(true);
  });
});
