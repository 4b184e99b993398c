import { describe, expect, it } from 'vitest';
import { describeScope, scopeCovers, type ScopeSubject } from './alert-scope';

/** The gate camera at Depot, behind the Depot switch, behind the uplink at HQ. */
const gateCamera: ScopeSubject = {
  monitorId: 'gate-camera',
  siteId: 'depot',
  tags: ['CCTV'],
  siteTags: ['night-shift'],
  ancestors: [
    { monitorId: 'depot-switch', siteId: 'depot', tags: ['network'] },
    { monitorId: 'uplink', siteId: 'hq', tags: ['wan'] },
  ],
};

describe('scopeCovers', () => {
  it('covers every monitor with the "all" scope', () => {
    expect(scopeCovers({ kind: 'all' }, gateCamera)).toBe(true);
  });

  it('covers a monitor and everything behind it', () => {
    expect(scopeCovers({ kind: 'monitor', monitorId: 'gate-camera' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'monitor', monitorId: 'depot-switch' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'monitor', monitorId: 'uplink' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'monitor', monitorId: 'lobby-camera' }, gateCamera)).toBe(false);
  });

  it('covers a site’s monitors and the monitors behind them, even at another site', () => {
    expect(scopeCovers({ kind: 'site', siteId: 'depot' }, gateCamera)).toBe(true);
    // Maintenance on the HQ uplink's site silences the depot camera that only HQ's uplink reaches.
    expect(scopeCovers({ kind: 'site', siteId: 'hq' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'site', siteId: 'harbour' }, gateCamera)).toBe(false);
  });

  it('matches a tag on the monitor, its site or a monitor above it, in any letter case', () => {
    expect(scopeCovers({ kind: 'tag', tag: 'cctv' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'tag', tag: 'Night-Shift' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'tag', tag: 'WAN' }, gateCamera)).toBe(true);
    expect(scopeCovers({ kind: 'tag', tag: 'access-control' }, gateCamera)).toBe(false);
  });

  it('does not cover a parent because its child is in scope', () => {
    const uplink: ScopeSubject = { monitorId: 'uplink', siteId: 'hq', tags: ['wan'], siteTags: [], ancestors: [] };
    expect(scopeCovers({ kind: 'monitor', monitorId: 'gate-camera' }, uplink)).toBe(false);
    expect(scopeCovers({ kind: 'site', siteId: 'depot' }, uplink)).toBe(false);
    expect(scopeCovers({ kind: 'tag', tag: 'cctv' }, uplink)).toBe(false);
  });
});

describe('describeScope', () => {
  const names = {
    site: (id: string) => (id === 'depot' ? 'Depot' : id),
    monitor: (id: string) => (id === 'gate-camera' ? 'Gate camera' : id),
  };

  it('says in words what a scope covers', () => {
    expect(describeScope({ kind: 'all' }, names)).toBe('every monitor');
    expect(describeScope({ kind: 'site', siteId: 'depot' }, names)).toBe('site Depot and everything in it');
    expect(describeScope({ kind: 'monitor', monitorId: 'gate-camera' }, names)).toBe('monitor Gate camera and the monitors behind it');
    expect(describeScope({ kind: 'tag', tag: 'cctv' }, names)).toBe('tag cctv');
  });
});
