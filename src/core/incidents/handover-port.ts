import type { Incident } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import { toIncident, toIncidentRow } from './model';

/**
 * An incident accepted at a shift handover becomes the incoming operator's, their consent on its
 * timeline (`handed-over`, in their name). Runs in the handover command's transaction, so the
 * handover's acceptance and the new owner land together; null when the incident is gone or resolved.
 */
export function acceptOnHandover(
  repos: Repositories,
  clock: Clock,
  incidentId: string,
  to: { id: string; displayName: string },
  detail: string,
): Incident | null {
  const row = repos.incidents.getIncident(incidentId);
  if (!row) return null;
  const before = toIncident(row);
  if (before.state === 'resolved') return null;
  const now = clock.now();
  const after: Incident = {
    ...before,
    ownerId: to.id,
    owner: to.displayName,
    takeoverRequest: null,
    respondedAt: before.respondedAt ?? now,
    updatedAt: now,
  };
  repos.incidents.saveIncident(toIncidentRow(after));
  repos.incidents.appendIncidentEvent({ incidentId, at: now, kind: 'handed-over', actor: to.displayName, detail, stepId: null });
  return after;
}
