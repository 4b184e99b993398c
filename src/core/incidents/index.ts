/** Incidents: SOP templates and checklists, SLA clocks, ownership, status updates, timelines and reports. */
import type { Notice } from '../../shared/contract';
import type { Capability, CapabilityContext } from '../service';
import { IncidentClockWatch } from './clock-watch';
import { createIncidentHandlers, type IncidentAlerting, type IncidentMethods } from './handlers';
import { seedSopTemplates } from './seed';

export type { IncidentAlerting } from './handlers';

export interface IncidentsContext extends CapabilityContext {
  alerting: IncidentAlerting;
  /** Where the shipped SOP templates are (resources/sops); null seeds none. */
  sopFolder: string | null;
}

export function createIncidents(context: IncidentsContext): Capability<IncidentMethods> & { notices: Notice[] } {
  const notices: Notice[] =
    context.sopFolder === null ? [] : seedSopTemplates(context.repos, context.sopFolder, context.clock, context.logger);
  const watch = new IncidentClockWatch(context);
  return {
    /** Problems found while seeding templates, for every console to show. */
    notices,
    handlers: createIncidentHandlers(context),
    start: () => watch.start(),
    stop: () => watch.stop(),
  };
}
export type Incidents = ReturnType<typeof createIncidents>;
