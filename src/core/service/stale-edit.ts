import { WatchroomError, type ConfigVersion } from '../../shared/contract';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import type { ConsoleIdentity } from './capability';

/** What is stored now of a versioned piece of configuration (a monitor, an alert rule). */
export interface StoredVersion {
  name: string;
  version: number;
  updatedAt: number;
  fields: ConfigVersion['fields'];
}

/**
 * Refuses an edit based on an older version (0: made as a new one) than the stored one (someone else saved in between,
 * or the edit waited in an outbox): a conflict carrying the refused edit and what is stored now,
 * which the edit dialog shows side by side. Checked in the command's transaction, so two edits
 * based on the same version cannot both pass.
 */
export function refuseStaleEdit(
  basedOnVersion: number,
  mine: ConfigVersion['fields'],
  stored: StoredVersion,
  when: { now: number; identity: Pick<ConsoleIdentity, 'timeZone'> },
): void {
  if (basedOnVersion === stored.version) return;
  const at = conflictTimeFormatter(when.identity.timeZone(), when.now)(stored.updatedAt);
  throw new WatchroomError(
    'conflict',
    `"${stored.name}" was changed at ${at} after you opened it (${basedOnVersion === 0 ? 'yours is new' : `your edit is based on version ${basedOnVersion}`}; it is at version ${stored.version} now): compare them, then keep yours or take theirs`,
    undefined,
    { basedOn: { version: basedOnVersion, fields: mine }, current: { version: stored.version, fields: stored.fields } },
  );
}

/** A configuration value as a person reads it beside its label: lists joined, nested settings as "key: value". */
export function shownValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map(shownValue).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? 'None' : entries.map(([key, inner]) => `${key}: ${shownValue(inner)}`).join('; ');
  }
  return String(value);
}
