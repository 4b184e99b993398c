import { describe, expect, it } from 'vitest';
import type { Alert, Incident, IncidentDetail } from '../../shared/contract';
import type { StoredOutboxEntry } from '../replication';
import { overlayAlert, overlayRead } from './pending-overlay';

const T0 = Date.UTC(2026, 10, 23, 14, 0);

const alert = (id: string, overrides: Partial<Alert> = {}): Alert => ({
  id,
  fingerprint: `fp-${id}`,
  ruleId: 'rule-down',
  ruleName: 'Monitor down',
  subject: `monitor:${id}`,
  subjectName: `Gate camera ${id}`,
  siteId: null,
  siteName: null,
  severity: 'high',
  state: 'firing',
  summary: `Gate camera ${id} is down`,
  firstSeenAt: T0 - 60_000,
  lastSeenAt: T0,
  count: 1,
  escalationLevel: 0,
  escalatedAt: null,
  owner: null,
  ownerId: null,
  ownerSeat: null,
  ackBy: null,
  ackAt: null,
  ackReason: null,
  ackNote: null,
  snoozedUntil: null,
  silencedBy: null,
  heldBecause: null,
  flapping: false,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  lastNotification: null,
  ...overrides,
});

const incident: Incident = {
  id: 'i1',
  number: 7,
  title: 'Gate cameras dark',
  priority: 'P1',
  state: 'investigating',
  sop: { slug: 'camera-down', version: 3, name: 'Camera down' },
  siteId: null,
  siteName: null,
  ownerId: null,
  owner: null,
  takeoverRequest: null,
  startedAt: T0 - 600_000,
  createdAt: T0 - 600_000,
  createdBy: 'Anna Berg',
  respondedAt: null,
  respondDueAt: T0 + 600_000,
  resolveDueAt: T0 + 3_600_000,
  respondBreachedAt: null,
  resolveBreachedAt: null,
  resolvedAt: null,
  resolution: null,
  resolveOverride: null,
  lastUpdateAt: null,
  nextUpdateDueAt: null,
  steps: [
    { stepId: 'look', status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null },
    { stepId: 'power', status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null },
  ],
  alerts: [],
  review: { summary: '', impact: '', rootCause: '', lessons: '', actions: [] },
  updatedAt: T0 - 600_000,
};

let position = 0;
function pending(method: string, input: unknown, minutes: number): StoredOutboxEntry {
  position += 1;
  return {
    position,
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    method,
    input,
    personId: 'u-ben',
    personName: 'Ben Night',
    signedInAt: null,
    seat: 'Seat B',
    issuedAt: T0 + minutes * 60_000,
    basedOnSeq: 40,
    state: 'pending',
    error: null,
    refusedAt: null,
  };
}

describe('the pending-sync overlay', () => {
  it('shows an alert acknowledged, claimed or resolved offline as it will be, marked pending, and leaves the others as the hub has them', () => {
    const outbox = [
      pending('alerts.acknowledge', { id: 'a1', reason: 'genuine', note: 'on my way' }, 1),
      pending('alerts.claim', { id: 'a2' }, 2),
      pending('alerts.resolve', { id: 'a3', reason: 'power back' }, 3),
      // Already acknowledged by someone on the hub: the hub will refuse it; shown as the hub has it, but pending.
      pending('alerts.acknowledge', { id: 'a4', reason: 'genuine', note: '' }, 4),
    ];
    expect(overlayAlert(alert('a1'), outbox)).toMatchObject({
      state: 'acknowledged',
      ackBy: 'Ben Night',
      ackAt: T0 + 60_000,
      ackReason: 'genuine',
      ackNote: 'on my way',
      owner: 'Ben Night',
      ownerId: 'u-ben',
      pendingSync: true,
    });
    expect(overlayAlert(alert('a2'), outbox)).toMatchObject({ state: 'firing', owner: 'Ben Night', ownerId: 'u-ben', pendingSync: true });
    expect(overlayAlert(alert('a3'), outbox)).toMatchObject({
      state: 'resolved',
      resolvedBy: 'Ben Night',
      resolvedAt: T0 + 180_000,
      resolution: 'power back',
      pendingSync: true,
    });
    const acknowledgedOnHub = alert('a4', { state: 'acknowledged', ackBy: 'Anna Berg', ackAt: T0, owner: 'Anna Berg', ownerId: 'u-anna' });
    expect(overlayAlert(acknowledgedOnHub, outbox)).toEqual({ ...acknowledgedOnHub, pendingSync: true });
    expect(overlayAlert(alert('a5'), outbox)).toEqual(alert('a5'));
  });

  it('adds notes, status updates and steps done to an incident, each marked pending and sorted in by when it was given', () => {
    const detail: IncidentDetail = {
      incident,
      template: null,
      timeline: [
        { at: T0 - 600_000, kind: 'created', actor: 'Anna Berg', detail: 'Gate cameras dark', stepId: null },
        { at: T0 + 150_000, kind: 'note', actor: 'Anna Berg', detail: 'Called the installer', stepId: null },
      ],
    };
    const outbox = [
      pending('incidents.checkStep', { id: 'i1', stepId: 'look', note: 'Dark on site', answer: 'yes' }, 1),
      pending('incidents.addNote', { id: 'i1', note: 'Breaker tripped' }, 2),
      pending('incidents.postUpdate', { id: 'i1', template: 'progress', whatHappened: 'Power restored to gate 3' }, 4),
      pending('incidents.addNote', { id: 'other', note: 'Not this one' }, 5),
    ];
    const shown = overlayRead('incidents.get', detail, outbox) as IncidentDetail;
    expect(shown.incident).toMatchObject({ pendingSync: true, lastUpdateAt: T0 + 240_000 });
    expect(shown.incident.steps).toEqual([
      {
        stepId: 'look',
        status: 'done',
        by: 'Ben Night',
        at: T0 + 60_000,
        note: 'Dark on site',
        answer: 'yes',
        value: null,
        skipReason: null,
        pendingSync: true,
      },
      incident.steps[1],
    ]);
    expect(shown.timeline.map((entry) => [entry.kind, entry.actor, entry.detail, entry.pendingSync ?? false])).toEqual([
      ['created', 'Anna Berg', 'Gate cameras dark', false],
      ['step-done', 'Ben Night', 'Dark on site', true],
      ['note', 'Ben Night', 'Breaker tripped', true],
      ['note', 'Anna Berg', 'Called the installer', false],
      ['status-update', 'Ben Night', 'Power restored to gate 3', true],
    ]);
    // The hub's answer itself is never changed.
    expect(detail.timeline).toHaveLength(2);
    expect(overlayRead('incidents.get', detail, [])).toBe(detail);
  });
});
