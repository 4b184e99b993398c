import {
  SECURITY_EVENTS_SHOWN,
  type SecurityEvent,
  type SecurityEventType,
  type SecuritySummary,
  type Settings,
  type Severity,
} from '../../shared/contract';
import { severityRank } from '../../shared/domain/severity';
import type { AuditRepository, AuditRow } from '../db';
import { clockTime } from './lockout';
import { isUnusualHour } from './security';

const HOUR_MS = 3_600_000;
/** The newest entries of a period one summary reads at most; a period busier than this is summarized from its newest entries. */
export const SECURITY_SCAN_LIMIT = 50_000;
const TOP_SHOWN = 5;

/** The actions read by name (the time index narrows the period first); commands refused by a permission check are read by their detail. */
export const SECURITY_ACTIONS = [
  'auth.signIn',
  'users.unlock',
  'users.create',
  'users.update',
  'users.resetTotp',
  'auth.totpConfirm',
  'audit.read',
  'sessions.end',
] as const;

const FORBIDDEN = 'forbidden: ';

type Found = Omit<SecurityEvent, 'seq' | 'at' | 'action' | 'person' | 'seat'> & Partial<Pick<SecurityEvent, 'person'>>;

function parsed(json: string | null): Record<string, unknown> {
  if (json === null) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const sitesSaid = (value: unknown): string => (Array.isArray(value) ? value.join(', ') || 'no sites' : 'every site');

interface Judging {
  zone: Settings['timeZone'];
  audit: AuditRepository;
}

/** What one audit entry says about the console's security: none, one or (a sign-in at a new seat at 03:00) two events. */
function eventsOf(row: AuditRow, judging: Judging): Found[] {
  const after = parsed(row.afterJson);
  const before = parsed(row.beforeJson);
  const who = row.actorName ?? row.actor;
  const seat = row.seat ?? 'an unknown seat';
  if (row.action === 'auth.signIn') {
    if (row.result === 'error') {
      // A missing second-factor code is a question, not a failure.
      if (!row.detail?.startsWith(FORBIDDEN)) return [];
      const source = textOf(after.address) ?? textOf(after.seat) ?? row.seat;
      const common = { person: null, source, username: row.target };
      const lockedUntil = typeof after.lockedUntil === 'number' ? after.lockedUntil : null;
      if (lockedUntil !== null)
        return [
          {
            ...common,
            type: 'lockout',
            severity: 'high',
            sentence: `The account "${row.target}" was locked until ${clockTime(lockedUntil, judging.zone)} after five failed sign-ins (the last from ${source ?? seat})`,
          },
        ];
      return [
        {
          ...common,
          type: 'failed-sign-in',
          severity: 'low',
          sentence: `Failed sign-in as "${row.target}" from ${source ?? seat}: ${row.detail.slice(FORBIDDEN.length)}`,
        },
      ];
    }
    const found: Found[] = [];
    const source = textOf(after.address) ?? row.seat;
    if (row.seat !== null && !judging.audit.signedInAtSeatBefore(row.actor, row.seat, row.seq))
      found.push({ type: 'new-seat', severity: 'low', source, username: null, sentence: `${who} signed in at ${seat} for the first time` });
    if (isUnusualHour(row.at, judging.zone))
      found.push({
        type: 'unusual-hour',
        severity: 'low',
        source,
        username: null,
        sentence: `${who} signed in at ${seat} between 02:00 and 05:59`,
      });
    return found;
  }
  if (row.result === 'error') {
    if (!row.detail?.startsWith(FORBIDDEN)) return [];
    return [
      {
        type: 'refused-command',
        severity: 'medium',
        source: row.seat,
        username: null,
        sentence: `${who} at ${seat} was refused ${row.action}: ${row.detail.slice(FORBIDDEN.length)}`,
      },
    ];
  }
  const username = textOf(after.username) ?? textOf(before.username);
  const about = textOf(after.displayName) ?? username ?? row.target;
  const base = { source: row.seat, username };
  switch (row.action) {
    case 'users.unlock':
      return [{ ...base, type: 'unlock', severity: 'info', sentence: `${who} unlocked the account of ${about}` }];
    case 'users.create':
      return [
        {
          ...base,
          type: 'role-change',
          severity: after.role === 'admin' ? 'high' : 'medium',
          sentence: `${who} added ${about} as ${String(after.role)} (${sitesSaid(after.sites)})`,
        },
      ];
    case 'users.update': {
      const found: Found[] = [];
      if (before.role !== after.role)
        found.push({
          ...base,
          type: 'role-change',
          severity: after.role === 'admin' ? 'high' : 'medium',
          sentence: `${who} changed the role of ${about} from ${String(before.role)} to ${String(after.role)}`,
        });
      if (JSON.stringify(before.sites) !== JSON.stringify(after.sites))
        found.push({
          ...base,
          type: 'site-change',
          severity: 'medium',
          sentence: `${who} changed the sites of ${about} from ${sitesSaid(before.sites)} to ${sitesSaid(after.sites)}`,
        });
      return found;
    }
    case 'users.resetTotp':
      return [{ ...base, type: 'two-factor', severity: 'medium', sentence: `${who} removed the authenticator app of ${about}` }];
    case 'auth.totpConfirm':
      return [{ ...base, username: null, type: 'two-factor', severity: 'info', sentence: `${who} turned on two-factor sign-in` }];
    case 'audit.read':
      return [
        {
          ...base,
          type: 'audit-read',
          severity: 'info',
          sentence: `${who} read ${row.target === 'security' ? 'the security events' : 'the audit log'} at ${seat}`,
        },
      ];
    case 'sessions.end': {
      const ended = textOf(before.userDisplayName) ?? row.target;
      return [
        {
          ...base,
          type: 'session-ended',
          severity: 'low',
          sentence: `${who} ended the session of ${ended} at ${textOf(before.seat) ?? 'a seat'}`,
        },
      ];
    }
    default:
      return [];
  }
}

function counted<K>(keys: readonly K[]): { key: K; count: number }[] {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count }));
}

const mostFirst = <K>(counts: { key: K; count: number }[]) => counts.sort((a, b) => b.count - a.count).slice(0, TOP_SHOWN);

/**
 * The Security page: the security events of the last `hours` hours, read from the audit log (the
 * record of truth; nothing is kept twice), newest first, with the period's counts.
 */
export function securitySummary(
  audit: AuditRepository,
  options: { now: number; hours: number; zone: Settings['timeZone'] },
): SecuritySummary {
  const to = options.now;
  const from = to - options.hours * HOUR_MS;
  const rows = audit.securityEntries({ from, to, actions: SECURITY_ACTIONS, limit: SECURITY_SCAN_LIMIT });
  const judging: Judging = { zone: options.zone, audit };
  const events: SecurityEvent[] = rows.flatMap((row) =>
    eventsOf(row, judging).map((found) => ({
      seq: row.seq,
      at: row.at,
      action: row.action,
      person: found.person === undefined ? (row.actorName ?? null) : found.person,
      seat: row.seat,
      type: found.type,
      severity: found.severity,
      source: found.source,
      username: found.username,
      sentence: found.sentence,
    })),
  );
  const failures = events.filter((event) => event.type === 'failed-sign-in' || event.type === 'lockout');
  const firstHour = Math.floor(from / HOUR_MS) * HOUR_MS;
  const perHour = new Map<number, number>();
  for (let hour = firstHour; hour <= to; hour += HOUR_MS) perHour.set(hour, 0);
  for (const failure of failures) {
    const hour = Math.floor(failure.at / HOUR_MS) * HOUR_MS;
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  const byType = counted<SecurityEventType>(events.map((event) => event.type)).sort((a, b) => b.count - a.count);
  const bySeverity = counted<Severity>(events.map((event) => event.severity)).sort((a, b) => severityRank(a.key) - severityRank(b.key));
  return {
    from,
    to,
    events: events.slice(0, SECURITY_EVENTS_SHOWN),
    total: events.length,
    byType,
    bySeverity,
    topFailureSources: mostFirst(counted(failures.map((event) => event.source ?? event.seat ?? 'unknown'))),
    topFailureUsernames: mostFirst(counted(failures.flatMap((event) => event.username ?? []))),
    failuresPerHour: [...perHour].map(([key, count]) => ({ key, count })),
  };
}
