import { describe, expect, it } from 'vitest';
import { hashWithPage, INITIAL_VIEW, pageFromHash, useViewStore, viewFromHash } from './view-store';

describe('the page in the URL fragment', () => {
  it('keeps the access token next to the page', () => {
    expect(hashWithPage('#token=abc123', 'audit')).toBe('#token=abc123&page=audit');
    expect(pageFromHash('#token=abc123&page=audit')).toBe('audit');
  });

  it('falls back to the status board for an unknown or missing page', () => {
    expect(pageFromHash('#page=alarms')).toBe('board');
    expect(pageFromHash('#token=abc123')).toBe('board');
    expect(pageFromHash('')).toBe('board');
  });

  it('reads a bare page name, as typed in an address (/#alerts)', () => {
    expect(pageFromHash('#alerts')).toBe('alerts');
    expect(pageFromHash('#token=abc123&alerts')).toBe('alerts');
    expect(hashWithPage('#token=t&alerts', 'alerts')).toBe('#token=t&page=alerts');
  });

  it("names the monitor on a monitor's page, and drops it elsewhere", () => {
    const hash = hashWithPage('#token=t', 'monitor', 'm1');
    expect(hash).toBe('#token=t&page=monitor&monitor=m1');
    expect(viewFromHash(hash)).toEqual({ page: 'monitor', monitorId: 'm1' });
    expect(hashWithPage(hash, 'board')).toBe('#token=t&page=board');
  });

  it('comes back to the board from a monitor page without a monitor or from the form', () => {
    expect(viewFromHash('#page=monitor')).toEqual({ page: 'board', monitorId: null });
    expect(viewFromHash('#page=monitor-form')).toEqual({ page: 'board', monitorId: null });
  });

  it('reads the incident pages as typed (#incidents, #incident/<id>, #sops)', () => {
    expect(pageFromHash('#incidents')).toBe('incidents');
    expect(pageFromHash('#sops')).toBe('sops');
    expect(viewFromHash('#token=t&incident/inc-7')).toEqual({
      page: 'incident',
      monitorId: null,
      incidentId: 'inc-7',
      incidentCursor: 'inc-7',
    });
  });

  it("names the incident on an incident's page, and comes back to the list without one", () => {
    const hash = hashWithPage('#token=t&incident/inc-7', 'incident', null, 'inc-8');
    expect(hash).toBe('#token=t&page=incident&incident=inc-8');
    expect(viewFromHash(hash)).toEqual({ page: 'incident', monitorId: null, incidentId: 'inc-8', incidentCursor: 'inc-8' });
    expect(hashWithPage(hash, 'incidents', null, 'inc-8')).toBe('#token=t&page=incidents');
    expect(viewFromHash('#incident')).toEqual({ page: 'incidents', monitorId: null });
    expect(viewFromHash('#page=incident')).toEqual({ page: 'incidents', monitorId: null });
  });
});

describe('opening an incident', () => {
  it('shows its page and puts the list cursor on it', () => {
    useViewStore.setState(INITIAL_VIEW);
    useViewStore.getState().showIncident('inc-3');
    const { page, incidentId, incidentCursor } = useViewStore.getState();
    expect({ page, incidentId, incidentCursor }).toEqual({ page: 'incident', incidentId: 'inc-3', incidentCursor: 'inc-3' });
  });
});
