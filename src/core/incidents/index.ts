/** Incidents: SOP templates and checklists, SLA clocks, ownership, status updates, timelines and reports. */
import type { Incident, Notice } from '../../shared/contract';
import type { Capability, CapabilityContext } from '../service';
import { IncidentClockWatch } from './clock-watch';
import { createIncidentHandlers, type IncidentMethods } from './handlers';
import { acceptOnHandover } from './handover-port';
import type { IncidentAlerting } from './ports';
import { createSopHandlers, type SopMethods } from './sop-handlers';
import { seedSopTemplates } from './seed';

export type { IncidentAlerting } from './ports';

export interface IncidentsContext extends CapabilityContext {
  alerting: IncidentAlerting;
  /** Where the shipped SOP templates are (resources/sops); null seeds none. */
  sopFolder: string | null;
}

export function createIncidents(context: IncidentsContext): Capability<IncidentMethods | SopMethods> & {
  notices: Notice[];
  handover: { acceptOwnership: (incidentId: string, to: { id: string; displayName: string }, detail: string) => Incident | null };
} {
  const notices: Notice[] =
    context.sopFolder === null ? [] : seedSopTemplates(context.repos, context.sopFolder, context.clock, context.logger);
  const watch = new IncidentClockWatch(context);
  return {
    /** Problems found while seeding templates, for every console to show. */
    notices,
    /** What a shift handover does to an incident the incoming operator accepts (issue 15). */
    handover: { acceptOwnership: (incidentId, to, detail) => acceptOnHandover(context.repos, context.clock, incidentId, to, detail) },
    handlers: { ...createIncidentHandlers(context), ...createSopHandlers(context) },
    start: () => watch.start(),
    stop: () => watch.stop(),
  };
}
export type Incidents = ReturnType<typeof createIncidents>;
