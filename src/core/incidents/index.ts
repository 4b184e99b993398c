/** Incidents: SOP templates and checklists, SLA clocks, ownership, status updates, timelines and reports. */
import type { Notice } from '../../shared/contract';
import type { Capability, CapabilityContext } from '../service';
import { IncidentClockWatch } from './clock-watch';
import { createIncidentHandlers, type IncidentMethods } from './handlers';
import type { IncidentAlerting } from './ports';
import { createSopHandlers, type SopMethods } from './sop-handlers';
import { seedSopTemplates } from './seed';

export type { IncidentAlerting } from './ports';

export interface IncidentsContext extends CapabilityContext {
  alerting: IncidentAlerting;
  /** Where the shipped SOP templates are (resources/sops); null seeds none. */
  sopFolder: string | null;
}

export function createIncidents(context: IncidentsContext): Capability<IncidentMethods | SopMethods> & { notices: Notice[] } {
  const notices: Notice[] =
    context.sopFolder === null ? [] : seedSopTemplates(context.repos, context.sopFolder, context.clock, context.logger);
  const watch = new IncidentClockWatch(context);
  return {
    /** Problems found while seeding templates, for every console to show. */
    notices,
    handlers: { ...createIncidentHandlers(context), ...createSopHandlers(context) },
    start: () => watch.start(),
    stop: () => watch.stop(),
  };
}
export type Incidents = ReturnType<typeof createIncidents>;
