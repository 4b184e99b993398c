/** Incidents: SOP templates and checklists, SLA clocks, ownership, status updates, timelines and reports. */
import type { EventMessage, Notice, Settings } from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';
import { IncidentClockWatch } from './clock-watch';
import { createIncidentHandlers, type IncidentAlerting } from './handlers';
import { seedSopTemplates } from './seed';

export type { IncidentAlerting } from './handlers';

export interface IncidentsOptions {
  repos: Repositories;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  emit: (message: EventMessage) => void;
  alerting: IncidentAlerting;
  settings: () => Settings;
  /** Where the shipped SOP templates are (resources/sops); null seeds none. */
  sopFolder: string | null;
}

export function createIncidents(options: IncidentsOptions) {
  const notices: Notice[] =
    options.sopFolder === null ? [] : seedSopTemplates(options.repos, options.sopFolder, options.clock, options.logger);
  const watch = new IncidentClockWatch(options);
  return {
    /** Problems found while seeding templates, for every console to show. */
    notices,
    handlers: createIncidentHandlers({
      repos: options.repos,
      clock: options.clock,
      alerting: options.alerting,
      emitAttention: (payload) => options.emit({ event: 'incident.attention', payload }),
      consoleName: () => options.settings().consoleName,
      timeZone: () => options.settings().timeZone,
    }),
    start: () => watch.start(),
    stop: () => watch.stop(),
  };
}
export type Incidents = ReturnType<typeof createIncidents>;
