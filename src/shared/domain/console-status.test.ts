import { describe, expect, it } from 'vitest';
import type { Alert } from '../contract/alerts';
import { consoleStatus, consoleStatusLabel } from './console-status';

type StatusAlert = Pick<Alert, 'state' | 'severity' | 'silencedBy'>;

const alert = (severity: Alert['severity'], state: Alert['state'] = 'firing', silenced = false): StatusAlert => ({
  severity,
  state,
  silencedBy: silenced ? { id: 'window-1', kind: 'maintenance', comment: 'Replacing the gate switch' } : null,
});

describe('consoleStatus', () => {
  it('is all clear with no alerts, or only low and info ones', () => {
    expect(consoleStatus([])).toBe('ok');
    expect(consoleStatus([alert('low'), alert('info'), alert('low')])).toBe('ok');
  });

  it('is critical while a critical alert is unacknowledged', () => {
    expect(consoleStatus([alert('low'), alert('critical')])).toBe('critical');
  });

  it('drops to warning once the critical alert is acknowledged: handled, but not all clear', () => {
    expect(consoleStatus([alert('critical', 'acknowledged')])).toBe('warning');
  });

  it('warns for any open high alert, acknowledged or not', () => {
    expect(consoleStatus([alert('high')])).toBe('warning');
    expect(consoleStatus([alert('high', 'acknowledged')])).toBe('warning');
  });

  it('warns for more than two medium alerts, not for two', () => {
    expect(consoleStatus([alert('medium'), alert('medium')])).toBe('ok');
    expect(consoleStatus([alert('medium'), alert('medium', 'acknowledged'), alert('medium')])).toBe('warning');
  });

  it('ignores resolved alerts', () => {
    expect(
      consoleStatus([
        alert('critical', 'resolved'),
        alert('high', 'resolved'),
        alert('medium', 'resolved'),
        alert('medium', 'resolved'),
        alert('medium', 'resolved'),
      ]),
    ).toBe('ok');
  });

  it('ignores silenced alerts: a maintenance window must not turn the console red', () => {
    expect(consoleStatus([alert('critical', 'firing', true), alert('high', 'firing', true)])).toBe('ok');
    expect(consoleStatus([alert('medium'), alert('medium'), alert('medium', 'firing', true)])).toBe('ok');
  });
});

describe('consoleStatusLabel', () => {
  it('names each status for the header', () => {
    expect(consoleStatusLabel('ok')).toBe('All clear');
    expect(consoleStatusLabel('warning')).toBe('Warning');
    expect(consoleStatusLabel('critical')).toBe('Critical');
  });
});
