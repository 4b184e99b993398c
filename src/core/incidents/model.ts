import { z } from 'zod';
import {
  IncidentReview,
  LinkedAlert,
  SopStep,
  StepRecord,
  TakeoverRequest,
  type Incident,
  type IncidentEvent,
  type IncidentState,
  type Priority,
  type SopSummary,
  type SopTemplate,
} from '../../shared/contract';
import type { IncidentEventRow, IncidentRow, SopTemplateRow } from '../db';

// The JSON columns are written only from validated values; reading them through the contract
// means a row an older or newer version wrote can never hand a console something malformed.
const Steps = z.array(StepRecord);
const Links = z.array(LinkedAlert);
const TemplateSteps = z.array(SopStep);

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    priority: row.priority as Priority,
    state: row.state as IncidentState,
    sop:
      row.sopSlug !== null && row.sopVersion !== null
        ? { slug: row.sopSlug, version: row.sopVersion, name: row.sopName ?? row.sopSlug }
        : null,
    siteId: row.siteId,
    siteName: row.siteName,
    ownerId: row.ownerId,
    owner: row.owner,
    takeoverRequest: row.takeoverJson === null ? null : TakeoverRequest.parse(JSON.parse(row.takeoverJson)),
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
    steps: Steps.parse(JSON.parse(row.stepsJson)),
    alerts: Links.parse(JSON.parse(row.alertsJson)),
    review: IncidentReview.parse(JSON.parse(row.reviewJson)),
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
    takeoverJson: incident.takeoverRequest === null ? null : JSON.stringify(incident.takeoverRequest),
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
    stepsJson: JSON.stringify(incident.steps),
    alertsJson: JSON.stringify(incident.alerts),
    reviewJson: JSON.stringify(incident.review),
    updatedAt: incident.updatedAt,
  };
}

export function toSopTemplate(row: SopTemplateRow): SopTemplate {
  return {
    slug: row.slug,
    version: row.version,
    name: row.name,
    description: row.description,
    steps: TemplateSteps.parse(JSON.parse(row.stepsJson)),
    source: row.source === 'file' ? 'file' : 'console',
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
    steps: TemplateSteps.parse(JSON.parse(row.stepsJson)).length,
    updatedAt: row.createdAt,
  };
}

export function toIncidentEvent(row: IncidentEventRow): IncidentEvent {
  return { at: row.at, kind: row.kind as IncidentEvent['kind'], actor: row.actor, detail: row.detail, stepId: row.stepId };
}

/** "INC-12" */
export const incidentLabel = (incident: Pick<Incident, 'number'>) => `INC-${incident.number}`;
