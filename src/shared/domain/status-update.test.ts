import { describe, expect, it } from 'vitest';
import { STATUS_UPDATE_TEMPLATES } from '../contract/incidents';
import { formatStatusUpdate, STATUS_UPDATE_LABELS, statusUpdateDraft } from './status-update';

const AT = Date.UTC(2026, 10, 23, 14, 30, 0);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const incident = { title: 'Intrusion alarm', priority: 'P0' as const, siteName: 'Harbour Depot' };

describe('status update drafts', () => {
  it('labels every template', () => {
    expect(STATUS_UPDATE_TEMPLATES.map((template) => STATUS_UPDATE_LABELS[template])).toEqual([
      'Initial report',
      'Progress update',
      'Resolved',
    ]);
  });

  it('prefills the facts and leaves bracketed prompts for the rest', () => {
    const initial = statusUpdateDraft('initial', incident);
    expect(initial.whatHappened).toMatch(/^P0 incident: Intrusion alarm at Harbour Depot\. Detected at \[time\]/);
    expect(initial.impact).toMatch(/^\[.+\]$/);
    expect(initial.actions).toMatch(/^\[.+\]$/);
    expect(statusUpdateDraft('progress', incident).whatHappened).toMatch(/^Update on Intrusion alarm at Harbour Depot: \[/);
    expect(statusUpdateDraft('resolved', incident).whatHappened).toMatch(/^Intrusion alarm at Harbour Depot is resolved\./);
  });

  it('leaves the site out when there is none', () => {
    expect(statusUpdateDraft('initial', { ...incident, siteName: null }).whatHappened).toMatch(/^P0 incident: Intrusion alarm\. /);
  });

  it('promises the next update by priority while open, and none once resolved', () => {
    expect(statusUpdateDraft('initial', incident).nextUpdateInMinutes).toBe(15);
    expect(statusUpdateDraft('progress', { ...incident, priority: 'P1' }).nextUpdateInMinutes).toBe(30);
    expect(statusUpdateDraft('progress', { ...incident, priority: 'P2' }).nextUpdateInMinutes).toBe(60);
    expect(statusUpdateDraft('resolved', incident).nextUpdateInMinutes).toBeNull();
  });
});

describe('formatStatusUpdate', () => {
  it('reads as one line: label, what happened, impact, actions, next update', () => {
    const text = formatStatusUpdate(
      {
        template: 'progress',
        whatHappened: 'Patrol on site, fence cut at gate 3',
        impact: 'Yard camera 4 down.',
        actions: 'Police called (AB-123456)',
        nextUpdateAt: AT,
      },
      hhmm,
    );
    expect(text).toBe(
      'Progress update — What happened: Patrol on site, fence cut at gate 3. Impact: Yard camera 4 down. Actions: Police called (AB-123456). Next update by 14:30.',
    );
  });

  it('leaves out empty parts and the next update when none is due, and joins lines', () => {
    const text = formatStatusUpdate(
      { template: 'resolved', whatHappened: 'Gate closed again.\n\nGuard confirmed', impact: '  ', actions: '', nextUpdateAt: null },
      hhmm,
    );
    expect(text).toBe('Resolved — What happened: Gate closed again. Guard confirmed.');
  });
});
