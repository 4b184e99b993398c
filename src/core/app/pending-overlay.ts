import type { Alert, AlertDetail, AlertSnapshot, Incident, IncidentDetail, IncidentEvent, MethodName } from '../../shared/contract';
import type { StoredOutboxEntry } from '../replication';

/**
 * The pending-sync overlay: what a console reads from its replica, with the commands still in its
 * outbox applied on top, in the order they were made (in the manner of Replicache's rebase). The
 * replica's rows stay exactly the hub's: ids made here would collide with the hub's, and the
 * hub may still refuse. Every item a pending command touched carries `pendingSync: true`.
 */

/** Reads the overlay changes, and the commands it can show before the hub applied them. */
export const OVERLAID_READS: ReadonlySet<MethodName> = new Set<MethodName>([
  'alerts.snapshot',
  'alerts.get',
  'incidents.list',
  'incidents.get',
]);
const ALERT_COMMANDS: ReadonlySet<string> = new Set(['alerts.acknowledge', 'alerts.claim', 'alerts.resolve']);
const INCIDENT_COMMANDS: ReadonlySet<string> = new Set(['incidents.checkStep', 'incidents.addNote', 'incidents.postUpdate']);

/** The read that shows what a pending command changed, for its answer: the alert or incident it names. */
export function readAfter(method: string, input: unknown): { method: 'alerts.get' | 'incidents.get'; id: string } | null {
  const id = targetOf(input);
  if (id === null) return null;
  if (ALERT_COMMANDS.has(method)) return { method: 'alerts.get', id };
  if (INCIDENT_COMMANDS.has(method)) return { method: 'incidents.get', id };
  return null;
}

function targetOf(input: unknown): string | null {
  return typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string' ? input.id : null;
}

const field = (input: unknown, name: string): unknown =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
const textOf = (input: unknown, name: string): string => {
  const value = field(input, name);
  return typeof value === 'string' ? value : '';
};

function aboutThis(pending: readonly StoredOutboxEntry[], id: string, commands: ReadonlySet<string>): StoredOutboxEntry[] {
  return pending.filter((entry) => commands.has(entry.method) && targetOf(entry.input) === id);
}

export function overlayAlert(alert: Alert, pending: readonly StoredOutboxEntry[]): Alert {
  const mine = aboutThis(pending, alert.id, ALERT_COMMANDS);
  if (mine.length === 0) return alert;
  let shown: Alert = { ...alert, pendingSync: true };
  for (const entry of mine) {
    const owned = { owner: shown.owner ?? entry.personName, ownerId: shown.ownerId ?? entry.personId };
    if (entry.method === 'alerts.acknowledge' && shown.state === 'firing') {
      const reason = field(entry.input, 'reason') as Alert['ackReason'];
      shown = {
        ...shown,
        ...owned,
        state: 'acknowledged',
        ackBy: entry.personName,
        ackAt: entry.issuedAt,
        ackReason: reason,
        ackNote: textOf(entry.input, 'note'),
      };
    } else if (entry.method === 'alerts.claim' && shown.state !== 'resolved') {
      shown = { ...shown, owner: entry.personName, ownerId: entry.personId };
    } else if (entry.method === 'alerts.resolve' && shown.state !== 'resolved') {
      shown = {
        ...shown,
        state: 'resolved',
        resolvedAt: entry.issuedAt,
        resolvedBy: entry.personName,
        resolution: textOf(entry.input, 'reason'),
      };
    }
  }
  return shown;
}

export function overlayIncident(incident: Incident, pending: readonly StoredOutboxEntry[]): Incident {
  const mine = aboutThis(pending, incident.id, INCIDENT_COMMANDS);
  if (mine.length === 0) return incident;
  let shown: Incident = { ...incident, pendingSync: true };
  for (const entry of mine) {
    if (entry.method === 'incidents.checkStep') {
      const stepId = textOf(entry.input, 'stepId');
      const answer = field(entry.input, 'answer');
      const value = field(entry.input, 'value');
      shown = {
        ...shown,
        steps: shown.steps.map((step) =>
          step.stepId === stepId && step.status === 'open'
            ? {
                ...step,
                status: 'done',
                by: entry.personName,
                at: entry.issuedAt,
                note: textOf(entry.input, 'note'),
                answer: answer === 'yes' || answer === 'no' ? answer : null,
                value: typeof value === 'string' ? value : null,
                pendingSync: true,
              }
            : step,
        ),
      };
    } else if (entry.method === 'incidents.postUpdate') {
      shown = { ...shown, lastUpdateAt: entry.issuedAt };
    }
  }
  return shown;
}

/** The timeline entries pending commands add: notes, status updates and steps done, each marked pending sync. */
function pendingTimeline(incidentId: string, pending: readonly StoredOutboxEntry[]): IncidentEvent[] {
  return aboutThis(pending, incidentId, INCIDENT_COMMANDS).map((entry): IncidentEvent => {
    const base = { at: entry.issuedAt, actor: entry.personName, pendingSync: true as const };
    if (entry.method === 'incidents.checkStep')
      return { ...base, kind: 'step-done', detail: textOf(entry.input, 'note'), stepId: textOf(entry.input, 'stepId') };
    if (entry.method === 'incidents.postUpdate')
      return { ...base, kind: 'status-update', detail: textOf(entry.input, 'whatHappened'), stepId: null };
    return { ...base, kind: 'note', detail: textOf(entry.input, 'note'), stepId: null };
  });
}

/** A read's answer with the pending commands on top; reads the overlay does not touch pass as they are. */
export function overlayRead(method: MethodName, value: unknown, pending: readonly StoredOutboxEntry[]): unknown {
  if (pending.length === 0) return value;
  switch (method) {
    case 'alerts.snapshot': {
      const snapshot = value as AlertSnapshot;
      return { ...snapshot, alerts: snapshot.alerts.map((alert) => overlayAlert(alert, pending)) };
    }
    case 'alerts.get': {
      const detail = value as AlertDetail;
      return { ...detail, alert: overlayAlert(detail.alert, pending) };
    }
    case 'incidents.list':
      return (value as Incident[]).map((incident) => overlayIncident(incident, pending));
    case 'incidents.get': {
      const detail = value as IncidentDetail;
      const added = pendingTimeline(detail.incident.id, pending);
      // Issued offline, they sort in by when they were given; the hub's entries keep their order.
      const timeline = added.length === 0 ? detail.timeline : [...detail.timeline, ...added].sort((x, y) => x.at - y.at);
      return { ...detail, incident: overlayIncident(detail.incident, pending), timeline };
    }
    default:
      return value;
  }
}
