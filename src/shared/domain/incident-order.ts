import { PRIORITIES, type Incident } from '../contract/incidents';

/**
 * Most urgent first: open incidents by priority, then by how soon a response is due; resolved ones
 * after them, the latest resolved first. Sorted here too, so the order never depends on how core
 * happened to send the list.
 */
export function byUrgency(a: Incident, b: Incident): number {
  const aResolved = a.state === 'resolved';
  const bResolved = b.state === 'resolved';
  if (aResolved !== bResolved) return aResolved ? 1 : -1;
  if (aResolved) return (b.resolvedAt ?? b.updatedAt) - (a.resolvedAt ?? a.updatedAt);
  return PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || a.respondDueAt - b.respondDueAt || a.number - b.number;
}
