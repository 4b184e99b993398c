import type { EventMessage } from '../../shared/contract';
import type { SessionRow, UserRow } from '../db';
import type { CapabilityContext } from '../service';
import { newId, newSessionToken, SESSION_RULES, type EndReason } from './model';
import { hashPassword, type PasswordParameters } from './passwords';
import type { PeopleAlerting } from './security';
import type { SteadyClock } from './steady-clock';

/** What every people handler is built from. */
export interface PeopleDeps extends CapabilityContext {
  alerting: PeopleAlerting;
  /** The time sessions and lockouts are judged by: a clock set back changes nothing. */
  steady: SteadyClock;
  passwordParameters: PasswordParameters;
  /** Verified against when the username is unknown, so an unknown name costs the same time as a wrong password. */
  dummyHash(): Promise<string>;
}

export function changed(sessionId: string, reason: 'started' | 'locked' | 'unlocked' | 'ended'): EventMessage {
  return { event: 'auth.changed', payload: { sessionId, reason } };
}

/** Ends an open session; the event tells its transport to drop its sockets. */
export function endSession(deps: PeopleDeps, row: SessionRow, reason: EndReason, now: number): EventMessage {
  deps.repos.people.updateSession(row.id, { endedAt: now, endReason: reason });
  return changed(row.id, 'ended');
}

export function endSessionsOf(deps: PeopleDeps, userId: string, reason: EndReason, now: number, keep?: string): EventMessage[] {
  return deps.repos.people
    .listOpenSessions(userId)
    .filter((row) => row.id !== keep)
    .map((row) => endSession(deps, row, reason, now));
}

/**
 * Starts a session for a person at a seat. At most five per person: the oldest ends. The token goes
 * to the connection once the transaction commits; only its hash is stored.
 */
export function startSession(
  deps: PeopleDeps,
  user: UserRow,
  seat: string,
  address: string | null,
  now: number,
): { row: SessionRow; token: string; events: EventMessage[] } {
  const events: EventMessage[] = [];
  const open = deps.repos.people.listOpenSessions(user.id).filter((row) => row.kind === 'person');
  for (const row of open.slice(0, Math.max(0, open.length - (SESSION_RULES.maxPerUser - 1))))
    events.push(endSession(deps, row, 'capped', now));
  const { token, tokenHash } = newSessionToken();
  const row: SessionRow = {
    id: newId(),
    tokenHash,
    userId: user.id,
    kind: 'person',
    seat,
    address,
    startedAt: now,
    lastActiveAt: now,
    expiresAt: now + SESSION_RULES.lifetimeMs,
    locked: false,
    endedAt: null,
    endReason: null,
  };
  deps.repos.people.insertSession(row);
  events.push(changed(row.id, 'started'));
  return { row, token, events };
}

/** A new user row with a hashed password (hashed before the transaction, off the event loop). */
export function newUserRow(
  input: { username: string; displayName: string; role: UserRow['role']; sites: string[] | null },
  passwordHash: string,
  now: number,
): UserRow {
  return {
    id: newId(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    sites: input.sites,
    active: true,
    passwordHash,
    totpSecret: null,
    totpPendingSecret: null,
    totpLastStep: null,
    lastSignInAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export const hashWith = (deps: PeopleDeps, password: string): Promise<string> => hashPassword(password, deps.passwordParameters);
