import { describe, expect, it } from 'vitest';
import { hashWithPage, pageFromHash, viewFromHash } from './view-store';

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
});
