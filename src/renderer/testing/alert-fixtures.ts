import type { Alert, AlertSnapshot } from '../../shared/contract';
import { T0 } from './monitoring-fixtures';

/** A firing alert on a monitor at site s1; override what the test is about. */
export function testAlert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    fingerprint: `fp-${id}`,
    ruleId: 'rule-down',
    ruleName: 'Monitor down',
    subject: `monitor:${id}`,
    subjectName: `Monitor ${id}`,
    siteId: 's1',
    siteName: 'Depot',
    severity: 'high',
    state: 'firing',
    summary: `Monitor ${id} is down`,
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
  };
}

export function testAlertSnapshot(alerts: readonly Alert[], overrides: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return { at: T0, alerts: [...alerts], total: alerts.length, status: 'ok', storms: [], ...overrides };
}
