import type { Alert, BackupJob, BackupRecord, Incident, MonitorStatus, Silence, SopTemplate } from '../../shared/contract';

/**
 * The live state a handover is built from, read at the moment it is built. The composition root
 * answers it from the other capabilities; each answer is already what a console could read.
 */
export interface HandoverSources {
  /** Open incidents, each with the SOP template version it follows. */
  openIncidents(): { incident: Incident; template: SopTemplate | null }[];
  /** Alerts not resolved. */
  openAlerts(): Alert[];
  silences(): Silence[];
  /** Every backup job with its newest backup. */
  backups(): { job: BackupJob; newest: BackupRecord | null }[];
  monitors(): { id: string; name: string; siteName: string; status: MonitorStatus; since: number }[];
  /** The console's own health problems now, in words ("The database answers in 240 ms"). */
  healthProblems(): string[];
}

/** What accepting an incident at a handover does to it: it becomes the incoming operator's. */
export interface HandoverIncidents {
  /**
   * Makes `to` the owner with their consent on the incident's timeline, in the command's
   * transaction. The incident as it is now, or null when it is gone or resolved.
   */
  acceptOwnership(incidentId: string, to: { id: string; displayName: string }, detail: string): Incident | null;
}

/** The supervisor's alert for a handover not accepted in time, in the one alert queue. */
export interface HandoverAlerting {
  raise(boundaryAt: number, name: string, summary: string): void;
  clear(boundaryAt: number, name: string, reason: string): void;
}
