import type { Incident, SopSummary } from '../../shared/contract';
import { dueTimes } from '../../shared/domain/incident-sla';

const MINUTE = 60_000;

/** An open incident started `startedMinutesAgo` before the real clock (the list's clocks count against it); override what the test is about. */
export function listIncident(id: string, number: number, overrides: Partial<Incident> = {}, startedMinutesAgo = 10): Incident {
  const startedAt = Date.now() - startedMinutesAgo * MINUTE;
  const priority = overrides.priority ?? 'P2';
  return {
    id,
    number,
    title: `Incident ${number}`,
    priority,
    state: 'investigating',
    sop: null,
    siteId: 's1',
    siteName: 'Depot',
    ownerId: null,
    owner: null,
    takeoverRequest: null,
    startedAt,
    createdAt: startedAt,
    createdBy: 'maria',
    respondedAt: null,
    ...dueTimes(priority, startedAt),
    respondBreachedAt: null,
    resolveBreachedAt: null,
    resolvedAt: null,
    resolution: null,
    resolveOverride: null,
    lastUpdateAt: null,
    nextUpdateDueAt: null,
    steps: [],
    alerts: [],
    review: { summary: '', impact: '', rootCause: '', lessons: '', actions: [] },
    updatedAt: startedAt,
    ...overrides,
  };
}

export const SOP_SUMMARIES: SopSummary[] = [
  { slug: 'camera-down', name: 'Camera or recorder down', description: '', version: 3, steps: 6, updatedAt: Date.UTC(2026, 10, 20) },
  { slug: 'intrusion-alarm', name: 'Intrusion alarm', description: '', version: 1, steps: 9, updatedAt: Date.UTC(2026, 10, 21) },
];
