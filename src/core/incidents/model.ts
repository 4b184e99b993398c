import type { Incident, IncidentEvent, SopSummary, SopTemplate } from '../../shared/contract';
import type { IncidentEventRow, IncidentRow, SopTemplateRow } from '../db';

// The JSON columns arrive parsed with the contract's schemas (see db/json-column), so a row an
// older or newer version wrote can never hand a console something malformed.

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    priority: row.priority,
    state: row.state,
    sop:
      row.sopSlug !== null && row.sopVersion !== null
        ? { slug: row.sopSlug, version: row.sopVersion, name: row.sopName ?? row.sopSlug }
        : null,
    siteId: row.siteId,
    siteName: row.siteName,
    ownerId: row.ownerId,
    owner: row.owner,
    takeoverRequest: row.takeoverRequest,
    startedAt: row.startedAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    respondedAt: row.respondedAt,
    respondDueAt: row.respondDueAt,
    resolveDueAt: row.resolveDueAt,
    respondBreachedAt: row.respondBreachedAt,
    resolveBreachedAt: row.resolveBreachedAt,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution,
    resolveOverride: row.resolveOverride,
    lastUpdateAt: row.lastUpdateAt,
    nextUpdateDueAt: row.nextUpdateDueAt,
    steps: row.steps,
    alerts: row.alerts,
    review: row.review,
    updatedAt: row.updatedAt,
  };
}

export function toIncidentRow(incident: Incident): IncidentRow {
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    priority: incident.priority,
    state: incident.state,
    sopSlug: incident.sop?.slug ?? null,
    sopVersion: incident.sop?.version ?? null,
    sopName: incident.sop?.name ?? null,
    siteId: incident.siteId,
    siteName: incident.siteName,
    ownerId: incident.ownerId,
    owner: incident.owner,
    takeoverRequest: incident.takeoverRequest,
    startedAt: incident.startedAt,
    createdAt: incident.createdAt,
    createdBy: incident.createdBy,
    respondedAt: incident.respondedAt,
    respondDueAt: incident.respondDueAt,
    resolveDueAt: incident.resolveDueAt,
    respondBreachedAt: incident.respondBreachedAt,
    resolveBreachedAt: incident.resolveBreachedAt,
    resolvedAt: incident.resolvedAt,
    resolution: incident.resolution,
    resolveOverride: incident.resolveOverride,
    lastUpdateAt: incident.lastUpdateAt,
    nextUpdateDueAt: incident.nextUpdateDueAt,
    steps: incident.steps,
    alerts: incident.alerts,
    review: incident.review,
    updatedAt: incident.updatedAt,
  };
}

export function toSopTemplate(row: SopTemplateRow): SopTemplate {
  return {
    slug: row.slug,
    version: row.version,
    name: row.name,
    description: row.description,
    steps: row.steps,
    source: row.source,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

export function toSopSummary(row: SopTemplateRow): SopSummary {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    version: row.version,
    steps: row.steps.length,
    updatedAt: row.createdAt,
  };
}

export function toIncidentEvent(row: IncidentEventRow): IncidentEvent {
  return { at: row.at, kind: row.kind, actor: row.actor, detail: row.detail, stepId: row.stepId };
}

/** "INC-12" */
export const incidentLabel = (incident: Pick<Incident, 'number'>) => `INC-${incident.number}`;
