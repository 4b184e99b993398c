import type { Incident } from '../../shared/contract';

/** What incidents need from alerting: the alerts they link, and the supervisor alerts they raise. */
export interface IncidentAlerting {
  alertById(
    id: string,
  ): { id: string; summary: string; severity: string; firstSeenAt: number; siteId: string | null; siteName: string | null } | undefined;
  /** Tells the supervisor through the alerts engine (a breached clock, a skipped step). */
  raise(kind: 'incident-sla-breached' | 'incident-step-skipped', incident: Incident, summary: string): void;
  /** The incident is resolved: its supervisor alerts resolve with it. */
  clear(incident: Incident, reason: string): void;
}
