import type { Actor } from '../service';

/** The console watching its own security: each kind has a built-in alert rule (see shared/domain/alert-rules). */
export type SecurityAlertKind =
  | 'security-account-locked'
  | 'security-source-failures'
  | 'security-role-raised'
  | 'security-admin-unusual-hour'
  | 'security-refused-commands';

/** How people raise security alerts: through the alert engine's external conditions, as backups do. */
export interface PeopleAlerting {
  /** `key` names what the alert is about (a username, a source, a user id): one open alert per kind and key. */
  raise(kind: SecurityAlertKind, subject: { key: string; name: string }, summary: string): void;
}

const HOUR_MS = 3_600_000;
export const REFUSED_COMMANDS_PER_HOUR = 3;

/** The hours (local to the console's time zone) when an admin signing in is unusual: 02:00 to 05:59. */
export function isUnusualHour(at: number, zone: 'local' | 'utc'): boolean {
  const hour = zone === 'utc' ? new Date(at).getUTCHours() : new Date(at).getHours();
  return hour >= 2 && hour < 6;
}

/**
 * Commands the permission table refused a signed-in person (their role was not enough), in the last hour (kept in memory: a restart
 * forgets them, which only delays an alert). The third within an hour raises a medium alert.
 */
export class RefusedCommands {
  private readonly byActor = new Map<string, number[]>();

  /** Counts one refusal; true when it is the one that reaches the limit. */
  note(actor: Actor, now: number): boolean {
    // A locked seat refuses every command until someone signs in: that is the lock working, not a person overreaching.
    if (actor.access !== 'signed-in') return false;
    const recent = (this.byActor.get(actor.id) ?? []).filter((at) => at > now - HOUR_MS);
    recent.push(now);
    this.byActor.set(actor.id, recent);
    return recent.length === REFUSED_COMMANDS_PER_HOUR;
  }
}
